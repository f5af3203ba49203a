package org.crossnet.adapter.bittorrent.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.bittorrent.codec.Handshake;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerFrameDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerWireException;
import org.crossnet.adapter.bittorrent.swarm.Torrent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * One peer connection: sends and checks the handshake, routes an incoming connection to its torrent by infohash,
 * then swaps the handshake decoder for the message pipeline (frame decoder with a length limit, message decoder)
 * and hands messages to the torrent. Closes with a {@link CloseReason} on any fault; never lets an exception escape.
 * Its handler methods run on the channel's event loop; {@link #send} and {@link #close} may be called from any thread.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter {
    /** Handler names in the pipeline. */
    public static final String HANDSHAKE = "handshake";
    public static final String FRAME = "frame";
    /**
     * Silence on our side after which a keep-alive is sent (peers commonly drop a connection silent for two minutes).
     * Checked by a timer rather than by an {@code IdleStateHandler} watching writes: that handler turns every write's
     * void promise into a real one with a listener, an allocation and a callback per block sent or requested.
     */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(100);
    /** How often the keep-alive timer looks. */
    static final long KEEP_ALIVE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What a connection needs from the adapter: its identity and the torrents it serves. */
    public interface Directory {
        /** The torrent with this infohash, or null when we do not serve it. */
        Torrent find(InfoHash infoHash);

        /** Our 20-byte peer id. */
        Bytes peerId();

        /** The frame limit in bytes. */
        int maxFrameLength();

        /** How long the handshake may take, in milliseconds. */
        long handshakeTimeoutMillis();
    }

    private final Directory directory;
    private final boolean outgoing;
    private final InetSocketAddress dialled;
    private volatile Torrent torrent;
    private volatile Channel channel;
    private volatile Handshake remote;
    private volatile CloseReason closeReason;
    private volatile String closeDetail;
    private boolean attached;
    /** When we last flushed anything to the peer (the event loop's ticker); written from any thread. */
    private volatile long lastFlushNanos;
    private ScheduledFuture<?> keepAlive;

    private PeerConnection(Directory directory, Torrent torrent, InetSocketAddress dialled) {
        this.directory = directory;
        this.torrent = torrent;
        this.outgoing = torrent != null;
        this.dialled = dialled;
    }

    /** A connection we dial for {@code torrent}. */
    public static PeerConnection outgoing(Directory directory, Torrent torrent, InetSocketAddress address) {
        return new PeerConnection(directory, torrent, address);
    }

    /** A connection a peer opened to us; its torrent is known after the handshake. */
    public static PeerConnection incoming(Directory directory) {
        return new PeerConnection(directory, null, null);
    }

    public boolean isOutgoing() {
        return outgoing;
    }

    /** The peer's handshake; null before it arrived. */
    public Handshake remoteHandshake() {
        return remote;
    }

    /** The peer's socket address. */
    public InetSocketAddress remoteAddress() {
        Channel c = channel;
        if (c != null && c.remoteAddress() instanceof InetSocketAddress a) {
            return a;
        }
        return dialled;
    }

    /** The address we dialled, or null for an incoming connection. */
    public InetSocketAddress dialledAddress() {
        return dialled;
    }

    /** Why it closed; null while open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /** The detail of the close reason; null while open. */
    public String closeDetail() {
        return closeDetail;
    }

    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Queues a message without flushing; takes ownership of reference-counted messages. */
    public void send(PeerMessage message) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            ReferenceCountUtil.release(message);
            return;
        }
        c.write(message, c.voidPromise());
    }

    /** Flushes queued messages. */
    public void flush() {
        Channel c = channel;
        if (c != null) {
            lastFlushNanos = c.eventLoop().ticker().nanoTime();
            c.flush();
        }
    }

    /** Whether the socket can take more without queueing in memory. */
    public boolean isWritable() {
        Channel c = channel;
        return c != null && c.isWritable();
    }

    /** Closes the connection for {@code reason}; the first reason given sticks. */
    public void close(CloseReason reason, String detail) {
        if (closeReason == null) {
            closeReason = reason;
            closeDetail = detail;
        }
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (outgoing) {
            ctx.writeAndFlush(new Handshake(Handshake.ourReserved(), torrent.infoHash(), directory.peerId()));
        }
        ctx.executor().schedule(() -> {
            if (remote == null) {
                close(CloseReason.TIMEOUT, "handshake: none in " + directory.handshakeTimeoutMillis() + " ms");
            }
        }, directory.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Handshake handshake) {
                onHandshake(ctx, handshake);
            } else if (msg instanceof PeerMessage message && attached && closeReason == null) {
                torrent.onMessage(this, message);
            }
        } catch (PeerFault fault) {
            close(fault.reason(), fault.getMessage());
        } catch (PeerWireException e) {
            close(CloseReason.MALFORMED_EXTENSION, e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, Handshake handshake) {
        remote = handshake;
        if (outgoing && !handshake.infoHash().equals(torrent.infoHash())) {
            close(CloseReason.BAD_HANDSHAKE, "handshake.info_hash: " + handshake.infoHash() + " (expected: "
                    + torrent.infoHash() + ")");
            return;
        }
        if (handshake.peerId().equals(directory.peerId())) {
            close(CloseReason.SELF_CONNECTION, "handshake.peer_id: ours");
            return;
        }
        if (!outgoing) {
            Torrent found = directory.find(handshake.infoHash());
            if (found == null) {
                close(CloseReason.UNKNOWN_TORRENT, "handshake.info_hash: " + handshake.infoHash()
                        + " (expected: a torrent we serve)");
                return;
            }
            torrent = found;
            ctx.writeAndFlush(new Handshake(Handshake.ourReserved(), found.infoHash(), directory.peerId()));
        }
        if (!torrent.attach(this)) {
            return;
        }
        attached = true;
        lastFlushNanos = ctx.executor().ticker().nanoTime();
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> keepAlive(ctx), KEEP_ALIVE_CHECK_NANOS,
                KEEP_ALIVE_CHECK_NANOS, TimeUnit.NANOSECONDS);
        // the frame limit is checked on the length prefix, before any buffer is allocated
        ctx.pipeline().replace(HANDSHAKE, FRAME, new PeerFrameDecoder(directory.maxFrameLength()));
        flush();
    }

    /** Sends a keep-alive once we have been silent for {@link #KEEP_ALIVE_NANOS}: {@code <len=0000>} (BEP 3). */
    private void keepAlive(ChannelHandlerContext ctx) {
        long now = ctx.executor().ticker().nanoTime();
        if (closeReason == null && now - lastFlushNanos >= KEEP_ALIVE_NANOS) {
            lastFlushNanos = now;
            ctx.writeAndFlush(new PeerMessage.KeepAlive()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                close(CloseReason.TIMEOUT, "no message for " + idle.state());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            close(CloseReason.FRAME_TOO_LONG, root.getMessage());
        } else if (root instanceof PeerWireException) {
            close(remote == null ? CloseReason.BAD_HANDSHAKE : CloseReason.PROTOCOL_VIOLATION, root.getMessage());
        } else if (root instanceof PeerFault fault) {
            close(fault.reason(), fault.getMessage());
        } else if (root instanceof IOException) {
            close(CloseReason.IO_ERROR, root.getMessage());
        } else {
            close(CloseReason.IO_ERROR, String.valueOf(root));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (closeReason == null) {
            closeReason = CloseReason.REMOTE_CLOSED;
            closeDetail = "connection closed";
        }
        Torrent t = torrent;
        if (t != null) {
            t.detach(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public String toString() {
        return "peer " + remoteAddress();
    }
}
