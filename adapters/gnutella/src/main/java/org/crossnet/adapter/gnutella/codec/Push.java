package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;

/**
 * PUSH: {@code <servent GUID 16><file index 4, LE><IPv4 4, network order><port 2, LE><GGEP block, optional>}; asks
 * the firewalled servent named by the GUID to connect to the address and send {@code GIV}. Routed by servent GUID
 * along the path its query hits came.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.10</a>
 */
public record Push(Guid servent, long fileIndex, Inet4Address address, int port, Ggep ggep) implements Payload {
    public static final int FIXED_LENGTH = 26;

    public Push {
        if (servent == null || address == null) {
            throw new GnutellaCodecException("push.servent/address", "null", "both present");
        }
        if (fileIndex < 0 || fileIndex > 0xFFFFFFFFL) {
            throw new GnutellaCodecException("push.fileIndex", fileIndex, "an unsigned 32-bit value");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new GnutellaCodecException("push.port", port, "0..65535");
        }
        ggep = ggep == null ? Ggep.EMPTY : ggep;
    }

    @Override
    public int type() {
        return GnutellaWire.PUSH;
    }

    @Override
    public void write(ByteBuf out) {
        servent.write(out);
        out.writeIntLE((int) fileIndex);
        GnutellaWire.writeIpv4(out, address);
        out.writeShortLE(port);
        ggep.write(out);
    }

    /** Decodes the whole readable payload. */
    public static Push read(ByteBuf in) {
        GnutellaWire.require(in, FIXED_LENGTH, "push.length");
        Guid servent = Guid.read(in);
        long index = in.readUnsignedIntLE();
        Inet4Address address = GnutellaWire.readIpv4(in);
        int port = in.readUnsignedShortLE();
        Ggep ggep = Ggep.EMPTY;
        if (in.isReadable()) {
            ggep = Ggep.read(in);
            if (in.isReadable()) {
                throw new GnutellaCodecException("push.payload", in.readableBytes() + " bytes after the GGEP block",
                        "nothing after the block");
            }
        }
        return new Push(servent, index, address, port, ggep);
    }
}
