package org.crossnet.adapter.gnutella.http.download;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.crossnet.adapter.gnutella.http.AltMesh;
import org.crossnet.adapter.gnutella.http.HttpSettings;
import org.crossnet.adapter.gnutella.http.PushRequester;
import org.crossnet.adapter.gnutella.http.ServentGuid;
import org.crossnet.adapter.gnutella.http.wire.GivLine;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.model.NetworkId;

/**
 * What every download of one endpoint shares: settings, the context's event loops and blocking executor, the mesh,
 * the PUSH requester and the downloads waiting for a GIV. Thread-safe.
 */
public final class Downloads {
    /** Longest status line accepted from an uploader. */
    static final int MAX_STATUS_LINE = 1024;

    final HttpSettings settings;
    final AdapterContext context;
    /**
     * The context's facilities, read once here: the SPI forbids any call into the context after the adapter's
     * close() returned, and a connection's last events may run on an event loop after that.
     */
    final EventLoopGroup loops;
    final Executor blocking;
    final NetworkId network;
    final AltMesh mesh;
    final PushRequester pushes;
    final AtomicLong bytesReceived = new AtomicLong();
    private final Set<HttpDownload> downloads = ConcurrentHashMap.newKeySet();
    private final List<PushWait> waits = new ArrayList<>();

    private record PushWait(ServentGuid servent, long index, HttpDownload download, Source source) {
    }

    public Downloads(HttpSettings settings, AdapterContext context, AltMesh mesh, PushRequester pushes) {
        this.settings = settings;
        this.context = context;
        this.loops = context.eventLoops();
        this.blocking = context.blockingExecutor();
        this.network = context.network();
        this.mesh = mesh;
        this.pushes = pushes;
    }

    /** Starts a download; the caller is not on an event loop (the store is inspected with blocking calls). */
    public HttpDownload start(DownloadRequest request, DownloadSink sink) {
        HttpDownload download = new HttpDownload(this, request, sink);
        downloads.add(download);
        download.start();
        return download;
    }

    /**
     * Hands a connection that sent {@code giv} to the download that asked for that PUSH.
     *
     * @return false when no download waits for it (the caller closes the channel)
     */
    public boolean onGiv(Channel channel, GivLine giv) {
        PushWait match = null;
        synchronized (waits) {
            // Prefer the exact index; the GUID alone is enough when a servent renumbered its files meanwhile.
            for (PushWait w : waits) {
                if (w.servent.equals(giv.servent()) && (match == null || w.index == giv.index())) {
                    match = w;
                }
            }
            if (match != null) {
                waits.remove(match);
            }
        }
        return match != null && match.download.attachPushed(match.source, channel);
    }

    /** Every open download. */
    public List<HttpDownload> downloads() {
        return List.copyOf(downloads);
    }

    /** Payload bytes received (written to stores) since the start. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Closes every download. */
    public void closeAll() {
        for (HttpDownload d : downloads()) {
            d.close();
        }
    }

    void removed(HttpDownload download) {
        downloads.remove(download);
        synchronized (waits) {
            waits.removeIf(w -> w.download == download);
        }
    }

    void expectGiv(ServentGuid servent, long index, HttpDownload download, Source source) {
        synchronized (waits) {
            waits.add(new PushWait(servent, index, download, source));
        }
    }

    void cancelGiv(HttpDownload download, Source source) {
        synchronized (waits) {
            for (Iterator<PushWait> it = waits.iterator(); it.hasNext(); ) {
                PushWait w = it.next();
                if (w.download == download && w.source == source) {
                    it.remove();
                }
            }
        }
    }

    /** The client pipeline: HTTP codec with our limits, then the connection handler. */
    void installClient(Channel channel, SourceConnection connection) {
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxInitialLineLength(MAX_STATUS_LINE)
                .setMaxHeaderSize(settings.maxHeaderBytes()).setMaxChunkSize(64 * 1024);
        channel.pipeline().addLast("gnutella-http-client", new HttpClientCodec(decoder, false, true));
        channel.pipeline().addLast("gnutella-download", connection);
    }

    /** Opens a TCP connection on the shared event loops; {@code address} must be resolved (no DNS on a loop). */
    ChannelFuture connect(InetSocketAddress address, SourceConnection connection) {
        return new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        installClient(ch, connection);
                    }
                })
                .connect(address);
    }
}
