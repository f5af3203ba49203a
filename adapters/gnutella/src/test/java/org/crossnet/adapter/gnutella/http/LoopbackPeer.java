package org.crossnet.adapter.gnutella.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.testkit.TestAdapterContext;

/**
 * One servent's HTTP side on 127.0.0.1 for tests: a test context, a share table, an endpoint and, when asked, a
 * listener that plays the messaging layer's part (reads the first bytes, steps aside, calls
 * {@link HttpEndpoint#accept}).
 */
final class LoopbackPeer implements AutoCloseable {
    final TestAdapterContext context;
    final SharedFileTable shares = new SharedFileTable();
    final HttpEndpoint endpoint;
    private Channel server;

    LoopbackPeer(String network, HttpSettings settings, PushRequester pushes) {
        this.context = TestAdapterContext.forNetwork(network);
        this.endpoint = new HttpEndpoint(settings, shares, context, pushes);
    }

    LoopbackPeer(String network) {
        this(network, HttpSettings.defaults(), PushRequester.NONE);
    }

    /** Binds 127.0.0.1 on a free port and hands each connection to the endpoint after its first 4 bytes. */
    InetSocketAddress listen() {
        server = new ServerBootstrap().group(context.eventLoops()).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Sniffer());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return address();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    ServedFile share(Path file, ContentId content) {
        return shares.publish(new SharedFile(ShareId.random(), content, file, List.of(), null));
    }

    @Override
    public void close() {
        endpoint.close();
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        context.close();
    }

    static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** What the messaging layer does: look at the first bytes, then hand HTTP and GIV connections over. */
    private final class Sniffer extends ChannelInboundHandlerAdapter {
        private ByteBuf seen;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            if (seen == null) {
                seen = in;
            } else {
                seen = ctx.alloc().compositeBuffer().addComponents(true, seen, in);
            }
            if (seen.readableBytes() >= 4) {
                ByteBuf first = seen;
                seen = null;
                ctx.pipeline().remove(this);
                endpoint.accept(ctx.channel(), first);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (seen != null) {
                seen.release();
                seen = null;
            }
        }
    }
}
