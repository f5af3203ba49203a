package org.crossnet.adapter.edonkey.swarm;

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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.crossnet.adapter.edonkey.Binding;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.session.ClientPipeline;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.session.Identity;
import org.crossnet.adapter.edonkey.session.PeerConnection;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.NetworkId;

/**
 * The client-to-client side of the adapter: the TCP listener, outgoing connections, downloads, shared files and the
 * upload queue. Every connection, download and the queue live on one event loop, so none of them needs a lock;
 * storage and file reads run on the blocking executor. Public methods may be called from any thread unless marked
 * "loop only".
 */
public final class Ed2kNode implements DownloadHost, UploadQueue.Host, PeerConnection.Listener {
    /** Settings the node runs with. */
    public record Settings(InetAddress bindAddress, int tcpPort, int kadPort, int kadVersion, int uploadSlots,
                           int maxConnections, int maxSourcesPerDownload, int requestSize, int maxFrameLength,
                           int maxInflated, int banAfterCorruptParts, int connectTimeoutMillis, int idleSeconds) {
    }

    /** Who wants to hear that a download needs sources (server connections, Kad). */
    public interface SourceFinder {
        void wanted(Ed2kHash hash, long size);
    }

    /**
     * Routes to sources that cannot be dialled (LowIDs, reached through a server's callback); set by the adapter.
     * Called on the loop.
     */
    public interface CallbackRoutes {
        /** Whether {@code address} stands for such a source. */
        boolean routes(InetSocketAddress address);

        /** Has the source connect to us; {@code attach} gets its connection after the hello, else {@code failed}. */
        void dial(InetSocketAddress address, Consumer<PeerConnection> attach, Consumer<String> failed);

        /** Whether an incoming connection, hello done, is a source we asked to call us back (then it is taken). */
        boolean claim(PeerConnection incoming);
    }

    private static final long HIGH_WATER = 64L << 20;
    private static final long LOW_WATER = 16L << 20;

    private final Settings settings;
    private final Identity identity;
    private final EventLoop loop;
    private final Executor blocking;
    private final NetworkId network;
    private final System.Logger logger;
    private final UploadQueue uploads;
    private final PeerConnection.LocalHello localHello;
    private final Set<PeerConnection> connections = new LinkedHashSet<>();
    private final Map<PeerConnection, Consumer<PeerConnection>> attachOnHandshake = new HashMap<>();
    private final Map<PeerConnection, Consumer<String>> failOnClose = new HashMap<>();
    private final Map<Ed2kHash, Download> downloads = new LinkedHashMap<>();
    private final Map<Ed2kHash, SharedEntry> shared = new ConcurrentHashMap<>();
    private final List<SourceFinder> finders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<InetAddress> kadFirewallAck = a -> { };
    private volatile java.util.function.Function<Ed2kHash, Optional<SharedEntry>> library = h -> Optional.empty();
    private volatile CallbackRoutes callbackRoutes;
    private volatile long clientId;
    /** The server that gave us {@link #clientId}, named in our hellos; null before a login. */
    private volatile InetSocketAddress server;
    private volatile long uploadedTotal;
    private volatile Channel listener;
    private volatile int boundPort;
    private long pendingWrites;
    private boolean readingPaused;
    private ScheduledFuture<?> timer;
    private volatile boolean closed;
    private final Map<CloseReason, java.util.concurrent.atomic.AtomicLong> closeCounts =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Ed2kNode(Settings settings, Identity identity, EventLoop loop, Executor blocking, NetworkId network,
                    System.Logger logger) {
        this.settings = settings;
        this.identity = identity;
        this.loop = loop;
        this.blocking = blocking;
        this.network = network;
        this.logger = logger;
        this.uploads = new UploadQueue(this, settings.uploadSlots());
        this.localHello = PeerConnection.localHello(identity, () -> clientId, () -> boundPort,
                settings.kadPort(), settings.kadVersion(), () -> server);
    }

    /** Binds the TCP listener (blocking briefly) and starts the timer. */
    public void start() {
        ServerBootstrap b = new ServerBootstrap().group(loop, loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(false));
        listener = Binding.bind(b,
                new InetSocketAddress(settings.bindAddress(), settings.tcpPort()), "tcp-port");
        boundPort = ((InetSocketAddress) listener.localAddress()).getPort();
        timer = loop.scheduleAtFixedRate(uploads::tick, 5, 5, TimeUnit.SECONDS);
    }

    private ChannelInitializer<SocketChannel> initializer(boolean outgoing) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (closed || (!outgoing && connections.size() >= settings.maxConnections())) {
                    ch.close();
                    return;
                }
                PeerConnection conn = new PeerConnection(outgoing, localHello, Ed2kNode.this);
                connections.add(conn);
                ClientPipeline.assemble(ch.pipeline(), settings.maxFrameLength(), settings.maxInflated(),
                        settings.idleSeconds(), conn);
                if (readingPaused) {
                    ch.config().setAutoRead(false);
                }
            }
        };
    }

    /** The port the listener is bound to. */
    public int port() {
        return boundPort;
    }

    public Identity identity() {
        return identity;
    }

    /** Our eD2k client id: a HighID (our IPv4 as a LE u32) once a server told us, 0 before. */
    public long clientId() {
        return clientId;
    }

    public void clientId(long id) {
        this.clientId = id;
    }

    /** Our id and the server that gave it (named in our hellos, as aMule does). */
    public void clientId(long id, InetSocketAddress from) {
        this.server = from;
        this.clientId = id;
    }

    /**
     * Who hears of OP_KAD_FWTCPCHECK_ACK (0xC5 0xA8): a Kad node we asked for a firewall check reached our TCP port.
     * The Kad node's {@code onFirewallCheckAck} goes here. Called on the loop; must not block.
     */
    public void onKadFirewallAck(java.util.function.Consumer<InetAddress> listener) {
        this.kadFirewallAck = listener;
    }

    /** Where LowID sources are routed (the adapter's server side). */
    public void callbackRoutes(CallbackRoutes routes) {
        this.callbackRoutes = routes;
    }

    public void addSourceFinder(SourceFinder finder) {
        finders.add(finder);
    }

    // ---- downloads ----

    /** Starts a download; called on any thread. */
    public Download download(Ed2kHash hash, long size, StoredContent store, DownloadSink sink,
                             List<InetSocketAddress> peers) {
        return download(hash, size, null, store, sink, peers);
    }

    /** Starts a download that trusts {@code aich} (the link's AICH root, or null) for recovery; any thread. */
    public Download download(Ed2kHash hash, long size, org.crossnet.spi.model.AichRoot aich, StoredContent store,
                             DownloadSink sink, List<InetSocketAddress> peers) {
        Download d = new Download(this, hash, size, aich, store, sink);
        loop.execute(() -> {
            if (closed) {
                return;
            }
            Download old = downloads.put(hash, d);
            if (old != null && old != d) {
                // its close waits for a running storage write: not on the event loop
                blocking.execute(old::close);
            }
            d.start(peers);
        });
        return d;
    }

    /** Adds a source to the download of {@code hash}, if there is one. Any thread. */
    public void addSource(Ed2kHash hash, InetSocketAddress source, String origin) {
        loop.execute(() -> {
            Download d = downloads.get(hash);
            if (d != null) {
                d.addSource(source, origin);
            }
        });
    }

    /** Hashes and sizes of running downloads (a snapshot, for servers' get-sources). Loop only. */
    public List<Download> downloads() {
        return new ArrayList<>(downloads.values());
    }

    // ---- shared files ----

    public void share(SharedEntry entry) {
        shared.put(entry.hash(), entry);
    }

    public void unshare(Ed2kHash hash) {
        shared.remove(hash);
        loop.execute(() -> uploads.withdrawn(hash));
    }

    public List<SharedEntry> sharedFiles() {
        return new ArrayList<>(shared.values());
    }

    /**
     * Where files not published explicitly are looked up (the gateway's library and completed downloads); must be
     * non-blocking.
     */
    public void library(java.util.function.Function<Ed2kHash, Optional<SharedEntry>> lookup) {
        this.library = lookup;
    }

    @Override
    public Optional<SharedEntry> shared(Ed2kHash hash) {
        SharedEntry e = shared.get(hash);
        return e != null ? Optional.of(e) : closed ? Optional.empty() : library.apply(hash);
    }

    // ---- PeerConnection.Listener ----

    @Override
    public void handshake(PeerConnection connection) {
        Consumer<PeerConnection> attach = attachOnHandshake.remove(connection);
        failOnClose.remove(connection);
        if (attach != null) {
            attach.accept(connection);
            return;
        }
        CallbackRoutes routes = callbackRoutes;
        if (!connection.outgoing() && routes != null && routes.claim(connection)) {
            return;
        }
        if (!connection.outgoing()) {
            for (Download d : downloads.values()) {
                if (d.adopt(connection)) {
                    return;
                }
            }
        }
    }

    @Override
    public void message(PeerConnection connection, ClientMessage message) {
        if (closed) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (UploadQueue.handles(message)) {
            uploads.message(connection, message);
            return;
        }
        if (message instanceof ClientMessage.KadFirewallAck) {
            kadFirewallAck.accept(connection.remoteAddress().getAddress());
            return;
        }
        if (connection.downloadState() instanceof Source s) {
            s.download.message(s, message);
            return;
        }
        if (message instanceof ClientMessage.AcceptUpload && !connection.outgoing()) {
            // an uploader calling us back for a slot before we recognised it: adopt by address
            for (Download d : downloads.values()) {
                if (d.adopt(connection) && connection.downloadState() instanceof Source s) {
                    s.download.message(s, message);
                    return;
                }
            }
        }
        ReferenceCountUtil.release(message);
    }

    @Override
    public void writable(PeerConnection connection) {
        uploads.writable(connection);
    }

    @Override
    public void closed(PeerConnection connection, CloseReason reason, String detail) {
        connections.remove(connection);
        closeCounts.computeIfAbsent(reason, r -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        attachOnHandshake.remove(connection);
        Consumer<String> failed = failOnClose.remove(connection);
        if (failed != null) {
            failed.accept(reason + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (reason != CloseReason.REMOTE_CLOSED && reason != CloseReason.CLOSED_LOCALLY
                && reason != CloseReason.TIMEOUT) {
            logger.log(System.Logger.Level.DEBUG, "ed2k connection " + connection.remoteAddress() + " closed: "
                    + reason + " " + detail);
        }
        if (connection.downloadState() instanceof Source s) {
            s.download.connectionClosed(s, reason, detail);
        }
        uploads.closed(connection);
    }

    // ---- DownloadHost / UploadQueue.Host ----

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Executor blocking() {
        return blocking;
    }

    @Override
    public NetworkId network() {
        return network;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public int requestSize() {
        return settings.requestSize();
    }

    @Override
    public int maxSourcesPerDownload() {
        return settings.maxSourcesPerDownload();
    }

    @Override
    public int banAfterCorruptParts() {
        return settings.banAfterCorruptParts();
    }

    @Override
    public void dial(InetSocketAddress address, Consumer<PeerConnection> attach, Consumer<String> failed) {
        if (closed) {
            failed.accept("node closed");
            return;
        }
        if (connections.size() >= settings.maxConnections()) {
            failed.accept("connection limit");
            return;
        }
        CallbackRoutes routes = callbackRoutes;
        if (routes != null && routes.routes(address)) {
            routes.dial(address, attach, failed);
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(initializer(true));
        if (!settings.bindAddress().isAnyLocalAddress()) {
            b.localAddress(new InetSocketAddress(settings.bindAddress(), 0));
        }
        ChannelFuture f = b.connect(address);
        f.addListener(done -> {
            PeerConnection conn = f.channel().pipeline().get(PeerConnection.class);
            if (!done.isSuccess() || conn == null) {
                failed.accept("connect: " + (done.cause() == null ? "refused" : done.cause().getMessage()));
                if (conn != null) {
                    connections.remove(conn);
                }
                return;
            }
            attachOnHandshake.put(conn, attach);
            failOnClose.put(conn, failed);
            // a connection that closed before we registered: report it now
            if (!f.channel().isActive()) {
                attachOnHandshake.remove(conn);
                failOnClose.remove(conn);
                failed.accept("closed during connect");
            }
        });
    }

    @Override
    public boolean isSelf(InetSocketAddress address) {
        if (address.getPort() != boundPort || address.getAddress() == null) {
            return false;
        }
        InetAddress a = address.getAddress();
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || a.equals(settings.bindAddress())
                || ipOfClientIdEquals(a);
    }

    private boolean ipOfClientIdEquals(InetAddress a) {
        long id = clientId;
        return id != 0 && a.getAddress().length == 4
                && org.crossnet.adapter.edonkey.codec.Ed2kWire.clientId(a.getAddress()) == id;
    }

    @Override
    public void pendingWrites(long delta) {
        pendingWrites += delta;
        if (!readingPaused && pendingWrites > HIGH_WATER) {
            readingPaused = true;
            setAutoRead(false);
        } else if (readingPaused && pendingWrites < LOW_WATER) {
            readingPaused = false;
            setAutoRead(true);
        }
    }

    private void setAutoRead(boolean on) {
        for (PeerConnection c : connections) {
            if (c.channel() != null) {
                c.channel().config().setAutoRead(on);
            }
        }
    }

    @Override
    public void wantSources(Download download) {
        for (SourceFinder f : finders) {
            f.wanted(download.hash(), download.size());
        }
    }

    @Override
    public void closed(Download download) {
        downloads.remove(download.hash(), download);
    }

    @Override
    public boolean uploading(PeerConnection connection) {
        return uploads.serves(connection);
    }

    @Override
    public List<InetSocketAddress> knownSources(Ed2kHash hash) {
        Download d = downloads.get(hash);
        if (d == null) {
            return List.of();
        }
        CallbackRoutes routes = callbackRoutes;
        List<InetSocketAddress> out = new ArrayList<>(d.knownSources());
        // stand-ins for LowIDs mean nothing to other peers
        out.removeIf(a -> routes != null && routes.routes(a));
        return out;
    }

    @Override
    public boolean downloading(PeerConnection connection) {
        return connection.downloadState() != null;
    }

    @Override
    public void uploaded(Ed2kHash file, long bytes) {
        uploadedTotal += bytes;
    }

    // ---- status and lifecycle ----

    /** How many client connections closed for each reason since start. Any thread. */
    public Map<CloseReason, Long> closeCounts() {
        Map<CloseReason, Long> out = new java.util.EnumMap<>(CloseReason.class);
        closeCounts.forEach((r, n) -> out.put(r, n.get()));
        return out;
    }

    /** Sources of the download of {@code hash} with their state (tests, diagnostics). Any thread; waits briefly. */
    public List<String> sources(Ed2kHash hash) {
        try {
            return loop.submit(() -> {
                Download d = downloads.get(hash);
                return d == null ? List.<String>of() : d.describeSources();
            }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return List.of();
        }
    }

    /** AICH recovery data answers sent since start. Any thread. */
    public long aichAnswersServed() {
        return uploads.aichAnswersServed();
    }

    /** Bytes uploaded since start. */
    public long uploadedTotal() {
        return uploadedTotal;
    }

    /** A one-line summary; non-blocking. */
    public String status() {
        return connections.size() + " connections, " + downloads.size() + " downloads, " + shared.size()
                + " shared, " + uploads.activeCount() + "/" + settings.uploadSlots() + " upload slots, "
                + uploads.waitingCount() + " queued";
    }

    /** Closes the listener, every connection and download; blocks until done on the loop. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Download> open = new ArrayList<>();
        try {
            loop.submit(() -> {
                if (timer != null) {
                    timer.cancel(false);
                }
                open.addAll(downloads.values());
                uploads.close();
                for (PeerConnection c : new ArrayList<>(connections)) {
                    c.close(CloseReason.CLOSED_LOCALLY, "adapter stopping");
                }
                if (listener != null) {
                    listener.close();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            logger.log(System.Logger.Level.WARNING, "ed2k node close: " + e);
        }
        for (Download d : open) {
            d.close();
        }
    }
}
