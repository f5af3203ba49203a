package org.crossnet.adapter.bittorrent;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.bittorrent.codec.HandshakeDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerMessageEncoder;
import org.crossnet.adapter.bittorrent.mapping.PeerAddresses;
import org.crossnet.adapter.bittorrent.mapping.TrackerStatuses;
import org.crossnet.adapter.bittorrent.session.PeerConnection;
import org.crossnet.adapter.bittorrent.storage.FileReader;
import org.crossnet.adapter.bittorrent.swarm.Announcer;
import org.crossnet.adapter.bittorrent.swarm.Gate;
import org.crossnet.adapter.bittorrent.swarm.Torrent;
import org.crossnet.adapter.bittorrent.swarm.TorrentHost;
import org.crossnet.adapter.bittorrent.tracker.AnnounceStats;
import org.crossnet.adapter.bittorrent.tracker.TrackerClients;
import org.crossnet.adapter.bittorrent.tracker.TrackerSet;
import org.crossnet.adapter.bittorrent.webseed.WebSeedClient;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.Publisher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.torrent.Metainfo;

/**
 * The BitTorrent adapter: one listening socket for all torrents (incoming connections are routed by the infohash of
 * their handshake), downloads of .torrent and magnet content (from peers and web seeds), and seeding of published
 * shares. Uses the context's event loops and blocking executor; no threads of its own, except the selector thread of
 * the JDK HTTP client while HTTP trackers or web seeds are in use. Every call into the context after {@link #close()} is prevented by a
 * {@link Gate}.
 */
public final class BitTorrentAdapter implements NetworkAdapter, TorrentHost, PeerConnection.Directory {
    /** How long a web seed may take to answer one ranged GET (a whole piece). */
    private static final java.time.Duration WEB_SEED_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final BitTorrentConfig config;
    private final AdapterContext context;
    private final NetworkId network;
    private final Gate gate = new Gate();
    private final Bytes peerId;
    private final Map<InfoHash, Torrent> torrents = new ConcurrentHashMap<>();
    /**
     * Files the engine published, by infohash, whether or not a seeding torrent of ours runs for them: a download of
     * the same torrent may hold the infohash (a finished download is shared by the engine while its transfer still
     * seeds), and the share takes over when that download is closed.
     */
    private final Map<InfoHash, SharedFile> published = new ConcurrentHashMap<>();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile Channel server;
    private volatile int boundPort;
    /** This host's interface addresses, read once at start: isSelf runs on event loops and must not query the OS. */
    private volatile Set<InetAddress> localAddresses = Set.of();
    private volatile ScheduledFuture<?> ticker;
    private volatile TrackerClients trackers;
    private volatile WebSeedClient webSeeds;
    private volatile GlobalTrafficShapingHandler shaper;
    private volatile boolean started;
    /** Set first thing in {@link #close}: torrents closed from then on hand nothing over to shares. */
    private volatile boolean closing;

    BitTorrentAdapter(BitTorrentConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
        this.network = context.network();
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        // Azureus-style client id prefix (BEP 20): -CN0010-
        System.arraycopy("-CN0010-".getBytes(StandardCharsets.US_ASCII), 0, id, 0, 8);
        this.peerId = Bytes.of(id);
    }

    @Override
    public Set<AdapterCapability> capabilities() {
        return EnumSet.of(AdapterCapability.DOWNLOAD, AdapterCapability.PUBLISH);
    }

    @Override
    public synchronized void start() {
        if (started || !gate.isOpen()) {
            return;
        }
        EventLoop loop = context.eventLoops().next();
        if (config.uploadRateLimit() > 0 || config.downloadRateLimit() > 0) {
            shaper = new GlobalTrafficShapingHandler(loop, config.uploadRateLimit(), config.downloadRateLimit());
        }
        ServerBootstrap bootstrap = new ServerBootstrap().group(context.eventLoops())
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(null, null));
        try {
            ChannelFuture bind = bootstrap.bind(config.listenAddress(), config.listenPort()).syncUninterruptibly();
            server = bind.channel();
        } catch (Exception e) { // Netty rethrows the bind's checked BindException undeclared
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "listen: " + config.listenAddress() + ":"
                    + config.listenPort() + " (expected: a free port): " + e.getMessage(), e);
        }
        boundPort = ((InetSocketAddress) server.localAddress()).getPort();
        localAddresses = readLocalAddresses();
        trackers = new TrackerClients(context.eventLoops(), context.blockingExecutor());
        trackers.prepare();
        webSeeds = new WebSeedClient(context.blockingExecutor(), WEB_SEED_TIMEOUT);
        ticker = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        started = true;
    }

    private void tick() {
        for (Torrent t : torrents.values()) {
            t.tick();
        }
    }

    /** The port the listener is bound to (0 before {@link #start()}). */
    @Override
    public int listenPort() {
        return boundPort;
    }

    @Override
    public String statusLine() {
        int peers = totalPeers();
        return torrents.size() + " torrents, " + peers + " peers" + (started ? ", listening on " + boundPort : "");
    }

    @Override
    public Optional<Downloader> downloader() {
        return Optional.of(new Downloader() {
            @Override
            public boolean canFetch(ContentId content) {
                return content != null && content.btih() != null;
            }

            @Override
            public DownloadSession download(DownloadRequest request, DownloadSink sink) {
                return startDownload(request, sink);
            }
        });
    }

    @Override
    public Optional<Publisher> publisher() {
        return Optional.of(new Publisher() {
            @Override
            public void publish(SharedFile file) {
                startSeeding(file);
            }

            @Override
            public void withdraw(ContentId content) {
                if (content != null && content.btih() != null) {
                    published.remove(content.btih());
                    Torrent t = torrents.get(content.btih());
                    if (t != null && !t.isDownload()) {
                        t.close(); // a download of the same torrent is the transfer's, not the share's
                    }
                }
            }
        });
    }

    private DownloadSession startDownload(DownloadRequest request, DownloadSink sink) {
        if (request == null || sink == null || request.content() == null || request.content().btih() == null) {
            throw GatewayException.invalid("request.content.btih", null, "a download request for content with a btih");
        }
        requireStarted();
        InfoHash hash = request.content().btih();
        Metainfo meta = null;
        if (request.metainfo() != null) {
            meta = Metainfo.parseTorrent(request.metainfo().toArray());
            if (!meta.infoHash().equals(hash)) {
                throw GatewayException.invalid("request.metainfo", "infohash " + meta.infoHash(), "the btih " + hash);
            }
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : request.peers()) {
            peers.add(PeerAddresses.parse(p));
        }
        Torrent torrent = Torrent.download(this, hash, meta, request.store(), sink);
        if (torrents.putIfAbsent(hash, torrent) != null) {
            throw new GatewayException(GatewayErrorCode.CONFLICT, "torrent: " + hash
                    + " (expected: not already downloading or seeding on bittorrent)");
        }
        List<List<String>> tiers = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        if (meta != null) {
            tiers.addAll(meta.announceTiers());
        }
        if (meta != null && meta.privateFlag()) {
            for (String url : request.trackers()) {
                refused.put(url, "private torrent (BEP 27): only the trackers of its metainfo are used");
            }
        } else if (!request.trackers().isEmpty()) {
            tiers.add(request.trackers());
        }
        torrent.announcer(announcer(torrent, tiers, refused, meta == null ? -1 : meta.totalLength()));
        torrent.start();
        resolveAndAdd(torrent, peers);
        return new DownloadSession() {
            @Override
            public void pause() {
                torrent.pause();
            }

            @Override
            public void resume() {
                torrent.resume();
            }

            @Override
            public boolean completed() {
                torrent.completed();
                return true;
            }

            @Override
            public void rateLimits(long downloadBytesPerSecond, long uploadBytesPerSecond) {
                if (downloadBytesPerSecond < 0 || uploadBytesPerSecond < 0) {
                    throw GatewayException.invalid("rateLimits", downloadBytesPerSecond + "/" + uploadBytesPerSecond,
                            "both >= 0, 0 = no cap");
                }
                torrent.rateLimits(downloadBytesPerSecond, uploadBytesPerSecond);
            }

            @Override
            public void close() {
                torrent.close();
            }
        };
    }

    private void startSeeding(SharedFile file) {
        if (file == null || file.torrentInfo() == null || file.content().btih() == null) {
            throw GatewayException.invalid("file.torrentInfo", null, "a shared file with its torrent info and btih");
        }
        requireStarted();
        Metainfo meta = Metainfo.parseInfo(file.torrentInfo().toArray(), List.of());
        if (!meta.infoHash().equals(file.content().btih())) {
            throw GatewayException.invalid("file.torrentInfo", "infohash " + meta.infoHash(),
                    "the btih " + file.content().btih());
        }
        published.put(meta.infoHash(), file);
        Torrent torrent = Torrent.seed(this, meta, new FileReader(file.path()));
        if (torrents.putIfAbsent(meta.infoHash(), torrent) != null) {
            return; // idempotent per content; a running download of it seeds, and hands over when closed
        }
        // the gateway's share trackers (those in the share's links) first, then the adapter's own
        Set<String> urls = new LinkedHashSet<>(file.trackers());
        urls.addAll(config.publishTrackers());
        List<List<String>> tiers = urls.isEmpty() ? List.of() : List.of(List.copyOf(urls));
        torrent.announcer(announcer(torrent, tiers, Map.of(), meta.totalLength()));
        torrent.start();
    }

    private void requireStarted() {
        if (!started || !gate.isOpen()) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "network: bittorrent is "
                    + (gate.isOpen() ? "not started" : "closed") + " (expected: started)");
        }
    }

    private Announcer announcer(Torrent torrent, List<List<String>> tiers, Map<String, String> refused, long size) {
        if (tiers.isEmpty() && refused.isEmpty()) {
            return Announcer.NONE;
        }
        TrackerSet set = new TrackerSet(torrent.infoHash(), tiers, refused, trackers, context.clock(),
                context.eventLoops().next(), torrent::addPeers,
                list -> torrent.reportTrackers(TrackerStatuses.toSpi(network, list)), () -> {
                    Torrent.Status s = torrent.status();
                    Metainfo m = torrent.metainfo();
                    long left;
                    if (m == null) {
                        left = size > 0 ? size : 1; // unknown yet: any non-zero value marks us a leecher
                    } else {
                        long verified = Math.min(m.totalLength(), (long) s.have() * m.pieceLength());
                        left = s.complete() ? 0 : Math.max(1, m.totalLength() - verified);
                    }
                    return new AnnounceStats(s.uploaded(), s.downloaded(), left);
                }, peerId, boundPort);
        return new Announcer() {
            @Override
            public void start() {
                set.start();
            }

            @Override
            public void completed() {
                set.completed();
            }

            @Override
            public void stop() {
                set.stop();
            }
        };
    }

    private void resolveAndAdd(Torrent torrent, List<InetSocketAddress> peers) {
        List<InetSocketAddress> resolved = new ArrayList<>();
        List<InetSocketAddress> names = new ArrayList<>();
        for (InetSocketAddress a : peers) {
            if (isLiteral(a.getHostString())) {
                resolved.add(new InetSocketAddress(a.getHostString(), a.getPort()));
            } else {
                names.add(a);
            }
        }
        torrent.addPeers(resolved);
        if (!names.isEmpty()) {
            gate.execute(context.blockingExecutor(), () -> {
                List<InetSocketAddress> out = new ArrayList<>();
                for (InetSocketAddress a : names) {
                    try {
                        out.add(new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort()));
                    } catch (UnknownHostException e) {
                        debug("peer " + a + " unresolvable: " + e.getMessage());
                    }
                }
                torrent.addPeers(out);
            });
        }
    }

    private static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    // ---------------------------------------------------------------- pipeline

    private ChannelInitializer<SocketChannel> initializer(Torrent torrent, InetSocketAddress address) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!gate.isOpen()) {
                    ch.close();
                    return;
                }
                channels.add(ch);
                ch.closeFuture().addListener(f -> channels.remove(ch));
                GlobalTrafficShapingHandler s = shaper;
                if (s != null) {
                    ch.pipeline().addLast("shaper", s);
                }
                // Every block received makes room for one request: without this, each request went out in a flush
                // (a write system call) of its own; now the requests of one socket read leave in one.
                ch.pipeline().addLast("flush", new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
                ch.pipeline().addLast("idle", new IdleStateHandler(180, 0, 0));
                ch.pipeline().addLast(PeerConnection.HANDSHAKE, new HandshakeDecoder());
                ch.pipeline().addLast("encoder", PeerMessageEncoder.INSTANCE);
                ch.pipeline().addLast("peer", torrent == null ? PeerConnection.incoming(BitTorrentAdapter.this)
                        : PeerConnection.outgoing(BitTorrentAdapter.this, torrent, address));
            }
        };
    }

    @Override
    public void dial(Torrent torrent, InetSocketAddress address) {
        if (!gate.isOpen()) {
            torrent.dialFailed(address);
            return;
        }
        new Bootstrap().group(context.eventLoops()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(initializer(torrent, address))
                .connect(address).addListener(f -> {
                    if (!f.isSuccess()) {
                        debug("dial " + address + " failed: " + f.cause());
                        torrent.dialFailed(address);
                    }
                });
    }

    // ---------------------------------------------------------------- host and directory

    @Override
    public Torrent find(InfoHash infoHash) {
        return torrents.get(infoHash);
    }

    @Override
    public Bytes peerId() {
        return peerId;
    }

    @Override
    public int maxFrameLength() {
        return config.maxFrameLength();
    }

    @Override
    public long handshakeTimeoutMillis() {
        return config.connectTimeout().toMillis();
    }

    @Override
    public BitTorrentConfig config() {
        return config;
    }

    @Override
    public NetworkId network() {
        return network;
    }

    @Override
    public int totalPeers() {
        // lock-free: torrents call this while holding their own monitor (see Torrent.peerCount)
        int n = 0;
        for (Torrent t : torrents.values()) {
            n += t.peerCount();
        }
        return n;
    }

    @Override
    public Executor blocking() {
        Executor executor = context.blockingExecutor();
        return task -> gate.execute(executor, task);
    }

    @Override
    public void debug(String message) {
        gate.run(() -> context.logger().log(System.Logger.Level.DEBUG, message));
    }

    @Override
    public void notice(String message) {
        gate.run(() -> context.events().publish(new GatewayEvent.AdapterNotice(network, message)));
    }

    @Override
    public boolean isSelf(InetSocketAddress address) {
        if (address.getPort() != boundPort || address.getAddress() == null) {
            return false;
        }
        InetAddress ip = address.getAddress();
        if (ip.isLoopbackAddress() || ip.isAnyLocalAddress()) {
            return true;
        }
        return localAddresses.contains(ip);
    }

    private static Set<InetAddress> readLocalAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nif.getInetAddresses()));
            }
        } catch (SocketException e) {
            // without the list only loopback and wildcard addresses count as ourselves
        }
        return Set.copyOf(addresses);
    }

    @Override
    public WebSeedClient webSeedClient() {
        return webSeeds;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        gate.run(() -> {
            try {
                context.eventLoops().next().schedule(() -> gate.run(task), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the shared event loops are shutting down: so is the gateway, and this torrent with it
            }
        });
    }

    @Override
    public void closed(Torrent torrent) {
        torrents.remove(torrent.infoHash(), torrent);
        if (!torrent.isDownload()) {
            return;
        }
        SharedFile file = published.get(torrent.infoHash());
        if (file != null && started && !closing && gate.isOpen()) {
            // a download closed while the engine shares its file (or another copy of it): seed the share instead
            try {
                startSeeding(file);
            } catch (GatewayException e) {
                debug("share of " + torrent.infoHash() + " not seeded after its download closed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (!gate.isOpen()) {
            return;
        }
        closing = true;
        for (Torrent t : List.copyOf(torrents.values())) {
            t.close();
        }
        gate.close();
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        for (Channel c : List.copyOf(channels)) {
            c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        TrackerClients tc = trackers;
        if (tc != null) {
            tc.close();
        }
        WebSeedClient ws = webSeeds;
        if (ws != null) {
            ws.close();
        }
        GlobalTrafficShapingHandler sh = shaper;
        if (sh != null) {
            sh.release();
        }
    }
}
