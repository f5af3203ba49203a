package org.crossnet.adapter.gnutella;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.crossnet.adapter.gnutella.codec.Push;
import org.crossnet.adapter.gnutella.host.HostCache;
import org.crossnet.adapter.gnutella.host.HostPort;
import org.crossnet.adapter.gnutella.share.SharedLibrary;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.Publisher;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SearchQuery;

/**
 * The Gnutella adapter: one listening socket shared by Gnutella handshakes and HTTP transfers (port unification),
 * a {@link GnutellaNode} that connects as a leaf or an ultrapeer, searches, and answers queries for the shared
 * files it announces through its route table. Uses one event loop of the context for every channel; no threads of
 * its own. The host cache lives in {@code hosts.txt} in the state directory. Every call into the context after
 * {@link #close()} is prevented by a {@link Gate}.
 */
public final class GnutellaAdapter implements NetworkAdapter {
    private final GnutellaConfig config;
    private final AdapterContext context;
    private final Gate gate = new Gate();
    private final SharedLibrary library = new SharedLibrary();
    private final HostCache hosts = new HostCache(1000);
    private volatile GnutellaNode node;
    private volatile Channel server;
    private volatile int boundPort;
    private volatile Path hostFile;
    private boolean started;
    private boolean closed;

    GnutellaAdapter(GnutellaConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public Set<AdapterCapability> capabilities() {
        // TODO(#4): DOWNLOAD once the HTTP transfer part provides a Downloader.
        return EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.PUBLISH);
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        EventLoop loop = context.eventLoops().next();
        hostFile = context.stateDirectory().resolve(HostCache.FILE);
        try {
            hosts.load(hostFile);
        } catch (IOException e) {
            context.logger().log(Level.WARNING, "gnutella host cache: cannot read " + hostFile + ": " + e.getMessage());
        }
        GnutellaNode.Environment env = new GnutellaNode.Environment(context.network(), context.events(),
                context.blockingExecutor(), context.logger(), () -> context.clock().millis(), hostFile);
        GnutellaNode n = new GnutellaNode(config, env, gate, loop, library, hosts, this::handOffHttp, this::push);
        node = n;
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(n.acceptor());
        try {
            server = bootstrap.bind(config.listenAddress(), config.listenPort()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
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

    /** The shared files, for the HTTP transfer part (uploads by index or SHA-1). */
    public SharedLibrary library() {
        return library;
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
    public boolean requestPush(org.crossnet.spi.model.Bytes servent, long fileIndex) {
        GnutellaNode n = node;
        return n != null && gate.isOpen() && n.requestPush(new org.crossnet.adapter.gnutella.codec.Guid(servent),
                fileIndex);
    }

    GnutellaNode node() {
        return node;
    }

    /**
     * WIRING POINT for the HTTP transfer part (issue #4): a connection on our port that starts with GET, HEAD or GIV
     * goes to {@code org.crossnet.adapter.gnutella.http.HttpEndpoint#accept(Channel, ByteBuf)}. Until that class
     * exists such connections are closed with {@code CloseReason.HTTP_UNAVAILABLE}. To wire it, replace the body
     * with a call to the endpoint, e.g. {@code httpEndpoint.accept(channel, firstBytes);}.
     */
    private void handOffHttp(Channel channel, ByteBuf firstBytes) {
        node.httpUnavailable(channel, firstBytes);
    }

    /**
     * WIRING POINT for the HTTP transfer part (issue #4): a PUSH for our servent GUID asks us to connect to the
     * downloader and send GIV. Until the HTTP part takes it, the request is logged and dropped.
     */
    private void push(Push push) {
        gate.run(() -> context.logger().log(Level.DEBUG, "gnutella: push for file " + push.fileIndex() + " to "
                + push.address().getHostAddress() + ":" + push.port() + " ignored: no HTTP endpoint wired in"));
    }

    @Override
    public String statusLine() {
        GnutellaNode n = node;
        return n == null ? (closed ? "closed" : "not started") : n.status();
    }

    @Override
    public Optional<Searcher> searcher() {
        return Optional.of(new Searcher() {
            @Override
            public SearchHandle search(SearchQuery query, SearchSink sink) {
                if (query == null || sink == null) {
                    throw GatewayException.invalid("query/sink", "null", "both present");
                }
                return requireStarted().search(query, sink);
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
                library.add(file);
            }

            @Override
            public void withdraw(ContentId content) {
                library.remove(content);
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
        gate.close();
        Path file = hostFile;
        if (file != null) {
            try {
                hosts.save(file);
            } catch (IOException e) {
                // The context is closed to us now; the next start simply has an older cache.
            }
        }
    }
}
