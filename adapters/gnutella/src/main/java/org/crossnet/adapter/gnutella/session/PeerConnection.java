package org.crossnet.adapter.gnutella.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.gnutella.codec.Bye;
import org.crossnet.adapter.gnutella.codec.GnutellaCodecException;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.HandshakeHeaders;
import org.crossnet.adapter.gnutella.codec.MalformedMessage;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.VendorCode;
import org.crossnet.adapter.gnutella.codec.VendorMessage;
import org.crossnet.adapter.gnutella.host.HostPort;
import org.crossnet.adapter.gnutella.qrp.QueryRouteTable;
import org.crossnet.adapter.gnutella.qrp.RouteTableReceiver;
import org.crossnet.adapter.gnutella.routing.OutboundQueue;
import org.crossnet.adapter.gnutella.routing.RateLimiter;

/**
 * One Gnutella connection after its handshake: the last handler of the pipeline, holding what was negotiated, the
 * per-connection routing state (outbound queue, query rate limit, the route table the peer sent us and the one we
 * sent it) and counters. Hands every message to its {@link Listener}; closes with a {@link CloseReason} on any fault
 * and never lets an exception escape. All its methods run on the channel's event loop, which is also the node's.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter {
    /** What a connection reports to its node. Called on the event loop. */
    public interface Listener {
        void message(PeerConnection connection, Message message);

        void malformed(PeerConnection connection, MalformedMessage message);

        void closed(PeerConnection connection);
    }

    /**
     * What the handshake settled.
     *
     * @param listenAddress where the peer accepts connections (Listen-IP, or the address we dialled); may be null
     * @param peerRole      what the peer is
     * @param ourRole       what we are on this connection
     * @param deflateIn     the peer compresses what it sends
     * @param deflateOut    we compress what we send
     */
    public record Info(boolean outgoing, InetSocketAddress remote, HostPort listenAddress, PeerRole peerRole,
                       PeerRole ourRole, HandshakeHeaders headers, boolean deflateIn, boolean deflateOut) {
        /** The peer's servent GUID from its GUID header, or null. */
        public Guid servent() {
            return headers.guid().orElse(null);
        }
    }

    /** Limits applied to the connection. */
    public record Limits(int maxControlQueue, int maxReplyQueue, int maxQueryQueue, double queriesPerSecond,
                         int queryBurst, int maxQrpBits) {
    }

    private final Info info;
    private final Listener listener;
    private final OutboundQueue queue;
    private final RateLimiter queryLimiter;
    private final RateLimiter pingLimiter;
    private final long openedAtNanos;
    private RouteTableReceiver receivedTable;
    private QueryRouteTable sentTable;
    private Channel channel;
    private CloseReason closeReason;
    private String closeDetail;
    private int hopsFlow = 255;
    private VendorMessage.MessagesSupported supported;
    /** We told the peer Hops-Flow 0 (no queries) because our link to it is flow-controlled. */
    private boolean queriesPaused;
    private long hopsFlowsSent;
    private boolean connectBackHandled;
    private long lastReadNanos;
    private long messagesIn;
    private long messagesOut;
    private int malformed;
    private int abuses;
    private boolean reported;

    public PeerConnection(Info info, Listener listener, Limits limits, Channel channel) {
        this.info = info;
        this.listener = listener;
        this.channel = channel;
        this.openedAtNanos = System.nanoTime();
        this.lastReadNanos = openedAtNanos;
        this.queue = new OutboundQueue(new OutboundQueue.Sink() {
            @Override
            public boolean writable() {
                return PeerConnection.this.channel.isWritable();
            }

            @Override
            public void write(Message message) {
                messagesOut++;
                PeerConnection.this.channel.write(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }

            @Override
            public void flush() {
                PeerConnection.this.channel.flush();
            }
        }, limits.maxControlQueue(), limits.maxReplyQueue(), limits.maxQueryQueue());
        this.queryLimiter = new RateLimiter(limits.queriesPerSecond(), limits.queryBurst(), openedAtNanos);
        // Pings: a handful per minute is normal; the limiter just keeps a flood from costing pongs.
        this.pingLimiter = new RateLimiter(1, 5, openedAtNanos);
        this.receivedTable = new RouteTableReceiver(limits.maxQrpBits());
    }

    public Info info() {
        return info;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isLeaf() {
        return info.peerRole() == PeerRole.LEAF;
    }

    public boolean isUltrapeer() {
        return info.peerRole() == PeerRole.ULTRAPEER;
    }

    public RateLimiter queryLimiter() {
        return queryLimiter;
    }

    public RateLimiter pingLimiter() {
        return pingLimiter;
    }

    /** The route table the peer sent us (its QRP), never null; its table is null before a RESET. */
    public RouteTableReceiver receivedTable() {
        return receivedTable;
    }

    /** The route table we last sent the peer, or null. */
    public QueryRouteTable sentTable() {
        return sentTable;
    }

    public void sentTable(QueryRouteTable table) {
        this.sentTable = table;
    }

    /** The highest hops value the peer wants in queries (BEAR/4 hops flow); 255 until it says. */
    public int hopsFlow() {
        return hopsFlow;
    }

    public void hopsFlow(int hops) {
        this.hopsFlow = hops;
    }

    /** The vendor messages the peer said it supports, or null before it said. */
    public VendorMessage.MessagesSupported supported() {
        return supported;
    }

    public void supported(VendorMessage.MessagesSupported list) {
        this.supported = list;
    }

    /** Marks a TCP connect-back as handled; returns false when it already was (one per connection). */
    public boolean takeConnectBack() {
        if (connectBackHandled) {
            return false;
        }
        connectBackHandled = true;
        return true;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    public long droppedOut() {
        return queue.dropped();
    }

    public long idleNanos(long now) {
        return now - lastReadNanos;
    }

    public long ageNanos(long now) {
        return now - openedAtNanos;
    }

    /** Counts a malformed message; returns how many so far. */
    public int countMalformed() {
        return ++malformed;
    }

    /** Counts a TTL abuse or a message the peer's role may not send; returns how many so far. */
    public int countAbuse() {
        return ++abuses;
    }

    public boolean isOpen() {
        return closeReason == null && channel.isActive();
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    public String closeDetail() {
        return closeDetail;
    }

    /**
     * Sends a message through the outbound queue; closes the connection when its control queue overflows.
     *
     * @return what the queue did with it
     */
    public OutboundQueue.Result send(Message message) {
        if (!isOpen()) {
            return OutboundQueue.Result.DROPPED_OLDEST;
        }
        OutboundQueue.Result r = queue.offer(message);
        if (r == OutboundQueue.Result.OVERFLOW) {
            close(CloseReason.QUEUE_OVERFLOW, "control queue full: the peer does not read");
        }
        return r;
    }

    /** Closes at once. Idempotent; the first reason wins. */
    public void close(CloseReason reason, String detail) {
        if (closeReason == null) {
            closeReason = reason;
            closeDetail = detail;
        }
        channel.close();
    }

    /**
     * Says BYE, then closes once it is written (or after a second). Idempotent; the first reason wins.
     *
     * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/bye">Bye packet 0.1</a>
     */
    public void bye(int code, CloseReason reason, String detail) {
        if (closeReason != null || !channel.isActive()) {
            close(reason, detail);
            return;
        }
        closeReason = reason;
        closeDetail = detail;
        Message bye = new Message(Guid.random(), 1, 0, Bye.of(code, detail.length() > 100 ? detail.substring(0, 100)
                : detail));
        channel.writeAndFlush(bye).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 1, TimeUnit.SECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        try {
            if (closeReason != null) {
                return;
            }
            if (msg instanceof Message m) {
                messagesIn++;
                listener.message(this, m);
            } else if (msg instanceof MalformedMessage m) {
                messagesIn++;
                listener.malformed(this, m);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Whether we asked the peer for no queries (Hops-Flow 0) and have not lifted it yet. */
    public boolean queriesPaused() {
        return queriesPaused;
    }

    /** Hops-Flow messages we sent (pauses and resumptions). */
    public long hopsFlowsSent() {
        return hopsFlowsSent;
    }

    /**
     * Flow control, as gtk-gnutella does it ({@code node_tx_enter_flowc} / {@code node_tx_leave_flowc} in
     * src/core/nodes.c): when the socket's buffer passes its high-water mark the link is flow-controlled, queries
     * and their hits would only pile up (and be dropped) in our queue, so a peer that announced Hops-Flow is told
     * to send no queries at all (hops 0); once the buffer is below its low-water mark and our queue has drained, it
     * is told to send them again (hops 255). The watermarks' gap keeps this from flapping.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            queue.drain();
            if (queue.isEmpty() && ctx.channel().isWritable()) {
                resumeQueries();
            }
        } else {
            pauseQueries();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void pauseQueries() {
        if (!queriesPaused && closeReason == null && supported != null
                && supported.supports(VendorCode.BEAR, VendorMessage.HOPS_FLOW)) {
            queriesPaused = true;
            sendHopsFlow(0);
        }
    }

    private void resumeQueries() {
        if (queriesPaused && closeReason == null) {
            queriesPaused = false;
            sendHopsFlow(255);
        }
    }

    /**
     * Straight to the channel, past our queue (which is what is backed up): a 24-byte control message that must
     * arrive before the queued traffic it is about, as gtk-gnutella sends it "as a control message, ASAP".
     */
    private void sendHopsFlow(int hops) {
        hopsFlowsSent++;
        messagesOut++;
        channel.writeAndFlush(new Message(Guid.random(), 1, 0, VendorMessage.of(VendorCode.BEAR,
                VendorMessage.HOPS_FLOW, 1, new VendorMessage.HopsFlow(hops))))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeReason == null) {
            closeReason = CloseReason.REMOTE_CLOSED;
            closeDetail = "closed by the peer";
        }
        receivedTable.close();
        if (!reported) {
            reported = true;
            listener.closed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof GnutellaCodecException && root.getMessage().startsWith("header.payloadLength")) {
            close(CloseReason.OVERSIZE_PAYLOAD, root.getMessage());
        } else if (cause instanceof DecompressionException || root instanceof DecompressionException) {
            close(CloseReason.DEFLATE_BOMB, root.getMessage());
        } else if (root instanceof IOException) {
            close(CloseReason.IO_ERROR, root.getMessage());
        } else {
            close(CloseReason.PROTOCOL_VIOLATION, String.valueOf(root.getMessage()));
        }
    }

    @Override
    public String toString() {
        return (info.outgoing() ? "to " : "from ") + info.remote() + " (" + info.peerRole().name().toLowerCase() + ")";
    }
}
