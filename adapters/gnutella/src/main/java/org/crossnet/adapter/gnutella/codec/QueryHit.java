package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * QUERY HIT: {@code <count 1><port 2, LE><IPv4 4><speed 4, LE><result>{count}[<trailer>]<servent GUID 16>}, routed
 * back by the query's GUID. A result is {@code <index 4, LE><size 4, LE><name, NUL-terminated><extension area,
 * NUL-terminated>}; the trailer (EQHD) is {@code <vendor 4><open data size 1><open data><private data>}, the private
 * data running up to the servent GUID.
 *
 * @param speed   the responder's speed in kb/s, unsigned 32-bit
 * @param trailer null when the hit has none (legacy servents)
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.9</a>
 */
public record QueryHit(int port, Inet4Address address, long speed, List<Result> results, Trailer trailer,
                       Guid servent) implements Payload {
    /**
     * One file.
     *
     * @param index file index, unsigned 32-bit (for {@code /get/<index>/<name>})
     * @param size  size, unsigned 32-bit; 0xFFFFFFFF with GGEP "LF" for files of 4 GiB and more
     */
    public record Result(long index, long size, WireText name, Extensions extensions) {
        public Result {
            if (index < 0 || index > 0xFFFFFFFFL || size < 0 || size > 0xFFFFFFFFL) {
                throw new GnutellaCodecException("hit.result.index/size", index + "/" + size,
                        "unsigned 32-bit values");
            }
            if (name == null) {
                throw new GnutellaCodecException("hit.result.name", "null", "text");
            }
            extensions = extensions == null ? Extensions.EMPTY : extensions;
            for (Extensions.Item item : extensions.items()) {
                ByteBuf probe = Unpooled.buffer();
                try {
                    item.write(probe);
                    if (probe.indexOf(probe.readerIndex(), probe.writerIndex(), (byte) 0) >= 0) {
                        throw new GnutellaCodecException("hit.result.extensions", "a NUL inside " + item,
                                "no NUL (COBS-encode GGEP data)");
                    }
                } finally {
                    probe.release();
                }
            }
            for (int s : extensions.separators()) {
                if (s == 0) {
                    throw new GnutellaCodecException("hit.result.extensions", "a NUL separator", "0x1c separators");
                }
            }
        }

        /** The real size: GGEP "LF" (a big-endian integer of 1..8 bytes) when present, else the size field. */
        public long fileSize() {
            Optional<GgepExtension> lf = extensions.ggep().get("LF");
            if (lf.isPresent()) {
                byte[] v = lf.get().value();
                if (v.length >= 1 && v.length <= 8) {
                    long n = 0;
                    for (byte b : v) {
                        n = (n << 8) | (b & 0xFF);
                    }
                    if (n >= 0) {
                        return n;
                    }
                }
            }
            return size;
        }

        /** The SHA-1 from a HUGE URN or GGEP "H" (type 1: SHA-1; type 2: SHA-1 + TTH). */
        public Optional<Sha1> sha1() {
            for (Extensions.Urn urn : extensions.urns()) {
                Optional<Sha1> s = urn.sha1();
                if (s.isPresent()) {
                    return s;
                }
            }
            byte[] h = ggepH();
            if (h != null && h.length >= 21 && (h[0] == 1 || h[0] == 2)) {
                return Optional.of(new Sha1(Bytes.of(java.util.Arrays.copyOfRange(h, 1, 21))));
            }
            return Optional.empty();
        }

        /** The Tiger tree root from GGEP "H" type 2, GGEP "TT", or a bitprint / tree URN. */
        public Optional<TigerTreeRoot> tth() {
            byte[] h = ggepH();
            if (h != null && h.length == 45 && h[0] == 2) {
                return Optional.of(new TigerTreeRoot(Bytes.of(java.util.Arrays.copyOfRange(h, 21, 45))));
            }
            Optional<GgepExtension> tt = extensions.ggep().get("TT");
            if (tt.isPresent()) {
                byte[] v = tt.get().value();
                if (v.length == TigerTreeRoot.LENGTH) {
                    return Optional.of(new TigerTreeRoot(Bytes.of(v)));
                }
            }
            for (Extensions.Urn urn : extensions.urns()) {
                Optional<TigerTreeRoot> t = urn.tth();
                if (t.isPresent()) {
                    return t;
                }
            }
            return Optional.empty();
        }

        private byte[] ggepH() {
            Optional<GgepExtension> h = extensions.ggep().get("H");
            if (h.isEmpty()) {
                return null;
            }
            try {
                return h.get().value();
            } catch (GnutellaCodecException malformed) {
                return null;
            }
        }
    }

    /**
     * The extended query hit descriptor. Open data of two bytes: the first holds the push flag (bit 0) and says
     * which other flags are meaningful; the second says whether the push flag is meaningful and holds the other
     * flags' values (the BearShare convention).
     */
    public record Trailer(VendorCode vendor, Bytes openData, Bytes privateData) {
        public static final int PUSH = 0x01;
        public static final int BUSY = 0x04;
        public static final int UPLOADED = 0x08;
        public static final int MEASURED_SPEED = 0x10;
        public static final int GGEP = 0x20;

        public Trailer {
            if (vendor == null || openData == null || privateData == null) {
                throw new GnutellaCodecException("hit.trailer", "null", "vendor, open and private data");
            }
            if (openData.length() > 0xFF) {
                throw new GnutellaCodecException("hit.trailer.openData", openData.length(), "0..255 bytes");
            }
        }

        /** Our two-byte open data: push, busy, uploaded, measured speed and GGEP given, all meaningful. */
        public static Bytes openData(boolean push, boolean busy, boolean ggep) {
            int mask = BUSY | UPLOADED | MEASURED_SPEED | GGEP;
            int values = PUSH | (busy ? BUSY : 0) | (ggep ? GGEP : 0);
            return Bytes.of(new byte[] {(byte) (mask | (push ? PUSH : 0)), (byte) values});
        }

        /** Whether the responder asks to be reached by PUSH (firewalled); false when not stated. */
        public boolean push() {
            return openData.length() >= 2 && (openData.get(1) & PUSH) != 0 && (openData.get(0) & PUSH) != 0;
        }

        /** Whether the responder has no free upload slot; false when not stated. */
        public boolean busy() {
            return flag(BUSY);
        }

        /** Whether the private data holds a GGEP block. */
        public boolean ggepInPrivateData() {
            return flag(GGEP);
        }

        private boolean flag(int bit) {
            return openData.length() >= 2 && (openData.get(0) & bit) != 0 && (openData.get(1) & bit) != 0;
        }

        /** The GGEP block in the private data (found by its magic byte), or empty. */
        public Ggep privateGgep() {
            byte[] raw = privateData.toArray();
            for (int i = 0; i < raw.length; i++) {
                if ((raw[i] & 0xFF) == Ggep.MAGIC) {
                    ByteBuf in = Unpooled.wrappedBuffer(raw, i, raw.length - i);
                    try {
                        return Ggep.read(in);
                    } catch (GnutellaCodecException notGgep) {
                        return Ggep.EMPTY;
                    }
                }
            }
            return Ggep.EMPTY;
        }
    }

    public QueryHit {
        if (port < 0 || port > 0xFFFF) {
            throw new GnutellaCodecException("hit.port", port, "0..65535");
        }
        if (address == null || servent == null) {
            throw new GnutellaCodecException("hit.address/servent", "null", "both present");
        }
        if (speed < 0 || speed > 0xFFFFFFFFL) {
            throw new GnutellaCodecException("hit.speed", speed, "an unsigned 32-bit value");
        }
        if (results == null || results.isEmpty() || results.size() > 0xFF) {
            throw new GnutellaCodecException("hit.count", results == null ? "null" : results.size(), "1..255");
        }
        results = List.copyOf(results);
    }

    @Override
    public int type() {
        return GnutellaWire.QUERY_HIT;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(results.size());
        out.writeShortLE(port);
        GnutellaWire.writeIpv4(out, address);
        out.writeIntLE((int) speed);
        for (Result r : results) {
            out.writeIntLE((int) r.index());
            out.writeIntLE((int) r.size());
            out.writeBytes(r.name().bytes().toArray());
            out.writeByte(0);
            r.extensions().write(out);
            out.writeByte(0);
        }
        if (trailer != null) {
            out.writeInt(trailer.vendor().value());
            out.writeByte(trailer.openData().length());
            out.writeBytes(trailer.openData().toArray());
            out.writeBytes(trailer.privateData().toArray());
        }
        servent.write(out);
    }

    /** Decodes the whole readable payload. */
    public static QueryHit read(ByteBuf in) {
        GnutellaWire.require(in, 11 + GnutellaWire.GUID_LENGTH, "hit.length");
        int count = in.readUnsignedByte();
        int port = in.readUnsignedShortLE();
        Inet4Address address = GnutellaWire.readIpv4(in);
        long speed = in.readUnsignedIntLE();
        if (count == 0) {
            throw new GnutellaCodecException("hit.count", 0, "1..255");
        }
        // Results never reach into the servent GUID.
        int limit = in.writerIndex() - GnutellaWire.GUID_LENGTH;
        List<Result> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "hit.result[" + i + "]";
            if (limit - in.readerIndex() < 10) {
                throw new GnutellaCodecException(field, (limit - in.readerIndex()) + " bytes left", "at least 10");
            }
            long index = in.readUnsignedIntLE();
            long size = in.readUnsignedIntLE();
            int nameEnd = in.indexOf(in.readerIndex(), limit, (byte) 0);
            if (nameEnd < 0) {
                throw new GnutellaCodecException(field + ".name", "no NUL", "a NUL-terminated name");
            }
            byte[] name = new byte[nameEnd - in.readerIndex()];
            in.readBytes(name);
            in.skipBytes(1);
            int extEnd = in.indexOf(in.readerIndex(), limit, (byte) 0);
            if (extEnd < 0) {
                throw new GnutellaCodecException(field + ".extensions", "no NUL", "a NUL-terminated extension area");
            }
            Extensions extensions = Extensions.read(in, extEnd, false);
            in.skipBytes(1);
            results.add(new Result(index, size, new WireText(Bytes.of(name)), extensions));
        }
        Trailer trailer = null;
        int left = limit - in.readerIndex();
        if (left > 0) {
            if (left < 5) {
                throw new GnutellaCodecException("hit.trailer", left + " bytes", "none, or at least 5");
            }
            VendorCode vendor = new VendorCode(in.readInt());
            int openSize = in.readUnsignedByte();
            if (openSize > left - 5) {
                throw new GnutellaCodecException("hit.trailer.openDataSize", openSize, "0.." + (left - 5));
            }
            byte[] open = new byte[openSize];
            in.readBytes(open);
            byte[] priv = new byte[limit - in.readerIndex()];
            in.readBytes(priv);
            trailer = new Trailer(vendor, Bytes.of(open), Bytes.of(priv));
        }
        Guid servent = Guid.read(in);
        return new QueryHit(port, address, speed, results, trailer, servent);
    }
}
