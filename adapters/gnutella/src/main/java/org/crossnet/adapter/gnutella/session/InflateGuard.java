package org.crossnet.adapter.gnutella.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;

/**
 * Watches a compressed link from both sides of the zlib decoder: the bytes that arrive and the bytes they inflate
 * to. Real Gnutella traffic inflates 2 to 10 times; a stream inflating more than {@code maxRatio} times (once past
 * {@code minBytes}) is a deflate bomb, and the connection fails with a {@link DecompressionException}. Netty's
 * decoder also caps each single inflation by its {@code maxAllocation}. One instance per connection.
 */
public final class InflateGuard {
    private final long maxRatio;
    private final long minBytes;
    private long compressed;
    private long inflated;

    public InflateGuard(long maxRatio, long minBytes) {
        this.maxRatio = maxRatio;
        this.minBytes = minBytes;
    }

    /** Goes before the zlib decoder. */
    public ChannelInboundHandlerAdapter compressedSide() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    compressed += b.readableBytes();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** Goes after the zlib decoder. */
    public ChannelInboundHandlerAdapter inflatedSide() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    inflated += b.readableBytes();
                    if (inflated > minBytes && inflated > maxRatio * Math.max(1, compressed)) {
                        b.release();
                        throw new DecompressionException("inflated: " + inflated + " bytes from " + compressed
                                + " (expected: at most " + maxRatio + " times the compressed size)");
                    }
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    public long compressedBytes() {
        return compressed;
    }

    public long inflatedBytes() {
        return inflated;
    }
}
