package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;

/**
 * PONG: {@code <port 2, LE><IPv4 4, network order><files 4, LE><kilobytes 4, LE><GGEP block, optional>}. GGEP keys
 * in use: "VC" vendor code and version, "UP" ultrapeer version and free leaf/ultrapeer slots, "DU" daily uptime,
 * "IPP" packed hosts, "TLS".
 *
 * @param files     files shared, unsigned 32-bit
 * @param kilobytes KiB shared, unsigned 32-bit
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.7</a>
 */
public record Pong(int port, Inet4Address address, long files, long kilobytes, Ggep ggep) implements Payload {
    public static final int FIXED_LENGTH = 14;

    public Pong {
        if (port < 0 || port > 0xFFFF) {
            throw new GnutellaCodecException("pong.port", port, "0..65535");
        }
        if (address == null) {
            throw new GnutellaCodecException("pong.address", "null", "an IPv4 address");
        }
        if (files < 0 || files > 0xFFFFFFFFL || kilobytes < 0 || kilobytes > 0xFFFFFFFFL) {
            throw new GnutellaCodecException("pong.files/kilobytes", files + "/" + kilobytes, "unsigned 32-bit values");
        }
        ggep = ggep == null ? Ggep.EMPTY : ggep;
    }

    @Override
    public int type() {
        return GnutellaWire.PONG;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeShortLE(port);
        GnutellaWire.writeIpv4(out, address);
        out.writeIntLE((int) files);
        out.writeIntLE((int) kilobytes);
        ggep.write(out);
    }

    /** Decodes the whole readable payload. */
    public static Pong read(ByteBuf in) {
        GnutellaWire.require(in, FIXED_LENGTH, "pong.length");
        int port = in.readUnsignedShortLE();
        Inet4Address address = GnutellaWire.readIpv4(in);
        long files = in.readUnsignedIntLE();
        long kilobytes = in.readUnsignedIntLE();
        Ggep ggep = Ggep.EMPTY;
        if (in.isReadable()) {
            ggep = Ggep.read(in);
            if (in.isReadable()) {
                throw new GnutellaCodecException("pong.payload", in.readableBytes() + " bytes after the GGEP block",
                        "nothing after the block");
            }
        }
        return new Pong(port, address, files, kilobytes, ggep);
    }

    /** Whether the pong's GGEP "UP" marks it an ultrapeer. */
    public boolean ultrapeer() {
        return ggep.has("UP");
    }
}
