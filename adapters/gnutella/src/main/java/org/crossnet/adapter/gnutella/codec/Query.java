package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Sha1;

/**
 * QUERY: {@code <flags 2, big-endian><criteria, NUL-terminated><extension area to the end>}. The first field was
 * "minimum speed"; with bit 15 set it holds flags (note the byte order: big-endian, unlike the rest of the message).
 * The extension area holds HUGE URN requests and GGEP blocks.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.8</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/min_speed">min_speed flags</a>
 */
public record Query(int flags, WireText criteria, Extensions extensions) implements Payload {
    /** Bit 15: the field holds flags, not a speed. */
    public static final int FLAG_MARK = 0x8000;
    public static final int FLAG_FIREWALLED = 0x4000;
    public static final int FLAG_XML = 0x2000;
    /** The querying leaf steers dynamic querying itself. */
    public static final int FLAG_LEAF_GUIDED = 0x1000;
    /** Hits may carry the SHA-1 as GGEP "H". */
    public static final int FLAG_GGEP_H = 0x0800;
    public static final int FLAG_OUT_OF_BAND = 0x0400;
    public static final int FLAG_FIREWALL_TO_FIREWALL = 0x0200;
    public static final int FLAG_SR_UDP = 0x0100;

    public Query {
        if (flags < 0 || flags > 0xFFFF) {
            throw new GnutellaCodecException("query.flags", flags, "0..65535");
        }
        if (criteria == null) {
            throw new GnutellaCodecException("query.criteria", "null", "text");
        }
        extensions = extensions == null ? Extensions.EMPTY : extensions;
    }

    /** A keyword query with the given flags and no extensions. */
    public static Query of(int flags, String text) {
        return new Query(flags, WireText.of(text), Extensions.EMPTY);
    }

    @Override
    public int type() {
        return GnutellaWire.QUERY;
    }

    public boolean hasFlag(int flag) {
        return (flags & FLAG_MARK) != 0 && (flags & flag) != 0;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeShort(flags);
        out.writeBytes(criteria.bytes().toArray());
        out.writeByte(0);
        extensions.write(out);
    }

    /** The SHA-1 values this query asks for (HUGE {@code urn:sha1:} and {@code urn:bitprint:} items). */
    public List<Sha1> sha1s() {
        List<Sha1> list = new ArrayList<>();
        for (Extensions.Urn urn : extensions.urns()) {
            urn.sha1().ifPresent(list::add);
        }
        return list;
    }

    /** Decodes the whole readable payload. */
    public static Query read(ByteBuf in) {
        GnutellaWire.require(in, 3, "query.length");
        int flags = in.readUnsignedShort();
        int nul = GnutellaWire.indexOfNul(in);
        if (nul < 0) {
            throw new GnutellaCodecException("query.criteria", "no NUL", "NUL-terminated criteria");
        }
        byte[] text = new byte[nul - in.readerIndex()];
        in.readBytes(text);
        in.skipBytes(1);
        Extensions extensions = Extensions.read(in, in.writerIndex(), true);
        return new Query(flags, new WireText(Bytes.of(text)), extensions);
    }

    @Override
    public String toString() {
        return "Query[flags=" + String.format("0x%04x", flags) + ", '" + criteria + "', " + extensions + "]";
    }
}
