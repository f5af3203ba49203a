package org.crossnet.adapter.edonkey.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Unpacks zlib-packed packets: a 0xD4 frame's payload is the zlib stream of the payload of an eMule (0xC5) packet
 * with the same opcode. Output is capped at {@code maxInflated} bytes: a zlib bomb raises
 * {@link Ed2kZlib.InflateException} and the session closes the connection. Other packets pass through untouched.
 * Sharable: it keeps no state.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/Packet.cpp">aMule Packet.cpp (UnPackPacket)</a>
 */
@io.netty.channel.ChannelHandler.Sharable
public final class PackedPacketInflater extends MessageToMessageDecoder<Ed2kPacket> {
    private final int maxInflated;

    public PackedPacketInflater(int maxInflated) {
        super(Ed2kPacket.class);
        this.maxInflated = maxInflated;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Ed2kPacket packet, List<Object> out) {
        if (packet.protocol() != Ed2kWire.PROT_PACKED) {
            out.add(packet.retain());
            return;
        }
        out.add(new Ed2kPacket(Ed2kWire.PROT_EMULE, packet.opcode(),
                Ed2kZlib.inflate(packet.payload(), maxInflated, ctx.alloc(),
                        String.format("packed packet 0x%02X", packet.opcode())), true));
    }
}
