package org.crossnet.adapter.gnutella;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Push;
import org.crossnet.adapter.gnutella.host.HostCache;
import org.crossnet.adapter.gnutella.host.HostPort;
import org.crossnet.adapter.gnutella.host.StoredHosts;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.adapter.gnutella.http.HttpEndpoint;
import org.crossnet.adapter.gnutella.http.HttpSettings;
import org.crossnet.adapter.gnutella.http.HttpStats;
import org.crossnet.adapter.gnutella.http.ServedFile;
import org.crossnet.adapter.gnutella.http.ServentGuid;
import org.crossnet.adapter.gnutella.http.SharedFileTable;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.adapter.gnutella.share.SharedLibrary;
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
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * The Gnutella adapter: one listening socket shared by Gnutella handshakes and HTTP transfers (port unification),
 * a {@link GnutellaNode} that connects as a leaf or an ultrapeer, searches, and answers queries for the shared
 * files it announces through its route table, and an {@link HttpEndpoint} that serves those files, downloads from
 * the sources our query hits (and the request's peers) name, and does PUSH/GIV both ways over the node's routes.
 * The Gnutella side uses one event loop of the context; HTTP transfers use its event loops and blocking executor;
 * no threads of its own. The host cache is kept in the gateway's host store ({@link AdapterContext#hosts()}), read
 * at start and written every minute and on close, always on the blocking executor. Every call into the context after
 * {@link #close()} is prevented by a {@link Gate} (the endpoint has its own and closes first).
 */
public final class GnutellaAdapter implements NetworkAdapter {
    private final GnutellaConfig config;
    private final AdapterContext context;
    private final Gate gate = new Gate();
    private final SharedLibrary library = new SharedLibrary();
    /** Assigns the file indexes: query hits (via {@link #library}) and {@code /get/<index>/} name the same file. */
    private final SharedFileTable table = new SharedFileTable();
    private final HitSources hitSources = new HitSources();
    private final HttpSettings httpSettings;
    private final HttpEndpoint http;
    /** How long close() waits for the final host-store write. */
    private static final long FINAL_SAVE_SECONDS = 10;

    private final HostCache hosts = new HostCache(1000);
    private volatile GnutellaNode node;
    private volatile Channel server;
    private volatile int boundPort;
    private volatile StoredHosts storedHosts;
    private boolean started;
    private boolean closed;

    GnutellaAdapter(GnutellaConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
        HttpSettings defaults = HttpSettings.defaults();
        this.httpSettings = defaults.withUploads(config.uploadSlots(), config.uploadQueue(), defaults.pollMin(),
                defaults.pollMax());
        // Starts nothing: no socket or task exists before the first accept, push or download.
        this.http = new HttpEndpoint(httpSettings, table, context,
                (servent, fileIndex) -> requestPush(servent.bytes(), fileIndex));
    }

    @Override
    public Set<AdapterCapability> capabilities() {
        return EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD, AdapterCapability.PUBLISH);
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        EventLoop loop = context.eventLoops().next();
        StoredHosts stored = new StoredHosts(hosts, context.hosts(),
                context.stateDirectory().resolve(StoredHosts.LEGACY_FILE), context.logger());
        storedHosts = stored;
        // The store is a database: read it off the caller's thread; the bootstrap list serves until it answers.
        gate.execute(context.blockingExecutor(), stored::restore);
        GnutellaNode.Environment env = new GnutellaNode.Environment(context.network(), context.events(),
                context.blockingExecutor(), context.logger(), () -> context.clock().millis(), stored);
        GnutellaNode n = new GnutellaNode(config, env, gate, loop, library, hosts, this::handOffHttp, this::push);
        node = n;
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(n.acceptor());
        try {
            server = bootstrap.bind(config.listenAddress(), config.listenPort()).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's checked BindException undeclared
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "listen: " + config.listenAddress() + ":"
                    + config.listenPort() + " (expected: a free port): " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        boundPort = bound.getPort();
        n.start(boundPort, bound.getAddress());
    }

    /** The port the listener is bound to (0 before {@link #start()}). */
    public int listenPort() {
        return boundPort;
    }

    /** The shared files as the Gnutella side matches them against queries. */
    public SharedLibrary library() {
        return library;
    }

    /** The HTTP transfer side (uploads, downloads, PUSH/GIV), for status and tests. */
    HttpEndpoint http() {
        return http;
    }

    /** The HTTP limits in force (upload slots and queue from the config). */
    HttpSettings httpSettings() {
        return httpSettings;
    }

    /** The sources remembered from our searches' hits. */
    HitSources hitSources() {
        return hitSources;
    }

    /** The listening socket, null before {@link #start()}; tests close it to make a node reachable only by PUSH. */
    Channel listener() {
        return server;
    }

    /** Dials a peer at once (besides the bootstrap list and the host cache). */
    public void connect(HostPort address) {
        requireStarted().dial(address);
    }

    /**
     * Asks the network to have a firewalled servent connect to us (PUSH), for the HTTP part's downloads: routes a
     * PUSH toward {@code servent} along the path its hits came. Any thread, non-blocking.
     *
     * @param servent the 16-byte servent GUID from the query hit
     * @return false when no route to it is known or the adapter is not running
     */
    public boolean requestPush(Bytes servent, long fileIndex) {
        GnutellaNode n = node;
        return n != null && gate.isOpen() && n.requestPush(new Guid(servent), fileIndex);
    }

    GnutellaNode node() {
        return node;
    }

    /**
     * A connection on our port that starts with GET, HEAD (a peer downloading from us) or GIV (a firewalled peer
     * answering our PUSH): the port-unification handler has removed itself; the endpoint takes {@code firstBytes}.
     */
    private void handOffHttp(Channel channel, ByteBuf firstBytes) {
        http.accept(channel, firstBytes);
    }

    /** A PUSH for our servent GUID: connect to the downloader, send GIV and serve the file over that connection. */
    private void push(Push push) {
        http.push(new InetSocketAddress(push.address(), push.port()), push.fileIndex(),
                new ServentGuid(push.servent().bytes()));
    }

    @Override
    public String statusLine() {
        GnutellaNode n = node;
        if (n == null) {
            return closed ? "closed" : "not started";
        }
        HttpStats t = http.stats();
        return n.status() + "; http: " + t.activeUploads() + " uploading, " + t.queuedUploads() + " queued, "
                + t.downloads() + " downloading";
    }

    @Override
    public Optional<Searcher> searcher() {
        return Optional.of(new Searcher() {
            @Override
            public SearchHandle search(SearchQuery query, SearchSink sink) {
                if (query == null || sink == null) {
                    throw GatewayException.invalid("query/sink", "null", "both present");
                }
                GnutellaNode n = requireStarted();
                return n.search(query, new SearchSink() {
                    @Override
                    public void hits(List<SearchHit> hits) {
                        // Remembered before the engine sees them, so a download started from a hit finds its source.
                        hitSources.record(hits);
                        sink.hits(hits);
                    }

                    @Override
                    public void finished(String reason) {
                        sink.finished(reason);
                    }
                });
            }
        });
    }

    /**
     * Downloads by SHA-1 over HTTP from the request's {@code host:port} peers plus every source our searches' hits
     * named for that SHA-1 (with the servent GUID and index a PUSH needs); hits arriving later join as sources.
     */
    @Override
    public Optional<Downloader> downloader() {
        return Optional.of(new Downloader() {
            @Override
            public boolean canFetch(ContentId content) {
                return content != null && HttpEndpoint.canFetch(content);
            }

            @Override
            public DownloadSession download(DownloadRequest request, DownloadSink sink) {
                if (request == null || sink == null) {
                    throw GatewayException.invalid("request/sink", "null", "both present");
                }
                if (!canFetch(request.content())) {
                    throw GatewayException.invalid("content", request.content(), "a SHA-1 and a known size > 0");
                }
                requireStarted();
                HttpDownload download = http.download(request, sink);
                hitSources.attach(request.content().sha1(), download);
                return download;
            }
        });
    }

    @Override
    public Optional<Publisher> publisher() {
        return Optional.of(new Publisher() {
            @Override
            public void publish(SharedFile file) {
                if (file == null || file.content() == null || file.content().sha1() == null) {
                    throw GatewayException.invalid("file.content.sha1", null, "a shared file with its SHA-1");
                }
                ServedFile served;
                try {
                    served = table.publish(file);
                    library.add(file, served.index());
                } catch (IllegalArgumentException e) {
                    throw GatewayException.invalid("file", file.content(), "a shared file with a SHA-1 and a known "
                            + "size: " + e.getMessage());
                }
            }

            @Override
            public void withdraw(ContentId content) {
                if (content == null) {
                    return;
                }
                Optional<ServedFile> served = table.withdraw(content);
                library.remove(served.map(ServedFile::content).orElse(content));
                served.ifPresent(f -> http.endUploads(f.content().sha1()));
            }
        });
    }

    private GnutellaNode requireStarted() {
        GnutellaNode n = node;
        if (n == null || !gate.isOpen()) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "network: gnutella is "
                    + (gate.isOpen() ? "not started" : "closed") + " (expected: started)");
        }
        return n;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        GnutellaNode n = node;
        Channel s = server;
        if (n != null) {
            n.close();
        }
        if (s != null) {
            s.close().awaitUninterruptibly(2_000);
        }
        // Before our gate: the endpoint waits for its own calls into stores and sinks, then none follows.
        http.close();
        gate.close();
        StoredHosts stored = storedHosts;
        if (stored != null) {
            saveFinally(stored);
        }
    }

    /**
     * The last write of the host cache, on the blocking executor (the store is a database), waited for so that it
     * happens before close() returns, as the SPI requires of every call into the context. A store that hangs longer
     * than {@value #FINAL_SAVE_SECONDS} s loses this write (the gateway drops it once we are closed).
     */
    private void saveFinally(StoredHosts stored) {
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.runAsync(stored::flush, context.blockingExecutor());
        } catch (RejectedExecutionException e) {
            // The executor is shutting down with the gateway; close() is never called on an event loop.
            stored.flush();
            return;
        }
        try {
            done.get(FINAL_SAVE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            context.logger().log(Level.WARNING, "gnutella host cache: final save failed: " + e);
        }
    }
}
