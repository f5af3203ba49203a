package org.crossnet.adapter.edonkey.kad.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.crossnet.adapter.edonkey.kad.KadNode;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketDecoder;

/**
 * Put in the adapter's UDP pipeline: hands Kad datagrams (first byte 0xE4 or 0xE5) to the node and releases them;
 * passes every other datagram (eD2k UDP: 0xE3, 0xC5) on unchanged to the next handler.
 */
public final class KadDatagramHandler extends ChannelInboundHandlerAdapter {
    private final KadNode node;

    public KadDatagramHandler(KadNode node) {
        this.node = node;
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && KadPacketDecoder.isKad(packet.content())) {
            try {
                node.onDatagram(packet.sender(), packet.content());
            } finally {
                packet.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
