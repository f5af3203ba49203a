package org.crossnet.adapter.edonkey.kad.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.crossnet.adapter.edonkey.kad.KadTcpProbe;

/**
 * Answers firewall checks by connecting to the asker's TCP port and closing at once: proof enough that the port is
 * reachable, which is all a KADEMLIA_FIREWALLED_ACK_RES claims. Binds {@code localAddress} (the adapter's address)
 * when one is given.
 */
public final class NettyTcpProbe implements KadTcpProbe {
    private final EventLoopGroup group;
    private final InetAddress localAddress;
    private final Duration timeout;

    /**
     * @param localAddress the address to connect from, or null for the system's choice
     */
    public NettyTcpProbe(EventLoopGroup group, InetAddress localAddress, Duration timeout) {
        this.group = group;
        this.localAddress = localAddress;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Boolean> probe(InetSocketAddress endpoint) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .handler(new ChannelInboundHandlerAdapter());
            ChannelFuture f = localAddress == null ? b.connect(endpoint)
                    : b.connect(endpoint, new InetSocketAddress(localAddress, 0));
            f.addListener((ChannelFuture done) -> {
                result.complete(done.isSuccess());
                if (done.isSuccess()) {
                    done.channel().close();
                }
            });
        } catch (RuntimeException e) {
            // a group that is shutting down refuses new channels: the check simply fails
            result.complete(false);
        }
        return result;
    }
}
