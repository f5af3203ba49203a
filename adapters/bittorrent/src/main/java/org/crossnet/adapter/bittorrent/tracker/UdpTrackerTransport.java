package org.crossnet.adapter.bittorrent.tracker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One UDP socket shared by all UDP trackers of a {@link TrackerClients}: BEP 15 exchanges (connect when no fresh
 * connection id, then the action), demultiplexed by random transaction id and checked against the tracker's address.
 * Connection ids are cached per tracker address for {@link TrackerClients.Settings#connectionIdLifetime()}. A
 * request unanswered after {@code base·2^n} is sent again, n counting up to
 * {@link TrackerClients.Settings#udpMaxRetransmits()}.
 *
 * <p>All state lives on one event loop; public methods hop onto it. Malformed, unexpected or foreign datagrams are
 * dropped with a DEBUG log and the exchange keeps waiting.
 */
final class UdpTrackerTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpTrackerTransport.class.getName());

    private final EventLoop loop;
    private final TrackerClients.Settings settings;
    private final Random random;
    private final Map<Integer, Exchange<?>> pending = new HashMap<>();
    private final Map<InetSocketAddress, ConnectionId> connections = new HashMap<>();
    private ChannelFuture bound;
    private boolean closed;

    UdpTrackerTransport(EventLoopGroup group, TrackerClients.Settings settings, Random random) {
        this.loop = group.next();
        this.settings = settings;
        this.random = random;
    }

    /** Encodes the action request from a connection id and a transaction id. */
    @FunctionalInterface
    interface RequestEncoder {
        ByteBuf encode(ByteBufAllocator alloc, long connectionId, int transactionId);
    }

    /**
     * Runs one exchange with {@code target}, completing {@code result}; {@code parse} turns the action's reply into
     * the result and throws {@link TrackerException} for a reply it cannot accept (dropped as malformed).
     * Completing {@code result} from outside (cancel, timeout) ends the exchange.
     */
    <T> void exchange(Object owner, InetSocketAddress target, int action, RequestEncoder encoder,
                      Function<UdpTrackerCodec.Reply, T> parse, CompletableFuture<T> result) {
        Exchange<T> exchange = new Exchange<>(owner, target, action, encoder, parse, result);
        try {
            loop.execute(() -> begin(exchange));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new TrackerException(TrackerException.Kind.CLOSED,
                    "event loop: shut down (expected: running)", e));
            return;
        }
        result.whenComplete((value, error) -> {
            if (loop.inEventLoop()) {
                exchange.finish();
            } else if (!loop.isShuttingDown()) {
                loop.execute(exchange::finish);
            }
        });
    }

    /** Fails the pending exchanges of {@code owner} with {@link TrackerException.Kind#CLOSED}. */
    void cancelAll(Object owner) {
        loop.execute(() -> {
            for (Exchange<?> exchange : new ArrayList<>(pending.values())) {
                if (exchange.owner == owner) {
                    exchange.fail(new TrackerException(TrackerException.Kind.CLOSED,
                            "tracker client: closed (expected: an open client)"));
                }
            }
        });
    }

    /** Fails every pending exchange and closes the socket. */
    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            for (Exchange<?> exchange : new ArrayList<>(pending.values())) {
                exchange.fail(new TrackerException(TrackerException.Kind.CLOSED,
                        "tracker clients: closed (expected: open)"));
            }
            if (bound != null) {
                bound.channel().close();
            }
        });
    }

    private void begin(Exchange<?> exchange) {
        if (exchange.result.isDone()) {
            return;
        }
        if (closed) {
            exchange.fail(new TrackerException(TrackerException.Kind.CLOSED, "tracker clients: closed"
                    + " (expected: open)"));
            return;
        }
        if (bound == null) {
            bound = new Bootstrap().group(loop).channel(NioDatagramChannel.class).handler(new ReplyHandler())
                    .bind(0);
        }
        if (bound.isDone()) {
            sendOrFail(exchange);
        } else {
            bound.addListener(f -> sendOrFail(exchange));
        }
    }

    private void sendOrFail(Exchange<?> exchange) {
        if (!bound.isSuccess()) {
            exchange.fail(new TrackerException(TrackerException.Kind.NETWORK, "udp socket: "
                    + bound.cause().getMessage() + " (expected: a bound socket)", bound.cause()));
            return;
        }
        send(exchange);
    }

    private void send(Exchange<?> exchange) {
        if (exchange.result.isDone()) {
            return;
        }
        Channel channel = bound.channel();
        pending.remove(exchange.transactionId);
        exchange.transactionId = newTransactionId();
        ConnectionId connection = connections.get(exchange.target);
        ByteBuf packet;
        if (connection != null && connection.expiresAtNanos - System.nanoTime() > 0) {
            exchange.connecting = false;
            packet = exchange.encoder.encode(channel.alloc(), connection.id, exchange.transactionId);
        } else {
            connections.remove(exchange.target);
            exchange.connecting = true;
            packet = UdpTrackerCodec.encodeConnect(channel.alloc(), exchange.transactionId);
        }
        pending.put(exchange.transactionId, exchange);
        channel.writeAndFlush(new DatagramPacket(packet, exchange.target)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: send failed: {1}", exchange.target,
                        f.cause().toString());
            }
        });
        long timeoutMillis = settings.udpBaseTimeout().toMillis() << Math.min(exchange.attempt, 30);
        exchange.timer = loop.schedule(() -> timeout(exchange), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void timeout(Exchange<?> exchange) {
        if (exchange.result.isDone()) {
            return;
        }
        if (exchange.attempt >= settings.udpMaxRetransmits()) {
            exchange.fail(new TrackerException(TrackerException.Kind.TIMEOUT, "udp tracker " + exchange.target
                    + ": no answer after " + (exchange.attempt + 1) + " sends (expected: an answer within "
                    + settings.udpBaseTimeout().toMillis() * (1L << Math.min(exchange.attempt, 30)) + " ms)"));
            return;
        }
        exchange.attempt++;
        send(exchange);
    }

    private int newTransactionId() {
        int id;
        do {
            id = random.nextInt();
        } while (pending.containsKey(id));
        return id;
    }

    private void onDatagram(DatagramPacket packet) {
        ByteBuf in = packet.content();
        InetSocketAddress sender = packet.sender();
        if (in.readableBytes() < UdpTrackerCodec.HEADER_LENGTH) {
            LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped {1}-byte packet (expected: at least 8)",
                    sender, in.readableBytes());
            return;
        }
        int transactionId = in.getInt(in.readerIndex() + 4);
        Exchange<?> exchange = pending.get(transactionId);
        if (exchange == null || !exchange.target.equals(sender)) {
            LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped packet with unknown transaction id {1}",
                    sender, Integer.toHexString(transactionId));
            return;
        }
        UdpTrackerCodec.Reply reply;
        try {
            reply = UdpTrackerCodec.decode(in, sender.getAddress() instanceof Inet6Address ? 16 : 4);
        } catch (TrackerException e) {
            LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped malformed packet: {1}", sender,
                    e.getMessage());
            return;
        }
        if (reply instanceof UdpTrackerCodec.ErrorReply error) {
            // an error may mean our connection id is no longer accepted
            connections.remove(exchange.target);
            exchange.fail(new TrackerException(TrackerException.Kind.REJECTED, error.message()));
            return;
        }
        if (exchange.connecting) {
            if (!(reply instanceof UdpTrackerCodec.ConnectReply connect)) {
                LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped {1} while connecting", sender,
                        reply.getClass().getSimpleName());
                return;
            }
            exchange.timer.cancel(false);
            connections.put(exchange.target, new ConnectionId(connect.connectionId(),
                    System.nanoTime() + settings.connectionIdLifetime().toNanos()));
            send(exchange);
            return;
        }
        exchange.accept(reply);
    }

    private record ConnectionId(long id, long expiresAtNanos) {
    }

    private final class Exchange<T> {
        final Object owner;
        final InetSocketAddress target;
        final int action;
        final RequestEncoder encoder;
        final Function<UdpTrackerCodec.Reply, T> parse;
        final CompletableFuture<T> result;
        int attempt;
        int transactionId;
        boolean connecting;
        ScheduledFuture<?> timer;

        Exchange(Object owner, InetSocketAddress target, int action, RequestEncoder encoder,
                 Function<UdpTrackerCodec.Reply, T> parse, CompletableFuture<T> result) {
            this.owner = owner;
            this.target = target;
            this.action = action;
            this.encoder = encoder;
            this.parse = parse;
            this.result = result;
        }

        void accept(UdpTrackerCodec.Reply reply) {
            int replyAction = reply instanceof UdpTrackerCodec.AnnounceReply ? UdpTrackerCodec.ACTION_ANNOUNCE
                    : reply instanceof UdpTrackerCodec.ScrapeReply ? UdpTrackerCodec.ACTION_SCRAPE
                    : UdpTrackerCodec.ACTION_CONNECT;
            if (replyAction != action) {
                LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped action {1} reply (expected: {2})",
                        target, replyAction, action);
                return;
            }
            T value;
            try {
                value = parse.apply(reply);
            } catch (TrackerException e) {
                LOG.log(System.Logger.Level.DEBUG, "udp tracker {0}: dropped reply: {1}", target, e.getMessage());
                return;
            }
            finish();
            result.complete(value);
        }

        void fail(TrackerException error) {
            finish();
            result.completeExceptionally(error);
        }

        /** Forgets the exchange; runs on the loop, also when the result was completed from outside. */
        void finish() {
            if (pending.get(transactionId) == this) {
                pending.remove(transactionId);
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private final class ReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onDatagram(packet);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here; retransmission covers them
            LOG.log(System.Logger.Level.DEBUG, "udp tracker socket: {0}", cause.toString());
        }
    }
}
