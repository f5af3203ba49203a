package org.crossnet.adapter.edonkey.kad.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.crossnet.adapter.edonkey.kad.KadTransport;

/**
 * Sends Kad datagrams through a bound UDP channel (the adapter's eD2k/Kad UDP socket, which aMule also shares between
 * eD2k and Kad). Writes are flushed at once; a failed write is dropped like lost UDP, and Netty releases the buffer.
 */
public final class ChannelKadTransport implements KadTransport {
    private final Channel channel;

    public ChannelKadTransport(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void send(InetSocketAddress recipient, ByteBuf packet) {
        if (!channel.isActive()) {
            packet.release();
            return;
        }
        channel.writeAndFlush(new DatagramPacket(packet, recipient));
    }
}
