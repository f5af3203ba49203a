package org.crossnet.adapter.edonkey;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.kad.DefaultKadNode;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.KadSearchHandle;
import org.crossnet.adapter.edonkey.kad.KadSearchListener;
import org.crossnet.adapter.edonkey.kad.KadSettings;
import org.crossnet.adapter.edonkey.kad.KadSharedFile;
import org.crossnet.adapter.edonkey.kad.KadSource;
import org.crossnet.adapter.edonkey.kad.KadStatus;
import org.crossnet.adapter.edonkey.kad.net.ChannelKadTransport;
import org.crossnet.adapter.edonkey.kad.net.EventLoopKadScheduler;
import org.crossnet.adapter.edonkey.kad.net.KadDatagramHandler;
import org.crossnet.adapter.edonkey.kad.net.NettyTcpProbe;
import org.crossnet.adapter.edonkey.kad.routing.KadPreferences;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.mapping.SearchMapping;
import org.crossnet.adapter.edonkey.server.IndexServer;
import org.crossnet.adapter.edonkey.server.LowIdCallbacks;
import org.crossnet.adapter.edonkey.server.ServerConnection;
import org.crossnet.adapter.edonkey.server.ServerMet;
import org.crossnet.adapter.edonkey.server.ServerUdpClient;
import org.crossnet.adapter.edonkey.session.Identity;
import org.crossnet.adapter.edonkey.swarm.Download;
import org.crossnet.adapter.edonkey.swarm.Ed2kNode;
import org.crossnet.adapter.edonkey.swarm.SharedEntry;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.Publisher;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * The eDonkey adapter: eD2k client-to-client transfers both ways ({@link Ed2kNode}), the client side of eD2k servers
 * (search, sources, offering our files), the optional index-server role ({@link IndexServer}), and the UDP socket
 * shared by Kad and eD2k UDP. Everything runs on one event loop taken from the context; blocking work goes to the
 * context's executor.
 */
public final class EdonkeyAdapter implements NetworkAdapter {
    private final EdonkeyConfig config;
    private final AdapterContext context;
    private final Set<AdapterCapability> capabilities;
    private final List<ServerConnection> servers = new CopyOnWriteArrayList<>();
    /** Searches not finished yet; loop only. */
    private final Set<ServerSearch> searches = new java.util.HashSet<>();
    private volatile EventLoop loop;
    private volatile Ed2kNode node;
    private volatile IndexServer indexServer;
    /** Our eD2k user hash (from the state directory); null before start. */
    private volatile org.crossnet.spi.model.Bytes userHash;
    private volatile Channel udp;
    /** eD2k server UDP, client side (global search and sources); on the shared UDP socket. */
    private volatile ServerUdpClient udpServers;
    /** LowID sources reached through server callbacks. */
    private volatile LowIdCallbacks callbacks;
    /** The Kad node when {@code kad-enabled}; null otherwise. */
    private volatile DefaultKadNode kad;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile System.Logger log;

    public EdonkeyAdapter(EdonkeyConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
        EnumSet<AdapterCapability> caps = EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD,
                AdapterCapability.PUBLISH);
        if (config.serverEnabled()) {
            caps.add(AdapterCapability.SERVER);
        }
        if (config.kadEnabled()) {
            caps.add(AdapterCapability.DHT);
        }
        this.capabilities = Set.copyOf(caps);
    }

    @Override
    public Set<AdapterCapability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.listenAddress());
        } catch (UnknownHostException e) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "listen-address: " + config.listenAddress()
                    + " (expected: a resolvable address)");
        }
        loop = context.eventLoops().next();
        log = new GatedLogger(context.logger(), () -> closed);
        Identity identity = Identity.load(context.stateDirectory(), config.nick());
        userHash = identity.userHash();
        try {
            bindUdp(bind);
            int udpPort = udp == null ? 0 : ((InetSocketAddress) udp.localAddress()).getPort();
            node = new Ed2kNode(new Ed2kNode.Settings(bind, config.tcpPort(),
                    config.kadEnabled() ? udpPort : 0, config.kadEnabled() ? KadSettings.DEFAULT_VERSION : 0,
                    config.uploadSlots(), config.maxConnections(),
                    config.maxSourcesPerDownload(), config.requestSize(), config.maxFrameLength(),
                    config.maxInflatedLength(), config.banAfterCorruptParts(),
                    (int) config.connectTimeout().toMillis(), (int) config.idleTimeout().toSeconds()),
                    identity, loop, context.blockingExecutor(), context.network(), log);
            node.library(hash -> context.content().findShared(hash).map(SharedEntry::of));
            callbacks = new LowIdCallbacks(loop, log);
            node.callbackRoutes(callbacks);
            node.start();
            startServerUdp();
            node.addSourceFinder((hash, size) -> loop.execute(() -> {
                for (ServerConnection s : servers) {
                    s.getSources(List.of(new ServerMessage.SourceQuery(hash, size)));
                }
            }));
            if (config.kadEnabled()) {
                startKad(bind, identity, udpPort);
            }
            if (config.serverEnabled()) {
                ServerUdpClient known = udpServers;
                indexServer = new IndexServer(new IndexServer.Settings(bind, config.serverPort(),
                        config.serverName(), config.maxFrameLength(), config.maxInflatedLength(), known::servers),
                        loop, log);
                indexServer.start();
            }
            for (String s : config.servers()) {
                HostPort hp = HostPort.parse("servers", s);
                InetSocketAddress addr = new InetSocketAddress(hp.host(), hp.port());
                if (addr.isUnresolved()) {
                    log.log(System.Logger.Level.WARNING, "ed2k server " + s + ": unknown host");
                    continue;
                }
                ServerConnection sc = new ServerConnection(addr, loop, serverClient(identity), bind,
                        config.maxFrameLength(), config.maxInflatedLength());
                servers.add(sc);
                // asked over UDP while the TCP login is down
                udpServers.add(addr);
                loop.execute(sc::connect);
            }
        } catch (GatewayException e) {
            close();
            throw e;
        } catch (Exception e) { // Netty and the JDK can throw checked exceptions undeclared
            close();
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "edonkey: cannot start (" + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * The client side of eD2k server UDP on the shared socket, with the servers of the last run (server.met in the
     * state directory). Blocking (reads a file): start only.
     */
    private void startServerUdp() {
        ServerUdpClient u = new ServerUdpClient(loop, udp, new ServerUdpClient.Host() {
            @Override
            public boolean connectedOverTcp(InetSocketAddress server) {
                for (ServerConnection s : servers) {
                    if (s.connected() && s.address().equals(server)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public List<ServerMessage.SourceQuery> wanted() {
                List<ServerMessage.SourceQuery> out = new ArrayList<>();
                for (Download d : node.downloads()) {
                    if (d.knownSources().size() < config.maxSourcesPerDownload()) {
                        out.add(new ServerMessage.SourceQuery(d.hash(), d.size()));
                    }
                }
                return out;
            }

            @Override
            public void sources(InetSocketAddress server, Ed2kHash file, List<InetSocketAddress> found) {
                for (InetSocketAddress a : found) {
                    node.addSource(file, a, "server-udp");
                }
            }

            @Override
            public System.Logger logger() {
                return log;
            }
        });
        // before "drop"; Kad's handler, added later, goes between the two (each passes on what is not its own)
        udp.pipeline().addBefore("drop", "ed2k-server-udp", u.handler());
        Path met = context.stateDirectory().resolve(ServerMet.FILE_NAME);
        if (Files.exists(met)) {
            try {
                ServerMet.read(met).forEach(u::add);
            } catch (java.io.IOException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "ed2k: ignoring " + met + " (" + e.getMessage() + ")");
            }
        }
        udpServers = u;
        u.start();
    }

    /**
     * Joins Kad on the shared UDP socket: our Kad ID kept in the state directory (aMule's preferencesKad.dat layout),
     * contacts from the last run's nodes.dat, then the configured bootstrap nodes. Blocking (reads files): start only.
     */
    private void startKad(InetAddress bind, Identity identity, int udpPort) {
        Path dir = context.stateDirectory().resolve("kad");
        KadPreferences prefs;
        try {
            Files.createDirectories(dir);
            prefs = KadPreferences.loadOrCreate(dir.resolve(KadPreferences.FILE_NAME), new SecureRandom());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("kad state " + dir + ": " + e.getMessage(), e);
        }
        DefaultKadNode k = new DefaultKadNode(
                KadSettings.defaults(prefs.id(), KadId.fromHashBytes(identity.userHash().toArray()), node.port(),
                        udpPort),
                new EventLoopKadScheduler(loop), new ChannelKadTransport(udp),
                new NettyTcpProbe(loop, bind, Duration.ofSeconds(5)), new SecureRandom(), udp.alloc());
        udp.pipeline().addBefore("drop", "kad", new KadDatagramHandler(k));
        node.onKadFirewallAck(k::onFirewallCheckAck);
        node.addSourceFinder((hash, size) -> k.searchSources(hash, size, new KadSearchListener<KadSource>() {
            @Override
            public void results(List<KadSource> results) {
                for (KadSource src : results) {
                    if (src.directlyReachable()) {
                        node.addSource(hash, src.tcpEndpoint(), "kad");
                    }
                }
            }

            @Override
            public void finished(String reason) {
            }
        }));
        Path nodesDat = dir.resolve("nodes.dat");
        if (Files.exists(nodesDat)) {
            try {
                k.addContacts(NodesDat.read(nodesDat));
            } catch (java.io.IOException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "kad: ignoring " + nodesDat + " (" + e.getMessage() + ")");
            }
        }
        for (String s : config.kadBootstrap()) {
            HostPort hp = HostPort.parse("kad-bootstrap", s);
            InetSocketAddress addr = new InetSocketAddress(hp.host(), hp.port());
            if (addr.isUnresolved()) {
                log.log(System.Logger.Level.WARNING, "kad-bootstrap " + s + ": unknown host");
                continue;
            }
            k.bootstrap(addr);
        }
        kad = k;
        k.start();
    }

    /**
     * The UDP socket Kad and eD2k UDP share (aMule does the same). Datagrams this adapter does not handle are dropped.
     */
    private void bindUdp(InetAddress bind) {
        Bootstrap b = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        // startKad puts the Kad handler before this one: it takes 0xE4/0xE5 and passes the rest on
                        ch.pipeline().addLast("drop", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                            }
                        });
                    }
                });
        udp = Binding.bind(b, new InetSocketAddress(bind, config.udpPort()), "udp-port");
    }

    private ServerConnection.Client serverClient(Identity identity) {
        return new ServerConnection.Client() {
            @Override
            public org.crossnet.spi.model.Bytes userHash() {
                return identity.userHash();
            }

            @Override
            public String nick() {
                return config.nick();
            }

            @Override
            public int tcpPort() {
                return node.port();
            }

            @Override
            public void loggedIn(ServerConnection server, long clientId) {
                // a LowID goes into our hellos too (a client we call back matches us by it), unless a HighID is known
                if (!Ed2kWire.isLowId(clientId) || Ed2kWire.isLowId(node.clientId())) {
                    node.clientId(clientId, server.address());
                }
            }

            @Override
            public List<FileEntry> offers() {
                List<FileEntry> out = new ArrayList<>();
                for (SharedEntry f : node.sharedFiles()) {
                    out.add(new FileEntry(f.hash(), FileEntry.COMPLETE_ID, FileEntry.COMPLETE_PORT,
                            SearchMapping.offerTags(f.name(), f.size())));
                }
                return out;
            }

            @Override
            public List<ServerMessage.SourceQuery> wanted() {
                List<ServerMessage.SourceQuery> out = new ArrayList<>();
                for (Download d : node.downloads()) {
                    out.add(new ServerMessage.SourceQuery(d.hash(), d.size()));
                }
                return out;
            }

            @Override
            public void sources(ServerConnection server, Ed2kHash file, List<ServerMessage.Endpoint> sources) {
                for (ServerMessage.Endpoint e : sources) {
                    if (!Ed2kWire.isLowId(e.id())) {
                        node.addSource(file, new InetSocketAddress(Ed2kWire.ipOf(e.id()), e.port()), "server");
                        continue;
                    }
                    InetSocketAddress standIn = callbacks.source(server, e.id(), e.port());
                    if (standIn != null) {
                        node.addSource(file, standIn, "server-lowid");
                    } else {
                        log.log(System.Logger.Level.DEBUG, "ed2k " + file + ": LowID source " + e.id()
                                + " skipped: no HighID on " + server.address() + " to ask for a callback");
                    }
                }
            }

            @Override
            public void callbackFailed(ServerConnection server) {
                callbacks.failed(server);
            }

            @Override
            public void serverList(ServerConnection server, List<InetSocketAddress> list) {
                ServerUdpClient u = udpServers;
                for (InetSocketAddress a : list) {
                    if (u != null && !a.equals(ownServerAddress())) {
                        u.add(a);
                    }
                }
            }

            @Override
            public void callback(InetSocketAddress peer) {
                node.dial(peer, c -> { }, problem -> { });
            }

            @Override
            public System.Logger logger() {
                return log;
            }
        };
    }

    /** Our server role's address as other clients see it, null when the role is off. */
    private InetSocketAddress ownServerAddress() {
        IndexServer is = indexServer;
        Ed2kNode n = node;
        return is == null || n == null ? null : new InetSocketAddress(config.listenAddress(), is.port());
    }

    /** The client side of eD2k server UDP (after {@link #start}); for diagnostics and tests. */
    public ServerUdpClient serverUdp() {
        return udpServers;
    }

    /** LowID callbacks (after {@link #start}); for diagnostics and tests. */
    public LowIdCallbacks callbacks() {
        return callbacks;
    }

    /** The client-to-client side (after {@link #start}); for diagnostics and tests. */
    public Ed2kNode node() {
        return node;
    }

    /** The bound client TCP port (after {@link #start}). */
    public int tcpPort() {
        Ed2kNode n = node;
        return n == null ? 0 : n.port();
    }

    /** The bound UDP port (after {@link #start}). */
    public int udpPort() {
        Channel u = udp;
        return u == null ? 0 : ((InetSocketAddress) u.localAddress()).getPort();
    }

    /** The bound index-server TCP port, 0 when the role is off. */
    public int serverPort() {
        IndexServer s = indexServer;
        return s == null ? 0 : s.port();
    }

    @Override
    public String statusLine() {
        Ed2kNode n = node;
        if (n == null) {
            return closed ? "stopped" : "not started";
        }
        int connected = 0;
        for (ServerConnection s : servers) {
            if (s.connected()) {
                connected++;
            }
        }
        IndexServer is = indexServer;
        Channel u = udp;
        DefaultKadNode k = kad;
        // ports and Kad state: an API user (or a test) sees what to put in another client's link or bootstrap list
        String ports = "tcp " + n.port() + (u == null ? "" : ", udp " + ((InetSocketAddress) u.localAddress()).getPort())
                + (is == null ? "" : ", server " + is.port());
        String kadState = "";
        if (k != null) {
            KadStatus ks = k.status();
            kadState = ", kad " + ks.contacts() + " contacts" + (ks.bootstrapped() ? ", bootstrapped" : "")
                    + (ks.firewalled() ? ", firewalled" : "");
        }
        return n.status() + ", " + connected + "/" + servers.size() + " servers"
                + (is == null ? "" : ", serving " + is.status()) + kadState + "; " + ports;
    }

    // ---- facets ----

    @Override
    public Optional<Searcher> searcher() {
        return Optional.of(this::search);
    }

    @Override
    public Optional<Downloader> downloader() {
        return Optional.of(new Downloader() {
            @Override
            public boolean canFetch(ContentId content) {
                return content.ed2k() != null && content.sizeKnown() && content.size() > 0
                        && content.size() <= Ed2kWire.MAX_FILE_SIZE;
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
                SharedEntry e = SharedEntry.of(file);
                Ed2kNode n = node;
                if (e == null || n == null) {
                    return;
                }
                n.share(e);
                loop.execute(() -> servers.forEach(ServerConnection::offer));
                DefaultKadNode k = kad;
                if (k != null) {
                    k.publish(KadSharedFile.of(e.hash(), e.name(), e.size()));
                }
            }

            @Override
            public void withdraw(ContentId content) {
                Ed2kNode n = node;
                if (content.ed2k() != null && n != null) {
                    n.unshare(content.ed2k());
                    loop.execute(() -> servers.forEach(sc -> sc.forget(content.ed2k())));
                    IndexServer is = indexServer;
                    if (is != null) {
                        is.withdraw(userHash, content.ed2k());
                    }
                    DefaultKadNode k = kad;
                    if (k != null) {
                        k.withdraw(content.ed2k());
                    }
                }
            }
        });
    }

    private DownloadSession startDownload(DownloadRequest request, DownloadSink sink) {
        Ed2kNode n = node;
        ContentId content = request.content();
        if (n == null || closed) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "edonkey: not running");
        }
        if (content.ed2k() == null || !content.sizeKnown() || content.size() <= 0) {
            throw GatewayException.invalid("content", content, "an ed2k hash and a known size");
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String p : request.peers()) {
            try {
                HostPort hp = HostPort.parse("peer", p);
                InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
                if (!a.isUnresolved() && a.getAddress().getAddress().length == 4) {
                    peers.add(a);
                }
            } catch (IllegalArgumentException e) {
                log.log(System.Logger.Level.DEBUG, "ed2k: skipping source " + p + ": " + e.getMessage());
            }
        }
        return n.download(content.ed2k(), content.size(), content.aich(), request.store(), sink, peers);
    }

    private SearchHandle search(SearchQuery query, SearchSink sink) {
        EventLoop l = loop;
        if (l == null || closed) {
            sink.finished("edonkey: not running");
            return () -> { };
        }
        DefaultKadNode k = kad;
        if (k == null) {
            ServerSearch s = new ServerSearch(query, sink);
            l.execute(s::start);
            return s::cancel;
        }
        // servers and Kad at once; the SPI search finishes when both have
        SearchSink both = new SearchSink() {
            private final java.util.concurrent.atomic.AtomicInteger running =
                    new java.util.concurrent.atomic.AtomicInteger(2);
            private final List<String> reasons = new CopyOnWriteArrayList<>();

            @Override
            public void hits(List<SearchHit> hits) {
                sink.hits(hits);
            }

            @Override
            public void finished(String reason) {
                if (reason != null) {
                    reasons.add(reason);
                }
                if (running.decrementAndGet() == 0) {
                    // a reason only when neither part ended normally
                    sink.finished(reasons.size() == 2 ? String.join("; ", reasons) : null);
                }
            }
        };
        ServerSearch s = new ServerSearch(query, both);
        l.execute(s::start);
        KadSearchHandle kh = k.search(query, both, context.network());
        return () -> {
            s.cancel();
            kh.cancel();
        };
    }

    /**
     * One SPI search over every connected server (TCP) and, over UDP, every other known server (aMule's global
     * search). Results are kept once per file and server; the same file from several servers comes as several hits,
     * each with that server's source count, so that the engine's grouping sums them as aMule sums the sources of
     * duplicate eD2k results (Kad's hits are separate). Confined to the loop except {@link #cancel}.
     */
    private final class ServerSearch {
        private final SearchQuery query;
        private final SearchSink sink;
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        private final List<ServerConnection.SearchListener> tcpListeners = new ArrayList<>();
        private ServerUdpClient.GlobalSearch udpSearch;
        private boolean askedUdp;
        private int outstanding;
        private volatile boolean cancelled;

        ServerSearch(SearchQuery query, SearchSink sink) {
            this.query = query;
            this.sink = sink;
        }

        private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);

        void start() {
            if (cancelled || closed) {
                return;
            }
            searches.add(this);
            List<ServerConnection> live = new ArrayList<>();
            boolean firstLogins = false;
            for (ServerConnection s : servers) {
                if (s.connected()) {
                    live.add(s);
                }
                firstLogins |= !s.attempted();
            }
            if (live.isEmpty() && firstLogins && System.nanoTime() < deadline && !closed) {
                // the first login may still be under way (right after start): wait for it a little
                loop.schedule(this::start, 250, TimeUnit.MILLISECONDS);
                return;
            }
            ServerUdpClient udpClient = udpServers;
            if (live.isEmpty() && (udpClient == null || udpClient.servers().isEmpty())) {
                finish(servers.isEmpty() ? "no eD2k server configured" : "no eD2k server connected");
                return;
            }
            outstanding = live.size() + (udpClient == null ? 0 : 1);
            for (ServerConnection s : live) {
                ServerConnection.SearchListener l = new ServerConnection.SearchListener() {
                    @Override
                    public void results(List<FileEntry> files) {
                        deliver(s.address(), files);
                    }

                    @Override
                    public void done(String reason) {
                        partDone();
                    }
                };
                tcpListeners.add(l);
                s.search(SearchMapping.expression(query, s.largeFiles()), l);
            }
            if (udpClient != null) {
                udpSearch = udpClient.search(large -> SearchMapping.expression(query, large),
                        new ServerUdpClient.SearchListener() {
                            @Override
                            public void results(InetSocketAddress server, List<FileEntry> files) {
                                deliver(server, files);
                            }

                            @Override
                            public void done() {
                                askedUdp = !udpSearch.asked().isEmpty();
                                partDone();
                            }
                        });
            }
        }

        private void deliver(InetSocketAddress server, List<FileEntry> files) {
            if (cancelled) {
                return;
            }
            List<SearchHit> hits = new ArrayList<>();
            for (FileEntry f : files) {
                Optional<SearchHit> hit = SearchMapping.hit(f, context.network());
                if (hit.isPresent() && query.accepts(hit.get().name(), hit.get().size())
                        && seen.add(f.file() + "/" + f.size() + "@" + server)) {
                    hits.add(hit.get());
                }
            }
            if (!hits.isEmpty()) {
                sink.hits(hits);
            }
        }

        private void partDone() {
            if (cancelled) {
                return;
            }
            if (--outstanding <= 0) {
                finish(tcpListeners.isEmpty() && !askedUdp ? "no eD2k server answered" : null);
            }
        }

        /** Loop only: the last call into the sink. */
        void finish(String reason) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            searches.remove(this);
            stopParts();
            sink.finished(reason);
        }

        private void stopParts() {
            for (ServerConnection s : servers) {
                for (ServerConnection.SearchListener l : tcpListeners) {
                    s.cancel(l);
                }
            }
            if (udpSearch != null) {
                udpSearch.cancel();
            }
        }

        void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            EventLoop l = loop;
            if (l != null && !l.inEventLoop()) {
                // wait for a delivery in progress, so that no hit follows this call
                try {
                    l.submit(() -> {
                        searches.remove(this);
                        stopParts();
                    }).get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                         | java.util.concurrent.RejectedExecutionException e) {
                    // the loop is gone: nothing can deliver any more
                }
            } else {
                searches.remove(this);
                stopParts();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        EventLoop l = loop;
        if (l != null) {
            try {
                l.submit(() -> {
                    for (ServerSearch s : new ArrayList<>(searches)) {
                        s.finish("adapter stopping");
                    }
                    for (ServerConnection s : servers) {
                        s.close();
                    }
                    ServerUdpClient u = udpServers;
                    if (u != null) {
                        u.close();
                    }
                }).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.RejectedExecutionException e) {
                // already stopping
            }
        }
        ServerUdpClient known = udpServers;
        if (known != null) {
            try {
                ServerMet.write(context.stateDirectory().resolve(ServerMet.FILE_NAME), known.servers());
            } catch (java.io.IOException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "ed2k: server.met not saved (" + e.getMessage() + ")");
            }
        }
        DefaultKadNode k = kad;
        if (k != null) {
            NodesDat snapshot = k.snapshot();
            k.close();
            try {
                snapshot.write(context.stateDirectory().resolve("kad").resolve("nodes.dat"));
            } catch (java.io.IOException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "kad: nodes.dat not saved (" + e.getMessage() + ")");
            }
        }
        IndexServer is = indexServer;
        if (is != null) {
            is.close();
        }
        Ed2kNode n = node;
        if (n != null) {
            n.close();
        }
        Channel u = udp;
        if (u != null) {
            u.close().syncUninterruptibly();
        }
    }
}
