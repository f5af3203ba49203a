package org.crossnet.adapter.gnutella.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every incoming connection on the one listening port: reads just enough of the first bytes
 * to tell a Gnutella handshake ({@code GNUTELLA CONNECT/}) from an HTTP transfer ({@code GET }, {@code HEAD },
 * {@code GIV }), hands the connection on and removes itself. Anything else, or silence, is closed. Runs on the
 * channel's event loop.
 */
public final class PortUnificationHandler extends ByteToMessageDecoder {
    public static final String NAME = "port-unification";
    private static final String GNUTELLA = "GNUTELLA CONNECT/";
    private static final List<String> HTTP = List.of("GET ", "HEAD ", "GIV ");

    /** Where connections go. Called on the event loop. */
    public interface Dispatcher {
        /** A Gnutella handshake begins: install the handshake handlers at the end of the pipeline. */
        void gnutella(Channel channel);

        /**
         * An HTTP request or a GIV: {@code firstBytes} holds everything read so far and is handed over (the callee
         * releases it); this handler is already removed, so later bytes reach whatever the callee installs.
         */
        void http(Channel channel, ByteBuf firstBytes);

        /** Neither; the connection is being closed. */
        void rejected(Channel channel, CloseReason reason, String detail);
    }

    private final Dispatcher dispatcher;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;

    public PortUnificationHandler(Dispatcher dispatcher, long timeoutMillis) {
        this.dispatcher = dispatcher;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            dispatcher.rejected(ctx.channel(), CloseReason.HANDSHAKE_TIMEOUT, "nothing recognisable within "
                    + timeoutMillis + " ms");
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), GNUTELLA.length());
        String head = in.toString(in.readerIndex(), n, StandardCharsets.ISO_8859_1);
        if (head.equals(GNUTELLA)) {
            dispatcher.gnutella(ctx.channel());
            // Removing this decoder passes the bytes it holds to the handshake decoder just installed.
            ctx.pipeline().remove(this);
            return;
        }
        for (String prefix : HTTP) {
            if (head.startsWith(prefix)) {
                ByteBuf first = in.readBytes(in.readableBytes());
                ctx.pipeline().remove(this);
                dispatcher.http(ctx.channel(), first);
                return;
            }
        }
        if (GNUTELLA.startsWith(head) || HTTP.stream().anyMatch(p -> p.startsWith(head))) {
            return; // a prefix of something we know: wait for more
        }
        in.skipBytes(in.readableBytes());
        String printable = head.replaceAll("[^\\x20-\\x7e]", "?");
        dispatcher.rejected(ctx.channel(), CloseReason.UNKNOWN_PROTOCOL, "first bytes: " + printable
                + " (expected: GNUTELLA CONNECT/, GET, HEAD or GIV)");
        ctx.close();
    }
}
