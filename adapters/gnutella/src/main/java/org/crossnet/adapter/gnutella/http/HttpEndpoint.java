package org.crossnet.adapter.gnutella.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crossnet.adapter.gnutella.http.download.Downloads;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.adapter.gnutella.http.upload.UploadService;
import org.crossnet.adapter.gnutella.http.wire.GivDecoder;
import org.crossnet.adapter.gnutella.http.wire.GivLine;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;

/**
 * Gnutella's HTTP side of one servent: serves shared files to peers (uploads), fetches content from peers
 * (downloads), and both directions of PUSH/GIV. The messaging layer owns the listening socket and the Gnutella
 * connections; it hands over the connections that turn out to be HTTP ({@link #accept}), forwards PUSH requests
 * addressed to us ({@link #push}), and sends PUSHes for our downloads through the {@link PushRequester} it gives us.
 *
 * <p>Threading: every public method is thread-safe and non-blocking except {@link #download} (call it where the SPI
 * calls {@code Downloader.download}: not on an event loop) and {@link #close()} (waits for calls into the store and
 * sinks in progress). Connections run on the context's event loops; file and store I/O, DNS and hashing run on its
 * blocking executor. Constructing an endpoint starts nothing: no thread, socket or task exists until the first
 * accept, push or download.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final int MAX_PUSHES_IN_FLIGHT = 16;

    private final HttpSettings settings;
    private final ShareLookup shares;
    /** Read once: no call into the context may follow close(), and late channel events can run after it. */
    private final System.Logger logger;
    private final EventLoopGroup loops;
    private final Gate gate = new Gate();
    private final AltMesh mesh = new AltMesh();
    private final UploadService uploads;
    private final Downloads downloads;
    private final Set<Channel> pushChannels = ConcurrentHashMap.newKeySet();

    /**
     * @param settings limits and timings
     * @param shares   what may be served; looked up on event loops, so in-memory and non-blocking
     * @param context  the adapter's context: event loops, blocking executor, clock, logger, network id
     * @param pushes   sends PUSH messages for downloads from firewalled sources
     */
    public HttpEndpoint(HttpSettings settings, ShareLookup shares, AdapterContext context, PushRequester pushes) {
        if (settings == null || shares == null || context == null || pushes == null) {
            throw new IllegalArgumentException("endpoint: a null argument (expected: settings, shares, context and "
                    + "push requester)");
        }
        this.settings = settings;
        this.shares = shares;
        this.logger = context.logger();
        this.loops = context.eventLoops();
        this.uploads = new UploadService(settings, shares, mesh, context.blockingExecutor(), gate, context.clock(),
                context.logger());
        this.downloads = new Downloads(settings, context, mesh, pushes);
    }

    /** True when a download of this content can run here: it needs a SHA-1 and a known, non-zero size. */
    public static boolean canFetch(ContentId content) {
        return content.sha1() != null && content.size() > 0;
    }

    /**
     * Takes over a connection accepted on the Gnutella port whose first bytes are {@code "GET "}, {@code "HEAD "}
     * (a peer downloading from us) or {@code "GIV "} (a firewalled peer answering our PUSH). Installs our handlers at
     * the end of the channel's pipeline and fires {@code firstBytes} into the pipeline.
     *
     * <p>The caller must already have removed its own inbound handlers that would read those bytes again (its
     * protocol sniffer); pass-through handlers may stay. The channel must be active. Ownership of
     * {@code firstBytes} passes to this method (it is released even when the endpoint is closed). Any thread; the
     * work happens on the channel's event loop.
     */
    public void accept(Channel channel, ByteBuf firstBytes) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> accept(channel, firstBytes));
            return;
        }
        if (!gate.isOpen() || !channel.isActive()) {
            ReferenceCountUtil.release(firstBytes);
            channel.close();
            return;
        }
        if (startsWith(firstBytes, "GIV ")) {
            channel.pipeline().addLast("gnutella-giv", new GivDecoder());
            channel.pipeline().addLast("gnutella-giv-handler", new GivHandler());
        } else {
            uploads.install(channel);
        }
        channel.pipeline().fireChannelRead(firstBytes);
    }

    /**
     * Answers a PUSH addressed to us: connects to {@code requester}, sends
     * {@code GIV <fileIndex>:<servent>/<name>\n\n} and serves that connection as an upload. Ignored (logged at DEBUG)
     * when no shared file has that index, the address is unresolved, or {@value #MAX_PUSHES_IN_FLIGHT} call-backs
     * are already being opened. Any thread; non-blocking.
     *
     * @param requester the address in the PUSH message (the downloader's)
     * @param fileIndex the file index in the PUSH message
     * @param servent   the servent GUID the PUSH was addressed to (ours; echoed in the GIV line)
     */
    public void push(InetSocketAddress requester, long fileIndex, ServentGuid servent) {
        if (!gate.isOpen()) {
            return;
        }
        Optional<ServedFile> file = shares.byIndex(fileIndex);
        if (file.isEmpty() || requester.isUnresolved() || pushChannels.size() >= MAX_PUSHES_IN_FLIGHT) {
            debug(() -> "push to " + requester + " for index " + fileIndex
                    + " ignored (" + (file.isEmpty() ? "no such file" : requester.isUnresolved()
                    ? "unresolved address" : "too many call-backs") + ")");
            return;
        }
        byte[] giv = new GivLine(fileIndex, servent, file.get().name()).encode();
        ChannelFuture future = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // The upload pipeline goes in once connected, right after the GIV line.
                    }
                })
                .connect(requester);
        Channel channel = future.channel();
        pushChannels.add(channel);
        future.addListener((ChannelFutureListener) f -> {
            pushChannels.remove(channel);
            if (!f.isSuccess()) {
                debug(() -> "push to " + requester + ": " + f.cause());
                return;
            }
            if (!gate.isOpen()) {
                channel.close();
                return;
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(giv));
            uploads.install(channel);
        });
    }

    /**
     * Starts a download of {@code request.content()} (which must pass {@link #canFetch}) into its store, from the
     * request's peers and from the sources added later with {@link HttpDownload#addSources}. Blocking (reads the
     * store's state): never call on an event loop.
     */
    public HttpDownload download(DownloadRequest request, DownloadSink sink) {
        if (!gate.isOpen()) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "gnutella http: closed (expected: an open endpoint)");
        }
        return downloads.start(request, sink);
    }

    /** Ends the upload connections of a withdrawn file (the share lookup no longer returns it). Any thread. */
    public void endUploads(Sha1 sha1) {
        uploads.endUploads(sha1);
    }

    /** The download mesh: alternate locations we know per file (also fed by the messaging layer's query hits). */
    public AltMesh mesh() {
        return mesh;
    }

    /** A snapshot for status lines. Any thread. */
    public HttpStats stats() {
        return new HttpStats(uploads.connections(), uploads.activeUploads(), uploads.queuedUploads(),
                downloads.downloads().size(), uploads.bytesSent(), downloads.bytesReceived());
    }

    /**
     * Closes every transfer connection and download; after it returns no call into the context, stores or sinks
     * follows. Idempotent. Blocks briefly for calls in progress.
     */
    @Override
    public void close() {
        downloads.closeAll();
        gate.close();
        uploads.closeAll();
        for (Channel c : pushChannels) {
            c.close();
        }
    }

    /** Logs unless closed: a call-back's or GIV connection's last events may come after close(). */
    private void debug(java.util.function.Supplier<String> message) {
        gate.run(() -> logger.log(System.Logger.Level.DEBUG, message));
    }

    private static boolean startsWith(ByteBuf buf, String prefix) {
        if (buf.readableBytes() < prefix.length()) {
            return false;
        }
        return buf.toString(buf.readerIndex(), prefix.length(), StandardCharsets.US_ASCII).equals(prefix);
    }

    /** Hands the connection of a decoded GIV line to the download waiting for it. */
    private final class GivHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof GivLine giv)) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
            if (!downloads.onGiv(ctx.channel(), giv)) {
                debug(() -> "GIV from " + ctx.channel().remoteAddress()
                        + " for " + giv.servent() + "/" + giv.index() + ": no download waits for it");
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            debug(() -> "GIV from " + ctx.channel().remoteAddress() + ": "
                    + cause.getMessage());
            ctx.close();
        }
    }
}
