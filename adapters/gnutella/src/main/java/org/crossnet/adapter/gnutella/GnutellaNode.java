package org.crossnet.adapter.gnutella;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.crossnet.adapter.gnutella.codec.Bye;
import org.crossnet.adapter.gnutella.codec.Extensions;
import org.crossnet.adapter.gnutella.codec.Ggep;
import org.crossnet.adapter.gnutella.codec.GgepExtension;
import org.crossnet.adapter.gnutella.codec.GnutellaWire;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.codec.HandshakeHeaders;
import org.crossnet.adapter.gnutella.codec.Hsep;
import org.crossnet.adapter.gnutella.codec.MalformedMessage;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Ping;
import org.crossnet.adapter.gnutella.codec.Pong;
import org.crossnet.adapter.gnutella.codec.Push;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.adapter.gnutella.codec.RouteTableUpdate;
import org.crossnet.adapter.gnutella.codec.UnknownPayload;
import org.crossnet.adapter.gnutella.codec.VendorCode;
import org.crossnet.adapter.gnutella.codec.VendorMessage;
import org.crossnet.adapter.gnutella.host.GWebCacheClient;
import org.crossnet.adapter.gnutella.host.HostCache;
import org.crossnet.adapter.gnutella.host.HostPort;
import org.crossnet.adapter.gnutella.host.StoredHosts;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.adapter.gnutella.mapping.HitBuilder;
import org.crossnet.adapter.gnutella.mapping.HitMapper;
import org.crossnet.adapter.gnutella.qrp.Keywords;
import org.crossnet.adapter.gnutella.qrp.QrpException;
import org.crossnet.adapter.gnutella.qrp.QueryRouteTable;
import org.crossnet.adapter.gnutella.qrp.RouteTableSender;
import org.crossnet.adapter.gnutella.routing.DropReason;
import org.crossnet.adapter.gnutella.routing.RateLimiter;
import org.crossnet.adapter.gnutella.routing.RouteTable;
import org.crossnet.adapter.gnutella.session.CloseReason;
import org.crossnet.adapter.gnutella.session.HandshakeHandler;
import org.crossnet.adapter.gnutella.session.PeerConnection;
import org.crossnet.adapter.gnutella.session.PeerRole;
import org.crossnet.adapter.gnutella.session.PortUnificationHandler;
import org.crossnet.adapter.gnutella.share.SharedLibrary;
import org.crossnet.adapter.gnutella.ultrapeer.DynamicQuery;
import org.crossnet.adapter.gnutella.ultrapeer.PongCache;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchQuery;

/**
 * The Gnutella servent: its connections, its role, and every routing decision. All state lives on one event loop
 * (every channel of the adapter is registered on it), so nothing here needs a lock; calls from other threads
 * ({@link #search}, {@link #close}) are passed to that loop, and share changes are seen by polling the library's
 * version on the tick.
 *
 * <p>Routing, per message type (ultrapeer behaviour; a leaf only answers and originates):
 * <ul>
 *   <li>PING: answered with our pong and, as an ultrapeer, cached pongs; never forwarded (pong caching).</li>
 *   <li>QUERY: duplicate and TTL checks, the sender's rate limit; answered from our shares; forwarded to leaves
 *       whose route table matches; a leaf's query runs as a {@link DynamicQuery} over our ultrapeers; an
 *       ultrapeer's query goes on to the other ultrapeers while TTL remains, and on its last hop only to those
 *       whose route table matches (last-hop QRP).</li>
 *   <li>QUERY HIT, PONG, PUSH: routed back by GUID (servent GUID for pushes); unknown routes are dropped.</li>
 *   <li>ROUTE_TABLE_UPDATE: applied to the sender's table; a broken sequence closes the connection.</li>
 * </ul>
 * Every drop is counted with a {@link DropReason}; every close with a {@link CloseReason}.
 */
final class GnutellaNode implements HandshakeHandler.Policy, PeerConnection.Listener,
        PortUnificationHandler.Dispatcher {
    static final String USER_AGENT = "Crossnet/0.1";
    /** Our vendor code's version byte in GGEP "VC". */
    private static final int VERSION_BYTE = 0x01;
    private static final long TICK_MILLIS = 250;
    private static final long MAINTAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(75);
    private static final long ROUTE_LIFETIME_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final int MAX_ROUTES = 100_000;
    private static final int MAX_DIALS = 4;
    private static final int MAX_RESULTS_PER_HIT = 10;
    private static final int MAX_CACHED_PONGS = 8;
    private static final int DYNAMIC_QUERY_TARGET = 50;
    private static final int MAX_OWN_QUERY_TTL = 4;
    private static final int MAX_MALFORMED = 20;
    private static final int MAX_ABUSES = 20;
    private static final int TRY_ULTRAPEERS = 10;
    /**
     * SO_SNDBUF of a Gnutella link once its handshake is done (not at accept: the port also serves HTTP uploads).
     * Small, as gtk-gnutella keeps it (nodes.c: 4 KiB, 1 KiB to leaves), so that a slow reader backs up into our
     * queue, where replies go before queries, old messages are dropped and Hops-Flow is sent, instead of into
     * megabytes of kernel buffer that the OS would grow it to.
     */
    private static final int SEND_BUFFER_ULTRAPEER = 8 * 1024;
    private static final int SEND_BUFFER_LEAF = 4 * 1024;
    /** Quiet time after the last share change before our table is rebuilt and sent: a burst of publishes, one patch. */
    private static final long QRP_DEBOUNCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest a share change waits for a quiet second while shares keep changing. */
    private static final long QRP_MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What the node may use of the adapter context, captured at start; every call goes through the gate. */
    record Environment(NetworkId network, EventSink events, Executor blocking, System.Logger logger,
                       LongSupplier epochMillis, StoredHosts storedHosts) {
    }

    private final GnutellaConfig config;
    private final Environment env;
    private final Gate gate;
    private final EventLoop loop;
    private final SharedLibrary library;
    private final HostCache hosts;
    private final HttpHandoff http;
    private final PushTarget pushTarget;
    private final Guid servent = Guid.random();
    private final HandshakeHandler.Settings settings;
    private final PeerConnection.Limits limits;
    private final PeerConnection.Limits ultrapeerLimits;
    private final RouteTableSender qrpSender = new RouteTableSender();
    private final List<PeerConnection> connections = new ArrayList<>();
    private final Set<HostPort> dialing = new HashSet<>();
    private final RouteTable<Object> queryRoutes;
    private final RouteTable<Object> ownPings;
    private final RouteTable<Object> pingsSeen;
    private final RouteTable<PeerConnection> pushRoutes;
    private final Map<Guid, LocalSearch> searches = new LinkedHashMap<>();
    private final Map<Guid, ActiveQuery> dynamicQueries = new LinkedHashMap<>();
    private final PongCache pongCache = new PongCache(64, TimeUnit.SECONDS.toNanos(60));
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private final Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
    /** Servent GUIDs with a push route, readable from any thread (the HTTP part asks before sending a PUSH). */
    private final Map<Guid, Long> pushRoutesSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private long queriesReceived;
    private PeerRole role;
    private int listenPort;
    private volatile Inet4Address externalAddress;
    private volatile boolean reachable;
    private QueryRouteTable ownTable;
    private long ownTableVersion = -1;
    private boolean leafTablesChanged;
    private long seenLibraryVersion = -1;
    private boolean sharesPending;
    private long sharesChangedNanos;
    private long sharesPendingSinceNanos;
    private long qrpSequencesSent;
    private long lastUpQrpNanos;
    private long lastMaintainNanos;
    private long lastPingNanos;
    private long lastGwcNanos = Long.MIN_VALUE / 2;
    private long lastSaveNanos;
    private ScheduledFuture<?> ticker;
    private boolean closed;
    private volatile String status = "starting";

    /** A query we run dynamically, for a leaf or ourselves. */
    private record ActiveQuery(Message query, Object origin, DynamicQuery<PeerConnection> plan) {
    }

    GnutellaNode(GnutellaConfig config, Environment env, Gate gate, EventLoop loop, SharedLibrary library,
                 HostCache hosts, HttpHandoff http, PushTarget pushTarget) {
        this.config = config;
        this.env = env;
        this.gate = gate;
        this.loop = loop;
        this.library = library;
        this.hosts = hosts;
        this.http = http;
        this.pushTarget = pushTarget;
        this.role = config.role() == GnutellaConfig.Role.LEAF ? PeerRole.LEAF : PeerRole.ULTRAPEER;
        this.settings = new HandshakeHandler.Settings(config.maxPayload(), config.handshakeTimeout().toMillis(),
                256 * 1024, 100, 64 * 1024);
        double rate = config.queryRateLimit();
        this.limits = new PeerConnection.Limits(1024, 512, 256, rate, (int) Math.max(5, Math.ceil(rate * 2)),
                QueryRouteTable.MAX_BITS);
        this.ultrapeerLimits = new PeerConnection.Limits(1024, 2048, 1024, rate * 10,
                (int) Math.max(50, Math.ceil(rate * 20)), QueryRouteTable.MAX_BITS);
        long now = System.currentTimeMillis();
        this.queryRoutes = new RouteTable<>(ROUTE_LIFETIME_MILLIS, MAX_ROUTES, now);
        this.ownPings = new RouteTable<>(TimeUnit.MINUTES.toMillis(2), 10_000, now);
        this.pingsSeen = new RouteTable<>(TimeUnit.MINUTES.toMillis(2), MAX_ROUTES, now);
        this.pushRoutes = new RouteTable<>(ROUTE_LIFETIME_MILLIS, MAX_ROUTES, now);
    }

    Guid servent() {
        return servent;
    }

    /** Starts the ticker; {@code port} is the bound listening port. Called once, from any thread. */
    void start(int port, InetAddress bound) {
        loop.execute(() -> {
            listenPort = port;
            if (bound instanceof Inet4Address a && !a.isAnyLocalAddress()) {
                externalAddress = a;
            }
            long epoch = epochMillis();
            for (String h : config.bootstrapHosts()) {
                hosts.add(HostPort.parse(h), true, epoch);
            }
            ticker = loop.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            updateStatus();
        });
    }

    // ---------------------------------------------------------------- public API (any thread)

    String status() {
        return status;
    }

    SearchHandle search(SearchQuery query, SearchSink sink) {
        Guid guid = Guid.random();
        LocalSearch[] holder = new LocalSearch[1];
        LocalSearch search = new LocalSearch(guid, query, sink, gate, () -> loop.execute(() -> forget(holder[0])),
                System.nanoTime());
        holder[0] = search;
        loop.execute(() -> startSearch(search));
        return search;
    }

    /** Closes every connection and stops the ticker; waits up to a few seconds. Called once, off the loop. */
    void close() {
        if (loop.inEventLoop()) {
            shutdown();
            return;
        }
        try {
            loop.submit(this::shutdown).await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends a PUSH toward {@code target} (a firewalled servent whose hit we routed) asking it to connect to us and
     * send {@code GIV} for {@code fileIndex}. Any thread, non-blocking.
     *
     * @return false when no route to the servent is known (no hit of it passed here in the last minutes)
     */
    boolean requestPush(Guid target, long fileIndex) {
        Long seen = pushRoutesSeen.get(target);
        if (seen == null || System.currentTimeMillis() - seen > 2 * ROUTE_LIFETIME_MILLIS || closed) {
            return false;
        }
        loop.execute(() -> sendPush(target, fileIndex));
        return true;
    }

    private void sendPush(Guid target, long fileIndex) {
        RouteTable.Route<PeerConnection> route = pushRoutes.get(target, System.currentTimeMillis());
        if (closed || route == null || !route.target().isOpen()) {
            pushRoutesSeen.remove(target);
            return;
        }
        PeerConnection c = route.target();
        InetSocketAddress local = c.channel().localAddress() instanceof InetSocketAddress a ? a : null;
        Inet4Address address = externalAddress != null ? externalAddress
                : local != null && local.getAddress() instanceof Inet4Address v4 ? v4 : null;
        if (address == null || listenPort <= 0) {
            return;
        }
        c.send(Message.originate(Math.min(MAX_OWN_QUERY_TTL + 2, 2 * config.maxTtl()),
                new Push(target, fileIndex, address, listenPort, Ggep.EMPTY)));
    }

    private void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (PeerConnection c : new ArrayList<>(connections)) {
            c.bye(200, CloseReason.SHUTDOWN, "Servent shutdown");
        }
        for (DynamicQuery<?> q : dynamicQueries.values().stream().map(ActiveQuery::plan).toList()) {
            q.cancel();
        }
        dynamicQueries.clear();
    }

    // ---------------------------------------------------------------- ticker

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        try {
            if (now - lastMaintainNanos >= MAINTAIN_NANOS) {
                lastMaintainNanos = now;
                maintainConnections(now);
            }
            if (now - lastPingNanos >= PING_NANOS) {
                lastPingNanos = now;
                pingNeighbours(now);
            }
            updateRouteTables(now);
            stepDynamicQueries(now);
            expireSearches(now);
            if (now - lastSaveNanos >= TimeUnit.SECONDS.toNanos(60)) {
                lastSaveNanos = now;
                saveHosts();
            }
            updateStatus();
        } catch (RuntimeException e) {
            log(Level.ERROR, "gnutella tick failed: " + e);
        }
    }

    private void maintainConnections(long now) {
        if (config.role() == GnutellaConfig.Role.AUTO && role == PeerRole.LEAF && ultrapeerCount() == 0
                && dialing.isEmpty()) {
            // A demoted node that lost its ultrapeers is ultrapeer-capable again.
            role = PeerRole.ULTRAPEER;
        }
        int want = role == PeerRole.LEAF ? config.leafConnections() : config.maxConnections();
        int have = ultrapeerCount() + dialing.size();
        if (have >= want || dialing.size() >= MAX_DIALS) {
            return;
        }
        Set<HostPort> exclude = new HashSet<>(dialing);
        for (PeerConnection c : connections) {
            if (c.info().listenAddress() != null) {
                exclude.add(c.info().listenAddress());
            }
            exclude.add(HostPort.of(c.info().remote()));
        }
        exclude.addAll(selfAddresses());
        List<HostPort> candidates = hosts.candidates(Math.min(MAX_DIALS - dialing.size(), want - have), exclude,
                epochMillis());
        for (HostPort hp : candidates) {
            dial(hp);
        }
        if (candidates.isEmpty() && connections.isEmpty() && !config.gwebcacheUrls().isEmpty()
                && now - lastGwcNanos >= TimeUnit.MINUTES.toNanos(5)) {
            lastGwcNanos = now;
            askGWebCaches();
        }
    }

    private Set<HostPort> selfAddresses() {
        Set<HostPort> self = new HashSet<>();
        if (listenPort > 0) {
            self.add(new HostPort("127.0.0.1", listenPort));
            Inet4Address ext = externalAddress;
            if (ext != null) {
                self.add(new HostPort(ext.getHostAddress(), listenPort));
            }
        }
        return self;
    }

    private void pingNeighbours(long now) {
        for (PeerConnection c : new ArrayList<>(connections)) {
            if (c.idleNanos(now) > IDLE_NANOS) {
                c.bye(408, CloseReason.IDLE_TIMEOUT, "Idle for " + TimeUnit.NANOSECONDS.toSeconds(IDLE_NANOS)
                        + " s");
                continue;
            }
            if (c.isUltrapeer()) {
                // TTL 1 with SCP: the neighbour answers with its own pong and its cached ones.
                Message ping = Message.originate(1, new Ping(Ggep.of(GgepExtension.of("SCP", new byte[] {0}))));
                ownPings.add(ping.guid(), Boolean.TRUE, System.currentTimeMillis());
                c.send(ping);
            }
        }
    }

    private void askGWebCaches() {
        List<String> urls = config.gwebcacheUrls();
        gate.run(() -> env.blocking().execute(() -> {
            GWebCacheClient client = new GWebCacheClient(10_000, "0.1");
            for (String url : urls) {
                if (!gate.isOpen()) {
                    return;
                }
                try {
                    List<HostPort> found = client.hosts(url);
                    loop.execute(() -> {
                        long epoch = epochMillis();
                        for (HostPort hp : found) {
                            hosts.add(hp, true, epoch);
                        }
                    });
                } catch (java.io.IOException | RuntimeException e) {
                    log(Level.DEBUG, "gwebcache " + url + " failed: " + e.getMessage());
                }
            }
        }));
    }

    /** Writes the hosts learnt since the last save to the gateway's host store, on the blocking executor. */
    private void saveHosts() {
        gate.execute(env.blocking(), env.storedHosts()::flush);
    }

    private void expireSearches(long now) {
        long limit = config.searchDuration().toNanos();
        for (Iterator<LocalSearch> it = searches.values().iterator(); it.hasNext();) {
            LocalSearch s = it.next();
            if (!s.active() || now - s.startedNanos() >= limit) {
                s.finish(null);
                it.remove();
                ActiveQuery q = dynamicQueries.remove(s.guid());
                if (q != null) {
                    q.plan().cancel();
                }
            }
        }
    }

    private void updateStatus() {
        int up = ultrapeerCount();
        int leaves = leafCount();
        status = role.name().toLowerCase(Locale.ROOT) + ", " + up + (up == 1 ? " ultrapeer, " : " ultrapeers, ")
                + leaves + (leaves == 1 ? " leaf, " : " leaves, ") + library.size() + " shared, " + hosts.size()
                + " hosts known" + (listenPort > 0 ? ", listening on " + listenPort : "");
    }

    // ---------------------------------------------------------------- dialling and handshakes

    /** Dials a peer now (tests and the bootstrap). */
    void dial(HostPort address) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> dial(address));
            return;
        }
        if (closed || dialing.contains(address)) {
            return;
        }
        dialing.add(address);
        if (address.isLiteral()) {
            connect(address, new InetSocketAddress(address.host(), address.port()));
            return;
        }
        // A name from the bootstrap list: resolve where blocking is allowed.
        boolean handed = gate.call(() -> {
            env.blocking().execute(() -> {
                InetSocketAddress resolved;
                try {
                    resolved = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
                } catch (UnknownHostException e) {
                    resolved = null;
                }
                InetSocketAddress target = resolved;
                loop.execute(() -> {
                    if (target == null) {
                        dialing.remove(address);
                        hosts.failed(address, epochMillis());
                    } else {
                        connect(address, target);
                    }
                });
            });
            return true;
        }, false);
        if (!handed) {
            dialing.remove(address);
        }
    }

    private void connect(HostPort address, InetSocketAddress target) {
        if (closed) {
            dialing.remove(address);
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(10_000, config.handshakeTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HandshakeHandler.outgoing(GnutellaNode.this, settings, address).install(ch.pipeline());
                    }
                });
        ChannelFuture f = b.connect(target);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                dialing.remove(address);
                hosts.failed(address, epochMillis());
                log(Level.DEBUG, "gnutella: cannot connect to " + address + ": " + done.cause().getMessage());
            }
        });
    }

    /** Installs the pipeline of an accepted connection. */
    ChannelInitializer<SocketChannel> acceptor() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // Any connection reaching us proves the port is open (TCP connect-back relies on it).
                reachable = true;
                ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32 * 1024, 64 * 1024));
                ch.pipeline().addLast(PortUnificationHandler.NAME, new PortUnificationHandler(GnutellaNode.this,
                        config.handshakeTimeout().toMillis()));
            }
        };
    }

    @Override
    public void gnutella(Channel channel) {
        HandshakeHandler.incoming(this, settings).install(channel.pipeline());
    }

    @Override
    public void http(Channel channel, ByteBuf firstBytes) {
        if (closed) {
            ReferenceCountUtil.release(firstBytes);
            channel.close();
            return;
        }
        http.accept(channel, firstBytes);
    }

    @Override
    public void rejected(Channel channel, CloseReason reason, String detail) {
        count(reason);
        log(Level.DEBUG, "gnutella: closing " + channel.remoteAddress() + ": " + reason + " " + detail);
    }

    @Override
    public HandshakeHeaders connectHeaders(InetSocketAddress remote) {
        HandshakeHeaders.Builder h = commonHeaders(remote);
        h.add(HandshakeHeaders.X_ULTRAPEER, role == PeerRole.ULTRAPEER);
        if (config.compression()) {
            h.add(HandshakeHeaders.ACCEPT_ENCODING, "deflate");
        }
        return h.build();
    }

    private HandshakeHeaders.Builder commonHeaders(InetSocketAddress remote) {
        HandshakeHeaders.Builder h = HandshakeHeaders.builder()
                .add(HandshakeHeaders.USER_AGENT, USER_AGENT)
                .add(HandshakeHeaders.GUID, servent.toString());
        Inet4Address ext = externalAddress;
        if (ext != null && listenPort > 0) {
            h.add(HandshakeHeaders.LISTEN_IP, ext.getHostAddress() + ":" + listenPort);
        } else if (listenPort > 0 && remote != null && remote.getAddress() != null
                && remote.getAddress().isLoopbackAddress()) {
            h.add(HandshakeHeaders.LISTEN_IP, "127.0.0.1:" + listenPort);
        }
        if (remote != null && remote.getAddress() != null) {
            h.add(HandshakeHeaders.REMOTE_IP, remote.getAddress().getHostAddress());
        }
        h.add(HandshakeHeaders.X_QUERY_ROUTING, "0.2")
                .add(HandshakeHeaders.GGEP, "0.5")
                .add(HandshakeHeaders.PONG_CACHING, "0.1")
                .add(HandshakeHeaders.VENDOR_MESSAGE, "0.2")
                .add(HandshakeHeaders.BYE_PACKET, "0.1")
                .add(HandshakeHeaders.X_MAX_TTL, config.maxTtl());
        if (role == PeerRole.ULTRAPEER) {
            h.add(HandshakeHeaders.X_ULTRAPEER_QUERY_ROUTING, "0.1")
                    .add(HandshakeHeaders.X_DYNAMIC_QUERYING, "0.1")
                    .add(HandshakeHeaders.X_DEGREE, config.maxConnections());
        }
        return h;
    }

    @Override
    public HandshakeHandler.Answer answer(HandshakeBlock request, InetSocketAddress remote) {
        HandshakeHeaders theirs = request.headers();
        HandshakeHeaders.Builder h = commonHeaders(remote);
        h.add(HandshakeHeaders.X_ULTRAPEER, role == PeerRole.ULTRAPEER);
        addTryUltrapeers(h, remote);
        if (closed) {
            return new HandshakeHandler.Answer(503, "Shutting down", h.build());
        }
        if (theirs.guid().filter(servent::equals).isPresent()) {
            return new HandshakeHandler.Answer(409, "Self connection", h.build());
        }
        if (theirs.guid().isPresent() && connectedTo(theirs.guid().get())) {
            return new HandshakeHandler.Answer(409, "Already connected", h.build());
        }
        if (theirs.ultrapeer().isEmpty()) {
            return new HandshakeHandler.Answer(403, "Normal nodes refused", h.build());
        }
        if (role == PeerRole.LEAF) {
            return new HandshakeHandler.Answer(503, "I am a shielded leaf node", h.build());
        }
        boolean peerUltrapeer = theirs.ultrapeer().get();
        boolean upSlot = ultrapeerCount() < config.maxConnections();
        boolean leafSlot = leafCount() < config.maxLeaves();
        if (peerUltrapeer) {
            if (!upSlot && !leafSlot) {
                return new HandshakeHandler.Answer(503, "Ultrapeer slots full", h.build());
            }
            // Leaf guidance: without an ultrapeer slot, invite it to be our leaf instead.
            h.add(HandshakeHeaders.X_ULTRAPEER_NEEDED, upSlot);
        } else {
            if (!leafSlot) {
                return new HandshakeHandler.Answer(503, "Leaf slots full", h.build());
            }
            h.add(HandshakeHeaders.X_ULTRAPEER_NEEDED, ultrapeerCount() < config.maxConnections());
        }
        if (config.compression()) {
            h.add(HandshakeHeaders.ACCEPT_ENCODING, "deflate");
            if (theirs.acceptsDeflate()) {
                h.add(HandshakeHeaders.CONTENT_ENCODING, "deflate");
            }
        }
        learnRemoteIp(theirs);
        return HandshakeHandler.Answer.ok(h.build());
    }

    @Override
    public HandshakeHandler.Answer confirm(HandshakeBlock response, InetSocketAddress remote) {
        HandshakeHeaders theirs = response.headers();
        HandshakeHeaders.Builder h = HandshakeHeaders.builder();
        if (closed) {
            return new HandshakeHandler.Answer(503, "Shutting down", h.build());
        }
        if (theirs.guid().filter(servent::equals).isPresent()) {
            return new HandshakeHandler.Answer(409, "Self connection", h.build());
        }
        if (theirs.guid().isPresent() && connectedTo(theirs.guid().get())) {
            return new HandshakeHandler.Answer(409, "Already connected", h.build());
        }
        learnRemoteIp(theirs);
        boolean peerUltrapeer = theirs.ultrapeer().orElse(false);
        if (!peerUltrapeer) {
            if (role == PeerRole.ULTRAPEER && leafCount() < config.maxLeaves()) {
                return accept(h, theirs);
            }
            return new HandshakeHandler.Answer(503, "Not an ultrapeer", h.build());
        }
        if (role == PeerRole.LEAF) {
            return accept(h, theirs);
        }
        if (config.role() == GnutellaConfig.Role.AUTO && theirs.ultrapeerNeeded().filter(n -> !n).isPresent()
                && leafCount() == 0) {
            // Leaf guidance: the ultrapeer has peers enough; we have no leaves, so we become its leaf.
            demoteToLeaf();
            h.add(HandshakeHeaders.X_ULTRAPEER, false);
            return accept(h, theirs);
        }
        if (ultrapeerCount() >= config.maxConnections()) {
            return new HandshakeHandler.Answer(503, "Ultrapeer slots full", h.build());
        }
        return accept(h, theirs);
    }

    private HandshakeHandler.Answer accept(HandshakeHeaders.Builder h, HandshakeHeaders theirs) {
        if (config.compression() && theirs.acceptsDeflate()) {
            h.add(HandshakeHeaders.CONTENT_ENCODING, "deflate");
        }
        return HandshakeHandler.Answer.ok(h.build());
    }

    private void demoteToLeaf() {
        role = PeerRole.LEAF;
        for (PeerConnection c : new ArrayList<>(connections)) {
            if (c.info().ourRole() == PeerRole.ULTRAPEER) {
                c.bye(503, CloseReason.ROLE_CHANGE, "Becoming a leaf");
            }
        }
    }

    private void addTryUltrapeers(HandshakeHeaders.Builder h, InetSocketAddress remote) {
        Set<HostPort> exclude = new HashSet<>(selfAddresses());
        if (remote != null) {
            exclude.add(HostPort.of(remote));
        }
        List<HostPort> known = new ArrayList<>();
        for (PeerConnection c : connections) {
            if (c.isUltrapeer() && c.info().listenAddress() != null && !exclude.contains(c.info().listenAddress())) {
                known.add(c.info().listenAddress());
            }
        }
        for (HostPort hp : hosts.ultrapeers(TRY_ULTRAPEERS, exclude)) {
            if (!known.contains(hp) && known.size() < TRY_ULTRAPEERS) {
                known.add(hp);
            }
        }
        if (!known.isEmpty()) {
            h.add(HandshakeHeaders.X_TRY_ULTRAPEERS, String.join(",", known.stream().map(HostPort::toString).toList()));
        }
    }

    private void learnRemoteIp(HandshakeHeaders theirs) {
        if (externalAddress != null) {
            return;
        }
        theirs.remoteIp().ifPresent(ip -> {
            HostPort hp = HostPort.tryParse(ip + ":1");
            if (hp != null && hp.isLiteral()) {
                try {
                    InetAddress a = InetAddress.getByName(ip);
                    if (a instanceof Inet4Address v4 && !v4.isLoopbackAddress() && !v4.isAnyLocalAddress()) {
                        externalAddress = v4;
                    }
                } catch (UnknownHostException e) {
                    // a literal never needs a lookup
                }
            }
        });
    }

    private boolean connectedTo(Guid guid) {
        for (PeerConnection c : connections) {
            if (guid.equals(c.info().servent())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PeerConnection established(PeerConnection.Info info, Channel channel) {
        if (info.outgoing() && info.listenAddress() != null) {
            dialing.remove(info.listenAddress());
        }
        String refusal = null;
        boolean peerUltrapeer = info.peerRole() == PeerRole.ULTRAPEER;
        if (closed) {
            refusal = "shutting down";
        } else if (info.ourRole() == PeerRole.LEAF) {
            if (!peerUltrapeer) {
                refusal = "a leaf does not connect to leaves";
            } else if (role != PeerRole.LEAF) {
                refusal = "we are an ultrapeer now";
            } else if (ultrapeerCount() >= config.leafConnections()) {
                refusal = "leaf has ultrapeers enough";
            }
        } else if (role == PeerRole.LEAF) {
            refusal = "we became a leaf";
        } else if (peerUltrapeer && ultrapeerCount() >= config.maxConnections()) {
            refusal = "no ultrapeer slot";
        } else if (!peerUltrapeer && leafCount() >= config.maxLeaves()) {
            refusal = "no leaf slot";
        } else if (info.servent() != null && connectedTo(info.servent())) {
            refusal = "already connected to " + info.servent();
        }
        if (refusal != null) {
            failed(info.remote(), info.outgoing() ? info.listenAddress() : null, CloseReason.REFUSED, refusal,
                    info.headers());
            return null;
        }
        // An ultrapeer connection carries the queries of many hosts: its rate limit is ten times a leaf's.
        PeerConnection.Limits l = peerUltrapeer ? ultrapeerLimits : limits;
        PeerConnection c = new PeerConnection(info, this, l, channel);
        channel.config().setOption(ChannelOption.SO_SNDBUF, peerUltrapeer ? SEND_BUFFER_ULTRAPEER : SEND_BUFFER_LEAF);
        connections.add(c);
        if (info.listenAddress() != null) {
            hosts.connected(info.listenAddress(), peerUltrapeer, epochMillis());
        }
        for (String t : info.headers().tryUltrapeers()) {
            HostPort hp = HostPort.tryParse(t);
            if (hp != null && hp.isLiteral()) {
                hosts.add(hp, true, epochMillis());
            }
        }
        // The pipeline gets its message codecs when this returns: send once it has them.
        loop.execute(() -> ready(c));
        log(Level.DEBUG, "gnutella: connected " + c);
        return c;
    }

    private void ready(PeerConnection c) {
        if (!c.isOpen()) {
            return;
        }
        if (c.info().headers().vendorMessages()) {
            c.send(new Message(Guid.random(), 1, 0, VendorMessage.of(VendorCode.NULL,
                    VendorMessage.MESSAGES_SUPPORTED, 0, new VendorMessage.MessagesSupported(List.of(
                            new VendorMessage.Supported(VendorCode.BEAR, VendorMessage.HOPS_FLOW, 1),
                            new VendorMessage.Supported(VendorCode.BEAR, VendorMessage.TCP_CONNECT_BACK, 1))))));
        }
        Message ping = Message.originate(1, Ping.plain());
        ownPings.add(ping.guid(), Boolean.TRUE, System.currentTimeMillis());
        c.send(ping);
        if (c.info().ourRole() == PeerRole.LEAF || c.info().headers().ultrapeerQueryRouting()
                && c.isUltrapeer() && role == PeerRole.ULTRAPEER) {
            sendRouteTable(c);
        }
        if (c.info().ourRole() == PeerRole.LEAF) {
            // Our searches still running reach the new ultrapeer too.
            for (LocalSearch s : searches.values()) {
                if (s.active()) {
                    c.send(new Message(s.guid(), ownQueryTtl(), 0, ownQuery(s.query())));
                }
            }
        }
    }

    @Override
    public void failed(InetSocketAddress remote, HostPort dialled, CloseReason reason, String detail,
                       HandshakeHeaders theirs) {
        count(reason);
        if (dialled != null) {
            dialing.remove(dialled);
            if (reason != CloseReason.REFUSED) {
                hosts.failed(dialled, epochMillis());
            }
        }
        for (String t : theirs.tryUltrapeers()) {
            HostPort hp = HostPort.tryParse(t);
            if (hp != null && hp.isLiteral()) {
                hosts.add(hp, true, epochMillis());
            }
        }
        log(Level.DEBUG, "gnutella: handshake with " + remote + " failed: " + reason + " " + detail);
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void message(PeerConnection c, Message m) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long epoch = System.currentTimeMillis();
        Object payload = m.payload();
        if (payload instanceof Query q) {
            onQuery(c, m, q, now, epoch);
        } else if (payload instanceof QueryHit hit) {
            onQueryHit(c, m, hit, epoch);
        } else if (payload instanceof Ping p) {
            onPing(c, m, p, now, epoch);
        } else if (payload instanceof Pong p) {
            onPong(c, m, p, now, epoch);
        } else if (payload instanceof Push p) {
            onPush(c, m, p, epoch);
        } else if (payload instanceof RouteTableUpdate u) {
            onRouteTableUpdate(c, u);
        } else if (payload instanceof VendorMessage v) {
            onVendor(c, v);
        } else if (payload instanceof Bye b) {
            c.close(CloseReason.REMOTE_BYE, b.code() + " " + b.reason().text());
        } else if (payload instanceof Hsep) {
            // Horizon statistics: accepted, not used.
            return;
        } else if (payload instanceof UnknownPayload u) {
            drop(c, m, DropReason.UNKNOWN_TYPE, GnutellaWire.typeName(u.type()));
        }
    }

    @Override
    public void malformed(PeerConnection c, MalformedMessage m) {
        count(DropReason.MALFORMED);
        log(Level.DEBUG, "gnutella: dropped from " + c + ": " + m);
        if (c.countMalformed() > MAX_MALFORMED) {
            notice("closed " + c + ": more than " + MAX_MALFORMED + " malformed messages");
            c.bye(400, CloseReason.PROTOCOL_VIOLATION, "Too many malformed messages");
        }
    }

    /** Broadcast messages (queries, pings): TTL 0 or TTL + hops above our X-Max-TTL are dropped. */
    private boolean broadcastTtlOk(PeerConnection c, Message m) {
        if (m.ttl() == 0) {
            drop(c, m, DropReason.EXPIRED, "ttl 0");
            return false;
        }
        if (m.ttl() + m.hops() > config.maxTtl()) {
            drop(c, m, DropReason.TTL_ABUSE, "ttl " + m.ttl() + " + hops " + m.hops() + " (expected: at most "
                    + config.maxTtl() + ")");
            return false;
        }
        return true;
    }

    /** Routed replies travel back with TTLs servents pad generously (gtk-gnutella: 6); twice our limit is abuse. */
    private boolean replyTtlOk(PeerConnection c, Message m) {
        if (m.ttl() == 0) {
            drop(c, m, DropReason.EXPIRED, "ttl 0");
            return false;
        }
        if (m.ttl() + m.hops() > 2 * config.maxTtl() + 2) {
            drop(c, m, DropReason.TTL_ABUSE, "ttl " + m.ttl() + " + hops " + m.hops() + " (expected: at most "
                    + (2 * config.maxTtl() + 2) + ")");
            return false;
        }
        return true;
    }

    private void onQuery(PeerConnection c, Message m, Query q, long now, long epoch) {
        queriesReceived++;
        if (!broadcastTtlOk(c, m)) {
            return;
        }
        RateLimiter.Verdict v = c.queryLimiter().offer(now);
        if (v == RateLimiter.Verdict.CUT) {
            count(DropReason.RATE_LIMITED);
            notice("cut " + c + ": query flood above " + config.queryRateLimit() + "/s");
            c.bye(429, CloseReason.QUERY_FLOOD, "Query flood");
            return;
        }
        if (v == RateLimiter.Verdict.DROP) {
            drop(c, m, DropReason.RATE_LIMITED, "above " + config.queryRateLimit() + " queries/s");
            return;
        }
        if (c.isLeaf() && m.hops() > 0) {
            drop(c, m, DropReason.NOT_ALLOWED, "a leaf forwarded a query (hops " + m.hops() + ")");
            return;
        }
        if (!queryRoutes.add(m.guid(), c, epoch)) {
            drop(c, m, DropReason.DUPLICATE, "query " + m.guid());
            return;
        }
        answer(c, m, q);
        if (role == PeerRole.LEAF) {
            return;
        }
        List<String> words = Keywords.words(q.criteria().text());
        List<String> urns = urns(q);
        forwardToLeaves(c, new Message(m.guid(), 1, m.hops() + 1, q), words, urns);
        if (c.isLeaf()) {
            startDynamicQuery(m, c, now);
        } else if (m.ttl() > 1) {
            Message fwd = m.forwarded();
            for (PeerConnection u : new ArrayList<>(connections)) {
                if (u != c && u.isUltrapeer() && fwd.hops() < u.hopsFlow()
                        && (fwd.ttl() > 1 || lastHopMatches(u, words, urns))) {
                    u.send(fwd);
                }
            }
        }
    }

    private void answer(PeerConnection c, Message m, Query q) {
        List<SharedLibrary.Entry> matches = library.match(q, MAX_RESULTS_PER_HIT);
        if (matches.isEmpty()) {
            return;
        }
        InetSocketAddress local = c.channel().localAddress() instanceof InetSocketAddress a ? a : null;
        Inet4Address address = externalAddress;
        if (address == null && local != null && local.getAddress() instanceof Inet4Address v4) {
            address = v4;
        }
        if (address == null) {
            return;
        }
        QueryHit hit = HitBuilder.build(q, matches, address, listenPort, 10_000, !reachable, servent);
        c.send(new Message(m.guid(), Math.min(m.hops() + 2, 2 * config.maxTtl()), 0, hit));
    }

    private static List<String> urns(Query q) {
        List<String> urns = new ArrayList<>();
        for (Extensions.Urn u : q.extensions().urns()) {
            if (u.sha1().isPresent()) {
                urns.add("urn:sha1:" + u.sha1().get().bytes().base32());
            }
        }
        return urns;
    }

    private void forwardToLeaves(PeerConnection origin, Message toLeaves, List<String> words, List<String> urns) {
        for (PeerConnection l : new ArrayList<>(connections)) {
            if (l == origin || !l.isLeaf() || toLeaves.hops() >= l.hopsFlow()) {
                continue;
            }
            QueryRouteTable t = l.receivedTable().table();
            // A leaf is queried only through its route table: none yet (or a half-applied one) means no query.
            if (t != null && l.receivedTable().patchesApplied() > 0 && t.matches(words, urns)) {
                l.send(toLeaves);
            }
        }
    }

    /** Last-hop QRP: an ultrapeer that sent us its table gets a TTL-1 query only when the table matches. */
    private static boolean lastHopMatches(PeerConnection u, List<String> words, List<String> urns) {
        QueryRouteTable t = u.receivedTable().table();
        if (t == null || u.receivedTable().patchesApplied() == 0) {
            return true;
        }
        return t.matches(words, urns);
    }

    private void startDynamicQuery(Message m, Object origin, long now) {
        DynamicQuery<PeerConnection> plan = new DynamicQuery<>(DYNAMIC_QUERY_TARGET,
                Math.min(MAX_OWN_QUERY_TTL, config.maxTtl()), 3, config.dynamicQueryStep().toNanos(),
                config.searchDuration().toNanos(), now);
        dynamicQueries.put(m.guid(), new ActiveQuery(m, origin, plan));
        stepDynamicQuery(m.guid(), dynamicQueries.get(m.guid()), now);
    }

    private void stepDynamicQueries(long now) {
        for (Iterator<Map.Entry<Guid, ActiveQuery>> it = dynamicQueries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Guid, ActiveQuery> e = it.next();
            if (!stepDynamicQuery(e.getKey(), e.getValue(), now)) {
                it.remove();
            }
        }
    }

    /** Returns false when the query is over. */
    private boolean stepDynamicQuery(Guid guid, ActiveQuery q, long now) {
        if (q.origin() instanceof PeerConnection o && !o.isOpen()
                || q.origin() instanceof LocalSearch s && !s.active()) {
            q.plan().cancel();
            return false;
        }
        RouteTable.Route<Object> route = queryRoutes.get(guid, System.currentTimeMillis());
        int results = route == null ? 0 : route.replies();
        Query query = (Query) q.query().payload();
        List<String> words = Keywords.words(query.criteria().text());
        List<String> urns = urns(query);
        List<PeerConnection> candidates = new ArrayList<>();
        for (PeerConnection u : connections) {
            if (u != q.origin() && u.isUltrapeer() && u.isOpen() && q.query().hops() + 1 < u.hopsFlow()) {
                candidates.add(u);
            }
        }
        for (DynamicQuery.Send<PeerConnection> s : q.plan().step(candidates, results,
                u -> lastHopMatches(u, words, urns), now)) {
            s.connection().send(new Message(guid, s.ttl(), q.query().hops() + 1, query));
        }
        return !q.plan().finished();
    }

    private void onQueryHit(PeerConnection c, Message m, QueryHit hit, long epoch) {
        if (!replyTtlOk(c, m)) {
            return;
        }
        RouteTable.Route<Object> route = queryRoutes.get(m.guid(), epoch);
        if (route == null) {
            drop(c, m, DropReason.UNKNOWN_ROUTE, "query hit for " + m.guid());
            return;
        }
        if (pushRoutes.add(hit.servent(), c, epoch)) {
            pushRoutesSeen.put(hit.servent(), epoch);
        }
        route.countReplies(hit.results().size());
        Object target = route.target();
        if (target instanceof LocalSearch s) {
            s.deliver(HitMapper.map(hit, s.query(), env.network()));
        } else if (target instanceof PeerConnection o) {
            if (o == c || !o.isOpen()) {
                drop(c, m, DropReason.UNKNOWN_ROUTE, "route to a closed connection");
            } else if (m.ttl() <= 1) {
                drop(c, m, DropReason.EXPIRED, "query hit with ttl 1 to forward");
            } else {
                o.send(m.forwarded());
            }
        }
    }

    private void onPing(PeerConnection c, Message m, Ping p, long now, long epoch) {
        if (!broadcastTtlOk(c, m)) {
            return;
        }
        if (!pingsSeen.add(m.guid(), c, epoch)) {
            drop(c, m, DropReason.DUPLICATE, "ping " + m.guid());
            return;
        }
        if (c.pingLimiter().offer(now) != RateLimiter.Verdict.ACCEPT) {
            drop(c, m, DropReason.RATE_LIMITED, "pings too often");
            return;
        }
        InetSocketAddress local = c.channel().localAddress() instanceof InetSocketAddress a ? a : null;
        Inet4Address address = externalAddress != null ? externalAddress
                : local != null && local.getAddress() instanceof Inet4Address v4 ? v4 : null;
        if (address != null && listenPort > 0) {
            c.send(new Message(m.guid(), m.hops() + 1, 0, ownPong(address)));
        }
        if (role == PeerRole.ULTRAPEER && (m.ttl() > 1 || p.ggep().has("SCP"))) {
            for (PongCache.Entry e : pongCache.fresh(MAX_CACHED_PONGS, c, now)) {
                c.send(new Message(m.guid(), m.hops() + 1, e.hops() + 1, e.pong()));
            }
        }
    }

    private Pong ownPong(Inet4Address address) {
        List<GgepExtension> ggep = new ArrayList<>();
        byte[] vc = new byte[5];
        System.arraycopy("CNET".getBytes(StandardCharsets.US_ASCII), 0, vc, 0, 4);
        vc[4] = (byte) VERSION_BYTE;
        ggep.add(GgepExtension.of("VC", vc));
        if (role == PeerRole.ULTRAPEER) {
            // UP: <version><free leaf slots><free ultrapeer slots>
            ggep.add(GgepExtension.of("UP", new byte[] {1,
                (byte) Math.max(0, Math.min(255, config.maxLeaves() - leafCount())),
                (byte) Math.max(0, Math.min(255, config.maxConnections() - ultrapeerCount()))}));
        }
        return new Pong(listenPort, address, Math.min(library.size(), 0xFFFFFFFFL),
                Math.min(library.kilobytes(), 0xFFFFFFFFL), new Ggep(ggep));
    }

    private void onPong(PeerConnection c, Message m, Pong p, long now, long epoch) {
        if (!replyTtlOk(c, m)) {
            return;
        }
        if (!ownPings.contains(m.guid(), epoch)) {
            drop(c, m, DropReason.UNKNOWN_ROUTE, "pong for " + m.guid());
            return;
        }
        boolean ultrapeer = p.ultrapeer() || m.hops() == 0 && c.isUltrapeer();
        // Only ultrapeers are worth dialling: leaves refuse incoming Gnutella connections.
        if (ultrapeer && p.port() > 0 && !p.address().isAnyLocalAddress()) {
            hosts.add(new HostPort(p.address().getHostAddress(), p.port()), true, epoch);
            if (role == PeerRole.ULTRAPEER && c.isUltrapeer()) {
                pongCache.add(p, m.hops(), c, now);
            }
        }
    }

    private void onPush(PeerConnection c, Message m, Push p, long epoch) {
        if (!replyTtlOk(c, m)) {
            return;
        }
        if (p.servent().equals(servent)) {
            pushTarget.push(p);
            return;
        }
        RouteTable.Route<PeerConnection> route = pushRoutes.get(p.servent(), epoch);
        if (route == null || !route.target().isOpen() || route.target() == c) {
            drop(c, m, DropReason.UNKNOWN_ROUTE, "push for servent " + p.servent());
            return;
        }
        if (m.ttl() <= 1) {
            drop(c, m, DropReason.EXPIRED, "push with ttl 1 to forward");
            return;
        }
        route.target().send(m.forwarded());
    }

    private void onRouteTableUpdate(PeerConnection c, RouteTableUpdate u) {
        if (role != PeerRole.ULTRAPEER || c.info().ourRole() != PeerRole.ULTRAPEER) {
            // A leaf routes nothing: it has no use for its ultrapeer's table (gtk-gnutella sends it anyway).
            count(DropReason.NOT_ALLOWED);
            return;
        }
        try {
            if (c.receivedTable().apply(u) && c.isLeaf()) {
                leafTablesChanged = true;
            }
        } catch (QrpException e) {
            notice("closed " + c + ": " + e.getMessage());
            c.bye(400, CloseReason.PROTOCOL_VIOLATION, "QRP: " + e.getMessage());
        }
    }

    private void onVendor(PeerConnection c, VendorMessage v) {
        VendorMessage.Body body = v.body();
        if (body instanceof VendorMessage.MessagesSupported list) {
            c.supported(list);
            if (c.info().ourRole() == PeerRole.LEAF && !reachable && listenPort > 0
                    && list.supports(VendorCode.BEAR, VendorMessage.TCP_CONNECT_BACK)) {
                c.send(new Message(Guid.random(), 1, 0, VendorMessage.of(VendorCode.BEAR,
                        VendorMessage.TCP_CONNECT_BACK, 1, new VendorMessage.TcpConnectBack(listenPort))));
            }
        } else if (body instanceof VendorMessage.HopsFlow flow) {
            c.hopsFlow(flow.hops());
        } else if (body instanceof VendorMessage.TcpConnectBack back) {
            if (role == PeerRole.ULTRAPEER && c.takeConnectBack()) {
                connectBack(new InetSocketAddress(c.info().remote().getAddress(), back.port()));
            }
        }
    }

    /** Opens a TCP connection to a leaf and closes it: that it arrived tells the leaf its port is open. */
    private void connectBack(InetSocketAddress target) {
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                .connect(target).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        f.channel().writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer("\n\n", StandardCharsets.US_ASCII))
                                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                    }
                });
    }

    @Override
    public void closed(PeerConnection c) {
        connections.remove(c);
        count(c.closeReason());
        queryRoutes.removeTargets(t -> t == c);
        pushRoutes.removeTargets(t -> t == c);
        pushRoutesSeen.keySet().removeIf(g -> pushRoutes.get(g, System.currentTimeMillis()) == null);
        pongCache.forget(c);
        for (ActiveQuery q : dynamicQueries.values()) {
            q.plan().forget(c);
        }
        if (c.isLeaf()) {
            leafTablesChanged = true;
        }
        log(Level.DEBUG, "gnutella: closed " + c + ": " + c.closeReason() + " " + c.closeDetail());
    }

    // ---------------------------------------------------------------- QRP

    /** Rebuilds our table when the shares changed and sends the change to the ultrapeers we are a leaf of. */
    private void refreshOwnTable() {
        sharesPending = false;
        if (ownTable != null && library.version() == ownTableVersion) {
            return;
        }
        ownTableVersion = library.version();
        ownTable = library.routeTable(QueryRouteTable.DEFAULT_BITS);
        for (PeerConnection c : connections) {
            if (c.info().ourRole() == PeerRole.LEAF && c.sentTable() != null) {
                sendRouteTable(c);
            }
        }
        leafTablesChanged = true;
    }

    /**
     * Our table follows the shares within about a second (debounced: rebuilt once the shares have been quiet for
     * {@link #QRP_DEBOUNCE_NANOS}, or {@link #QRP_MAX_DELAY_NANOS} after the first change of a steady stream), so a
     * file published while connected is routable at once rather than at some later periodic update. An ultrapeer's
     * merged table for its ultrapeer peers still goes at most every {@code qrp-update-interval}.
     */
    private void updateRouteTables(long now) {
        long version = library.version();
        if (version != seenLibraryVersion) {
            seenLibraryVersion = version;
            sharesChangedNanos = now;
            if (!sharesPending) {
                sharesPending = true;
                sharesPendingSinceNanos = now;
            }
        }
        if (ownTable == null || sharesPending && (now - sharesChangedNanos >= QRP_DEBOUNCE_NANOS
                || now - sharesPendingSinceNanos >= QRP_MAX_DELAY_NANOS)) {
            refreshOwnTable();
        }
        if (role == PeerRole.ULTRAPEER && leafTablesChanged
                && now - lastUpQrpNanos >= config.qrpUpdateInterval().toNanos()) {
            leafTablesChanged = false;
            lastUpQrpNanos = now;
            for (PeerConnection c : connections) {
                if (c.isUltrapeer() && c.info().ourRole() == PeerRole.ULTRAPEER
                        && c.info().headers().ultrapeerQueryRouting()) {
                    sendRouteTable(c);
                }
            }
        }
    }

    /**
     * Sends the updates that bring a neighbour to our table (as a leaf) or our merged table (as an ultrapeer):
     * RESET and PATCH for a neighbour without one, an incremental PATCH otherwise, nothing when it is current.
     */
    private void sendRouteTable(PeerConnection c) {
        refreshOwnTable();
        QueryRouteTable table = ownTable;
        if (c.info().ourRole() == PeerRole.ULTRAPEER) {
            table = ownTable.copy();
            for (PeerConnection l : connections) {
                QueryRouteTable t = l.receivedTable().table();
                if (l.isLeaf() && t != null && l.receivedTable().patchesApplied() > 0) {
                    table.include(t);
                }
            }
        }
        List<RouteTableUpdate> updates = qrpSender.updates(c.sentTable(), table);
        for (RouteTableUpdate u : updates) {
            c.send(new Message(Guid.random(), 1, 0, u));
        }
        if (!updates.isEmpty()) {
            qrpSequencesSent++;
        }
        c.sentTable(table.copy());
    }

    // ---------------------------------------------------------------- our searches

    private int ownQueryTtl() {
        return Math.min(MAX_OWN_QUERY_TTL, config.maxTtl());
    }

    private Query ownQuery(SearchQuery query) {
        int flags = Query.FLAG_MARK | Query.FLAG_GGEP_H | (reachable ? 0 : Query.FLAG_FIREWALLED);
        return Query.of(flags, String.join(" ", query.keywords()));
    }

    private void startSearch(LocalSearch s) {
        if (closed || !s.active()) {
            return;
        }
        long now = System.nanoTime();
        searches.put(s.guid(), s);
        queryRoutes.add(s.guid(), s, System.currentTimeMillis());
        Query q = ownQuery(s.query());
        if (role == PeerRole.LEAF) {
            Message m = new Message(s.guid(), ownQueryTtl(), 0, q);
            for (PeerConnection c : connections) {
                if (c.isUltrapeer()) {
                    c.send(m);
                }
            }
            return;
        }
        forwardToLeaves(null, new Message(s.guid(), 1, 0, q), Keywords.words(q.criteria().text()), List.of());
        startDynamicQuery(new Message(s.guid(), ownQueryTtl(), 0, q), s, now);
    }

    private void forget(LocalSearch s) {
        searches.remove(s.guid());
        queryRoutes.remove(s.guid());
        ActiveQuery q = dynamicQueries.remove(s.guid());
        if (q != null) {
            q.plan().cancel();
        }
    }

    // ---------------------------------------------------------------- counters, logs, notices

    private int ultrapeerCount() {
        int n = 0;
        for (PeerConnection c : connections) {
            if (c.isUltrapeer()) {
                n++;
            }
        }
        return n;
    }

    private int leafCount() {
        int n = 0;
        for (PeerConnection c : connections) {
            if (c.isLeaf()) {
                n++;
            }
        }
        return n;
    }

    private void drop(PeerConnection c, Message m, DropReason reason, String detail) {
        count(reason);
        log(Level.DEBUG, "gnutella: dropped " + GnutellaWire.typeName(m.type()) + " from " + c + ": " + reason + " "
                + detail);
        if ((reason == DropReason.TTL_ABUSE || reason == DropReason.NOT_ALLOWED) && c.countAbuse() > MAX_ABUSES) {
            notice("closed " + c + ": more than " + MAX_ABUSES + " TTL abuses or forbidden messages");
            c.bye(400, CloseReason.PROTOCOL_VIOLATION, "Too many TTL abuses");
        }
    }

    private void count(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    private void count(CloseReason reason) {
        if (reason != null) {
            closes.merge(reason, 1L, Long::sum);
        }
    }

    private void log(Level level, String message) {
        gate.run(() -> env.logger().log(level, message));
    }

    private void notice(String message) {
        gate.run(() -> env.events().publish(new GatewayEvent.AdapterNotice(env.network(), message)));
    }

    private long epochMillis() {
        return gate.call(() -> env.epochMillis().getAsLong(), System.currentTimeMillis());
    }

    // ---------------------------------------------------------------- views for tests (event loop)

    /** A snapshot of the node's counters and connections, taken on its loop. */
    record Snapshot(PeerRole role, int ultrapeers, int leaves, Map<DropReason, Long> drops,
                    Map<CloseReason, Long> closes, List<PeerConnection.Info> connections, boolean reachable,
                    long queriesReceived, long qrpSequencesSent) {
        long drops(DropReason r) {
            return drops.getOrDefault(r, 0L);
        }

        long closes(CloseReason r) {
            return closes.getOrDefault(r, 0L);
        }
    }

    Snapshot snapshot() {
        try {
            return loop.submit(() -> new Snapshot(role, ultrapeerCount(), leafCount(), new EnumMap<>(drops),
                    new EnumMap<>(closes), connections.stream().map(PeerConnection::info).toList(), reachable, queriesReceived,
                    qrpSequencesSent))
                    .get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node loop did not answer: " + e, e);
        }
    }
}
