package org.crossnet.adapter.gnutella.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.gnutella.codec.GnutellaCodecException;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageDecoder;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageEncoder;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.codec.HandshakeDecoder;
import org.crossnet.adapter.gnutella.codec.HandshakeHeaders;
import org.crossnet.adapter.gnutella.host.HostPort;

/**
 * Runs the three-step 0.6 handshake in either direction, then rebuilds the pipeline for messages and replaces
 * itself. Outgoing: send CONNECT, read the answer, confirm or refuse. Incoming: read CONNECT, answer 200 or refuse
 * (503 with X-Try-Ultrapeers), read the confirmation. The {@link Policy} makes every decision; this class keeps the
 * order, the timeout and the wire. Roles and link compression follow from the blocks:
 * <ul>
 *   <li>a peer is an ultrapeer when it says {@code X-Ultrapeer: True}; a connector that answers step 3 with
 *       {@code X-Ultrapeer: False} took the acceptor's leaf guidance and is a leaf;</li>
 *   <li>each side compresses what it sends when it says {@code Content-Encoding: deflate} (it may only when the
 *       other said {@code Accept-Encoding: deflate}); the streams start right after the blocks.</li>
 * </ul>
 * Pipeline after the handshake (inbound order): [inflate guard, zlib decoder, inflate guard], message decoder,
 * [zlib encoder], message encoder, {@link PeerConnection}. Runs on the channel's event loop.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/handshaking_0.6">Handshaking 0.6</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/compression">Link compression</a>
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    public static final String DECODER = "handshake-decoder";
    public static final String NAME = "handshake";

    /** The decisions of a handshake. Called on the event loop; must not block. */
    public interface Policy {
        /** Our step-1 headers when we connect. */
        HandshakeHeaders connectHeaders(InetSocketAddress remote);

        /** Our step-2 answer to a CONNECT (code 200 accepts). */
        Answer answer(HandshakeBlock request, InetSocketAddress remote);

        /** Our step-3 answer to an acceptor's 200 (code 200 confirms). */
        Answer confirm(HandshakeBlock response, InetSocketAddress remote);

        /** The handshake is done; returns the connection to install, or null to refuse it (no slot left). */
        PeerConnection established(PeerConnection.Info info, Channel channel);

        /** The handshake failed; {@code theirs} holds the peer's last headers (X-Try-Ultrapeers), maybe empty. */
        void failed(InetSocketAddress remote, HostPort dialled, CloseReason reason, String detail,
                    HandshakeHeaders theirs);
    }

    /** A step-2 or step-3 block we send. */
    public record Answer(int code, String message, HandshakeHeaders headers) {
        public boolean accepts() {
            return code == 200;
        }

        public static Answer ok(HandshakeHeaders headers) {
            return new Answer(200, "OK", headers);
        }
    }

    /** Sizes of the message pipeline. */
    public record Settings(int maxPayload, long timeoutMillis, int zlibMaxAllocation, long maxInflateRatio,
                           long inflateRatioMinBytes) {
    }

    /** Where the handshake is. */
    public enum State { AWAIT_REQUEST, AWAIT_RESPONSE, AWAIT_FINAL, DONE }

    private final Policy policy;
    private final Settings settings;
    private final HostPort dialled;
    private State state;
    private HandshakeBlock request;
    private Answer answer;
    private HandshakeHeaders connectHeaders;
    private HandshakeHeaders lastTheirs = HandshakeHeaders.EMPTY;
    private ScheduledFuture<?> timeout;

    private HandshakeHandler(Policy policy, Settings settings, HostPort dialled) {
        this.policy = policy;
        this.settings = settings;
        this.dialled = dialled;
        this.state = dialled != null ? State.AWAIT_RESPONSE : State.AWAIT_REQUEST;
    }

    /** For a connection we dialled. */
    public static HandshakeHandler outgoing(Policy policy, Settings settings, HostPort dialled) {
        return new HandshakeHandler(policy, settings, dialled);
    }

    /** For a connection a peer opened. */
    public static HandshakeHandler incoming(Policy policy, Settings settings) {
        return new HandshakeHandler(policy, settings, null);
    }

    /** Adds the handshake decoder and handler at the end of {@code pipeline}. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addLast(DECODER, new HandshakeDecoder());
        pipeline.addLast(NAME, this);
    }

    public State state() {
        return state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        if (timeout != null) {
            return;
        }
        timeout = ctx.executor().schedule(() -> fail(ctx, CloseReason.HANDSHAKE_TIMEOUT,
                "no complete handshake within " + settings.timeoutMillis() + " ms"), settings.timeoutMillis(),
                TimeUnit.MILLISECONDS);
        if (state == State.AWAIT_RESPONSE) {
            connectHeaders = policy.connectHeaders(remote(ctx));
            write(ctx, HandshakeBlock.connect(connectHeaders));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HandshakeBlock block)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastTheirs = block.headers();
        switch (state) {
            case AWAIT_REQUEST -> onRequest(ctx, block);
            case AWAIT_RESPONSE -> onResponse(ctx, block);
            case AWAIT_FINAL -> onFinal(ctx, block);
            default -> {
                // DONE: the pipeline is being rebuilt; nothing more comes here.
            }
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HandshakeBlock block) {
        if (!block.isConnect()) {
            fail(ctx, CloseReason.BAD_HANDSHAKE, "handshake.startLine: " + block.startLine()
                    + " (expected: GNUTELLA CONNECT/0.6)");
            return;
        }
        request = block;
        answer = policy.answer(block, remote(ctx));
        write(ctx, HandshakeBlock.status(answer.code(), answer.message(), answer.headers()));
        if (!answer.accepts()) {
            refuse(ctx, CloseReason.REFUSED, answer.code() + " " + answer.message());
            return;
        }
        state = State.AWAIT_FINAL;
    }

    private void onResponse(ChannelHandlerContext ctx, HandshakeBlock block) {
        if (block.statusCode() != 200) {
            fail(ctx, CloseReason.REFUSED_BY_PEER, block.statusCode() < 0 ? "handshake.startLine: " + block.startLine()
                    + " (expected: GNUTELLA/0.6 <code>)" : block.statusCode() + " " + block.statusMessage());
            return;
        }
        Answer confirm = policy.confirm(block, remote(ctx));
        write(ctx, HandshakeBlock.status(confirm.code(), confirm.message(), confirm.headers()));
        if (!confirm.accepts()) {
            refuse(ctx, CloseReason.REFUSED, confirm.code() + " " + confirm.message());
            return;
        }
        boolean ourUltrapeer = confirm.headers().ultrapeer()
                .orElse(connectHeaders.ultrapeer().orElse(false));
        PeerRole peer = block.headers().ultrapeer().orElse(false) ? PeerRole.ULTRAPEER : PeerRole.LEAF;
        HostPort listen = dialled;
        finish(ctx, new PeerConnection.Info(true, remote(ctx), listen, peer,
                ourUltrapeer ? PeerRole.ULTRAPEER : PeerRole.LEAF, block.headers(), block.headers().sendsDeflate(),
                confirm.headers().sendsDeflate()));
    }

    private void onFinal(ChannelHandlerContext ctx, HandshakeBlock block) {
        if (block.statusCode() != 200) {
            fail(ctx, CloseReason.REFUSED_BY_PEER, block.statusCode() < 0 ? "handshake.startLine: " + block.startLine()
                    + " (expected: GNUTELLA/0.6 <code>)" : block.statusCode() + " " + block.statusMessage());
            return;
        }
        HandshakeHeaders theirs = request.headers();
        boolean peerUltrapeer = block.headers().ultrapeer().orElse(theirs.ultrapeer().orElse(false));
        boolean ourUltrapeer = answer.headers().ultrapeer().orElse(false);
        HostPort listen = theirs.listenAddress().map(HostPort::tryParse).orElse(null);
        finish(ctx, new PeerConnection.Info(false, remote(ctx), listen,
                peerUltrapeer ? PeerRole.ULTRAPEER : PeerRole.LEAF, ourUltrapeer ? PeerRole.ULTRAPEER : PeerRole.LEAF,
                theirs, block.headers().sendsDeflate(), answer.headers().sendsDeflate()));
    }

    private void finish(ChannelHandlerContext ctx, PeerConnection.Info info) {
        state = State.DONE;
        cancelTimeout();
        PeerConnection connection = policy.established(info, ctx.channel());
        if (connection == null) {
            // The policy reported why; it had no slot for this peer after all.
            ctx.close();
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        if (info.deflateIn()) {
            InflateGuard guard = new InflateGuard(settings.maxInflateRatio(), settings.inflateRatioMinBytes());
            p.addBefore(NAME, "inflate-in", guard.compressedSide());
            p.addBefore(NAME, "zlib-decoder", new JdkZlibDecoder(ZlibWrapper.ZLIB, settings.zlibMaxAllocation()));
            p.addBefore(NAME, "inflate-out", guard.inflatedSide());
        }
        if (info.deflateOut()) {
            // Netty's JdkZlibEncoder sync-flushes every buffer, so each batch of messages leaves at once.
            p.addBefore(NAME, "zlib-encoder", new JdkZlibEncoder(ZlibWrapper.ZLIB));
        }
        p.addBefore(NAME, "messages-decoder", new GnutellaMessageDecoder(settings.maxPayload()));
        p.addBefore(NAME, "messages-encoder", GnutellaMessageEncoder.INSTANCE);
        p.addBefore(NAME, "peer", connection);
        p.remove(this);
        // Removing the decoder passes the bytes it holds (the first messages) to the new handlers.
        p.remove(DECODER);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.DONE) {
            state = State.DONE;
            cancelTimeout();
            policy.failed(remote(ctx), dialled, CloseReason.REMOTE_CLOSED, "closed during the handshake", lastTheirs);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof GnutellaCodecException) {
            fail(ctx, CloseReason.BAD_HANDSHAKE, root.getMessage());
        } else if (root instanceof IOException) {
            fail(ctx, CloseReason.IO_ERROR, root.getMessage());
        } else {
            fail(ctx, CloseReason.BAD_HANDSHAKE, String.valueOf(root.getMessage()));
        }
    }

    private void fail(ChannelHandlerContext ctx, CloseReason reason, String detail) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelTimeout();
        policy.failed(remote(ctx), dialled, reason, detail, lastTheirs);
        ctx.close();
    }

    private void refuse(ChannelHandlerContext ctx, CloseReason reason, String detail) {
        state = State.DONE;
        cancelTimeout();
        policy.failed(remote(ctx), dialled, reason, detail, lastTheirs);
        // Close once the refusal block is on the wire, so the peer reads why (and our X-Try-Ultrapeers).
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void write(ChannelHandlerContext ctx, HandshakeBlock block) {
        ByteBuf out = ctx.alloc().buffer(512);
        block.write(out);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private static InetSocketAddress remote(ChannelHandlerContext ctx) {
        Channel c = ctx.channel();
        return c.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }
}
