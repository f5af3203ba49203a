package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.model.Bytes;

/**
 * A GGEP block: the magic byte 0xC3 and one or more extensions, the last flagged. An empty list stands for "no
 * block" (an empty block cannot be written). Immutable.
 *
 * <pre>
 * block:     &lt;0xC3&gt; extension+
 * extension: &lt;flags 1: last 0x80 | cobs 0x40 | deflate 0x20 | reserved 0x10 | id length 0x0F&gt;&lt;id 1..15&gt;
 *            &lt;length: 1..3 chunks, each 10xxxxxx (more) or 01xxxxxx (last), 6 bits each, big-endian&gt;&lt;data&gt;
 * </pre>
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/GGEP">GGEP 0.51</a>
 */
public record Ggep(List<GgepExtension> extensions) {
    public static final int MAGIC = 0xC3;
    public static final Ggep EMPTY = new Ggep(List.of());

    private static final int LAST = 0x80;
    private static final int COBS = 0x40;
    private static final int DEFLATE = 0x20;
    private static final int RESERVED = 0x10;
    private static final int ID_LENGTH = 0x0F;

    public Ggep {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    /** A block of these extensions. */
    public static Ggep of(GgepExtension... extensions) {
        return new Ggep(List.of(extensions));
    }

    public boolean isEmpty() {
        return extensions.isEmpty();
    }

    /** The first extension with this id. */
    public Optional<GgepExtension> get(String id) {
        for (GgepExtension e : extensions) {
            if (e.id().equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public boolean has(String id) {
        return get(id).isPresent();
    }

    /** A copy with {@code extension} appended. */
    public Ggep with(GgepExtension extension) {
        List<GgepExtension> list = new ArrayList<>(extensions);
        list.add(extension);
        return new Ggep(list);
    }

    /** Bytes {@link #write} produces. */
    public int encodedLength() {
        if (extensions.isEmpty()) {
            return 0;
        }
        int length = 1;
        for (GgepExtension e : extensions) {
            int n = e.wireData().length();
            length += 1 + e.idBytes().length + (n < 64 ? 1 : n < 4096 ? 2 : 3) + n;
        }
        return length;
    }

    /** Writes the block; nothing when empty. Lengths are written in their shortest form. */
    public void write(ByteBuf out) {
        if (extensions.isEmpty()) {
            return;
        }
        out.writeByte(MAGIC);
        for (int i = 0; i < extensions.size(); i++) {
            GgepExtension e = extensions.get(i);
            byte[] id = e.idBytes();
            int flags = id.length | (e.cobs() ? COBS : 0) | (e.deflate() ? DEFLATE : 0)
                    | (i == extensions.size() - 1 ? LAST : 0);
            out.writeByte(flags);
            out.writeBytes(id);
            int n = e.wireData().length();
            if (n >= 4096) {
                out.writeByte(0x80 | (n >> 12));
            }
            if (n >= 64) {
                out.writeByte(0x80 | ((n >> 6) & 0x3F));
            }
            out.writeByte(0x40 | (n & 0x3F));
            out.writeBytes(e.wireData().toArray());
        }
    }

    /** The encoded block as an array. */
    public byte[] toBytes() {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(encodedLength());
        try {
            write(buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /**
     * Reads one block starting at the magic byte; stops after the extension flagged last.
     *
     * @throws GnutellaCodecException on a missing magic, a reserved flag, an id with NUL, a malformed length, or a
     *                                block running past the readable bytes
     */
    public static Ggep read(ByteBuf in) {
        GnutellaWire.require(in, 1, "ggep.magic");
        int magic = in.readUnsignedByte();
        if (magic != MAGIC) {
            throw new GnutellaCodecException("ggep.magic", String.format("0x%02x", magic), "0xc3");
        }
        List<GgepExtension> list = new ArrayList<>();
        while (true) {
            GnutellaWire.require(in, 1, "ggep.flags");
            int flags = in.readUnsignedByte();
            if ((flags & RESERVED) != 0) {
                throw new GnutellaCodecException("ggep.flags", String.format("0x%02x", flags), "reserved bit 0x10 clear");
            }
            int idLength = flags & ID_LENGTH;
            if (idLength == 0) {
                throw new GnutellaCodecException("ggep.flags", String.format("0x%02x", flags), "an id length of 1..15");
            }
            GnutellaWire.require(in, idLength, "ggep.id");
            byte[] idBytes = new byte[idLength];
            in.readBytes(idBytes);
            for (byte b : idBytes) {
                if (b == 0) {
                    throw new GnutellaCodecException("ggep.id", "NUL byte", "no NUL in an extension id");
                }
            }
            String id = new String(idBytes, StandardCharsets.ISO_8859_1);
            int length = readLength(in, id);
            GnutellaWire.require(in, length, "ggep." + id + ".data");
            byte[] data = new byte[length];
            in.readBytes(data);
            list.add(new GgepExtension(id, (flags & COBS) != 0, (flags & DEFLATE) != 0, Bytes.of(data)));
            if ((flags & LAST) != 0) {
                return new Ggep(list);
            }
        }
    }

    private static int readLength(ByteBuf in, String id) {
        int length = 0;
        for (int chunk = 0; chunk < 3; chunk++) {
            GnutellaWire.require(in, 1, "ggep." + id + ".length");
            int b = in.readUnsignedByte();
            boolean more = (b & 0x80) != 0;
            boolean last = (b & 0x40) != 0;
            if (more == last) {
                throw new GnutellaCodecException("ggep." + id + ".length", String.format("chunk 0x%02x", b),
                        "exactly one of the more (0x80) and last (0x40) bits");
            }
            // Every servent writes the shortest form; a leading zero chunk is refused so that a forwarded block
            // keeps its exact bytes (we re-encode lengths in the shortest form).
            if (chunk == 0 && more && (b & 0x3F) == 0) {
                throw new GnutellaCodecException("ggep." + id + ".length", "leading zero chunk 0x80",
                        "the shortest length encoding");
            }
            length = (length << 6) | (b & 0x3F);
            if (last) {
                return length;
            }
        }
        throw new GnutellaCodecException("ggep." + id + ".length", "more than 3 chunks", "1..3 length chunks");
    }

    @Override
    public String toString() {
        return "GGEP" + extensions;
    }
}
