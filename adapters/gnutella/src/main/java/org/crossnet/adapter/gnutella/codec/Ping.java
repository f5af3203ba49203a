package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;

/**
 * PING: {@code <GGEP block, optional>}. A ping with TTL 1 and hops 0 is answered by the neighbour only; GGEP "SCP"
 * asks for cached pongs of ultrapeers with free slots.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.6</a>
 */
public record Ping(Ggep ggep) implements Payload {
    public Ping {
        ggep = ggep == null ? Ggep.EMPTY : ggep;
    }

    /** A ping without payload. */
    public static Ping plain() {
        return new Ping(Ggep.EMPTY);
    }

    @Override
    public int type() {
        return GnutellaWire.PING;
    }

    @Override
    public void write(ByteBuf out) {
        ggep.write(out);
    }

    /** Decodes the whole readable payload. */
    public static Ping read(ByteBuf in) {
        if (!in.isReadable()) {
            return plain();
        }
        Ggep ggep = Ggep.read(in);
        if (in.isReadable()) {
            throw new GnutellaCodecException("ping.payload", in.readableBytes() + " bytes after the GGEP block",
                    "nothing after the block");
        }
        return new Ping(ggep);
    }
}
