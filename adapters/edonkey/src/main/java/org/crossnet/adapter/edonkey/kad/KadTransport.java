package org.crossnet.adapter.edonkey.kad;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Where a {@link KadNode} sends its datagrams: the adapter's UDP channel (see
 * {@link org.crossnet.adapter.edonkey.kad.net.ChannelKadTransport}) or, in tests, an in-memory network.
 */
@FunctionalInterface
public interface KadTransport {
    /**
     * Sends one datagram. Called on the node's thread; must not block. Takes ownership of {@code packet} (a whole Kad
     * packet, {@code <0xE4|0xE5><opcode><payload>}) and releases it, also when sending fails; failures are dropped
     * silently as UDP loss would be.
     */
    void send(InetSocketAddress recipient, ByteBuf packet);
}
