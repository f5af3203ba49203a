package org.crossnet.adapter.gnutella.http.upload;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.crossnet.adapter.gnutella.http.AltMesh;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.adapter.gnutella.http.HttpSettings;
import org.crossnet.adapter.gnutella.http.ShareLookup;
import org.crossnet.spi.model.Sha1;

/**
 * What every upload connection shares: settings, the share lookup, slots and queue, THEX trees, the mesh, counters,
 * and the set of open upload channels (so that a withdrawn file or a closing endpoint ends them). Thread-safe.
 */
public final class UploadService {
    /** Longest request line accepted (the target is at most {@code RequestTarget.MAX_LENGTH}). */
    static final int MAX_REQUEST_LINE = 4096 + 64;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

    final HttpSettings settings;
    final ShareLookup shares;
    final AltMesh mesh;
    final Executor blocking;
    final Gate gate;
    final Clock clock;
    final System.Logger logger;
    final UploadQueue queue;
    final TreeCache trees;
    final AtomicLong bytesSent = new AtomicLong();
    private final Set<UploadHandler> handlers = ConcurrentHashMap.newKeySet();

    public UploadService(HttpSettings settings, ShareLookup shares, AltMesh mesh, Executor blocking, Gate gate,
                         Clock clock, System.Logger logger) {
        this.settings = settings;
        this.shares = shares;
        this.mesh = mesh;
        this.blocking = blocking;
        this.gate = gate;
        this.clock = clock;
        this.logger = logger;
        this.queue = new UploadQueue(settings.uploadSlots(), settings.queueLength(), settings.pollMax().toMillis());
        this.trees = new TreeCache(blocking, gate, 32);
    }

    /**
     * Makes {@code channel} an upload connection: installs the HTTP server codec and an {@link UploadHandler} at the
     * end of its pipeline. Call on the channel's event loop; the caller then fires the bytes read so far.
     */
    public void install(Channel channel) {
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(settings.maxHeaderBytes()).setMaxChunkSize(8192);
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        channel.pipeline().addLast("gnutella-http-server", new HttpServerCodec(decoder));
        channel.pipeline().addLast("gnutella-upload", new UploadHandler(this));
    }

    /** Logs unless the endpoint is closed: the logger belongs to the context. */
    void log(System.Logger.Level level, java.util.function.Supplier<String> message) {
        gate.run(() -> logger.log(level, message));
    }

    void log(System.Logger.Level level, String message, Throwable error) {
        gate.run(() -> logger.log(level, message, error));
    }

    void opened(UploadHandler handler) {
        handlers.add(handler);
    }

    void closed(UploadHandler handler) {
        handlers.remove(handler);
        queue.release(handler);
    }

    /** Ends every upload connection serving (or last asked for) {@code sha1}. Any thread. */
    public void endUploads(Sha1 sha1) {
        for (UploadHandler h : handlers) {
            if (sha1.equals(h.currentSha1())) {
                h.channel().close();
            }
        }
    }

    /** Closes every upload connection. Any thread. */
    public void closeAll() {
        for (UploadHandler h : handlers) {
            h.channel().close();
        }
    }

    /** Upload connections open now. */
    public int connections() {
        return handlers.size();
    }

    /** Slots in use now. */
    public int activeUploads() {
        return queue.active();
    }

    /** Requests waiting in the queue now. */
    public int queuedUploads() {
        return queue.queued(clock.millis());
    }

    /** Payload bytes sent since the start. */
    public long bytesSent() {
        return bytesSent.get();
    }
}
