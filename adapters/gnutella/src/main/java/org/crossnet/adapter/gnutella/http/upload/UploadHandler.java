package org.crossnet.adapter.gnutella.http.upload;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.crossnet.adapter.gnutella.http.ServedFile;
import org.crossnet.adapter.gnutella.http.thex.HashTree;
import org.crossnet.adapter.gnutella.http.thex.ThexDocument;
import org.crossnet.adapter.gnutella.http.wire.AltLocations;
import org.crossnet.adapter.gnutella.http.wire.ContentRange;
import org.crossnet.adapter.gnutella.http.wire.GnutellaHeaders;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.adapter.gnutella.http.wire.QueueStatus;
import org.crossnet.adapter.gnutella.http.wire.RangeSelection;
import org.crossnet.adapter.gnutella.http.wire.RequestTarget;
import org.crossnet.adapter.gnutella.http.wire.ThexUri;
import org.crossnet.adapter.gnutella.http.wire.UploadRequest;
import org.crossnet.adapter.gnutella.http.wire.Urn;
import org.crossnet.spi.model.Sha1;

/**
 * Serves one upload connection (after {@code HttpServerCodec}): requests one at a time, in order, with HTTP/1.1
 * keep-alive. Reading is paused while a response is in progress, so a pipelining client cannot make us buffer its
 * requests; at most {@link #MAX_PIPELINED} already decoded ones wait.
 *
 * <p>Per request: an undecodable head gets 400/414/431 and the connection closes; a method other than GET/HEAD 501;
 * a target that is not shared 404 (with the reason in the body); a Range starting past the end 416; a GET without a
 * slot 503 with X-Queue (or "Queue full" and a close). Otherwise the file is opened on the blocking executor, checked
 * against the size it was shared with, and streamed by a {@link BodyPump}. THEX trees ({@code /uri-res/N2X}) and HEAD
 * requests need no slot. Nothing is ever read that the {@code ShareLookup} did not return, so no request can reach
 * another path.
 *
 * <p>Threading: every method runs on the channel's event loop except the file opening and the pump's reads.
 */
final class UploadHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_PIPELINED = 4;
    private static final long QUEUE_GRACE_MILLIS = 5_000;
    private static final HttpResponseStatus QUEUED = new HttpResponseStatus(503, "Queued");
    private static final HttpResponseStatus QUEUE_FULL = new HttpResponseStatus(503, "Queue full");
    private static final HttpResponseStatus HEADERS_TOO_LARGE =
            new HttpResponseStatus(431, "Request Header Fields Too Large");

    private final UploadService service;
    private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>();
    private final Object fileLock = new Object();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean queuedLast;
    private boolean ended;
    private volatile Sha1 currentSha1;
    private BodyPump pump;
    private ScheduledFuture<?> idleTimer;
    private Path openPath;
    private FileChannel openFile;
    private boolean fileClosed;

    UploadHandler(UploadService service) {
        this.service = service;
    }

    Channel channel() {
        return ctx.channel();
    }

    Sha1 currentSha1() {
        return currentSha1;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        service.opened(this);
        armIdle(service.settings.keepAlive().toMillis());
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg); // request bodies (HttpContent) mean nothing to GET/HEAD
            return;
        }
        ReferenceCountUtil.release(msg);
        if (pending.size() >= MAX_PIPELINED) {
            context.close();
            return;
        }
        pending.add(request);
        if (!busy) {
            next();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (pump != null && context.channel().isWritable()) {
            pump.resume();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        end();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        end();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        service.log(System.Logger.Level.DEBUG, () -> "upload " + context.channel().remoteAddress()
                + ": " + cause);
        context.close();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        service.closed(this);
        if (pump != null) {
            pump.cancel();
        }
        cancelIdle();
        // Closing a descriptor does not wait for the disk, but stays off the loop with the rest of the file I/O.
        if (!service.gate.execute(service.blocking, this::closeFile)) {
            closeFile();
        }
    }

    private void next() {
        HttpRequest request = pending.poll();
        if (request == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            armIdle(queuedLast ? service.settings.pollMax().toMillis() + QUEUE_GRACE_MILLIS
                    : service.settings.keepAlive().toMillis());
            return;
        }
        busy = true;
        cancelIdle();
        ctx.channel().config().setAutoRead(false);
        try {
            handle(request);
        } catch (RuntimeException e) {
            service.log(System.Logger.Level.WARNING, "upload: failed to answer " + request.uri(), e);
            ctx.close();
        }
    }

    private void handle(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : HttpResponseStatus.BAD_REQUEST;
            String reason = cause instanceof TooLongHttpHeaderException
                    ? "request head: longer than " + service.settings.maxHeaderBytes() + " bytes (expected: at most that)"
                    : "request: " + cause.getMessage();
            reply(status, reason, false, false, h -> { });
            return;
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            reply(HttpResponseStatus.NOT_IMPLEMENTED, "method: " + method + " (expected: GET or HEAD)", false, false,
                    h -> { });
            return;
        }
        boolean head = HttpMethod.HEAD.equals(method);
        UploadRequest upload;
        try {
            upload = UploadRequest.of(request);
        } catch (HttpWireException e) {
            reply(HttpResponseStatus.BAD_REQUEST, e.getMessage(), keepAlive(request), head, h -> { });
            return;
        }
        Optional<ServedFile> found = lookup(upload.target());
        if (found.isEmpty()) {
            reply(HttpResponseStatus.NOT_FOUND, "target: " + upload.target().uri() + " (expected: a shared file)",
                    upload.keepAlive(), head, h -> { });
            return;
        }
        ServedFile file = found.get();
        Sha1 sha1 = file.content().sha1();
        currentSha1 = sha1;
        service.mesh.learn(sha1, upload.alternates());
        if (upload.target() instanceof RequestTarget.Tree) {
            serveTree(upload, file);
        } else {
            serveFile(upload, file);
        }
    }

    private Optional<ServedFile> lookup(RequestTarget target) {
        if (target instanceof RequestTarget.Resource r) {
            return service.shares.find(r.hash());
        }
        if (target instanceof RequestTarget.Tree t) {
            return service.shares.find(t.hash());
        }
        RequestTarget.Indexed indexed = (RequestTarget.Indexed) target;
        // The name must match too, as in gtk-gnutella: an index alone may name another file after a re-index.
        return service.shares.byIndex(indexed.index()).filter(f -> f.name().equals(indexed.name()));
    }

    private void serveFile(UploadRequest upload, ServedFile file) {
        long size = file.size();
        RangeSelection range = RangeSelection.resolve(upload.range(), size);
        if (range.kind() == RangeSelection.Kind.UNSATISFIABLE) {
            reply(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range: " + upload.range() + " (expected: a "
                    + "range starting below " + size + ")", upload.keepAlive(), upload.headOnly(),
                    h -> h.set(GnutellaHeaders.CONTENT_RANGE, ContentRange.unsatisfied(size).headerValue()));
            return;
        }
        if (!upload.headOnly()) {
            UploadQueue.Admission admission = service.queue.admit(this, upload.queueId(), service.clock.millis());
            if (admission.kind() == UploadQueue.Kind.FULL) {
                reply(QUEUE_FULL, "queue: full (expected: a free place; retry later)", false, false,
                        h -> h.set(GnutellaHeaders.RETRY_AFTER, service.settings.pollMax().toSeconds()));
                return;
            }
            if (admission.kind() == UploadQueue.Kind.QUEUED) {
                replyQueued(upload, admission);
                return;
            }
        }
        queuedLast = false;
        if (!upload.headOnly() && file.content().tth() != null) {
            // Hash the tree now, in the background: a downloader that gets data asks for the tree next.
            service.trees.tree(file);
        }
        Path path = file.path();
        boolean started = service.gate.execute(service.blocking, () -> {
            FileChannel channel;
            try {
                channel = open(path, size);
            } catch (IOException | RuntimeException e) {
                service.log(System.Logger.Level.WARNING, () -> "upload: shared file unreadable: " + path + ": " + e);
                ctx.executor().execute(() -> reply(HttpResponseStatus.NOT_FOUND, "target: " + upload.target().uri()
                        + " (expected: a readable shared file)", upload.keepAlive(), upload.headOnly(), h -> { }));
                return;
            }
            ctx.executor().execute(() -> sendFile(upload, file, range, channel));
        });
        if (!started) {
            ctx.close();
        }
    }

    private void sendFile(UploadRequest upload, ServedFile file, RangeSelection range, FileChannel channel) {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean partial = range.kind() == RangeSelection.Kind.PARTIAL;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        HttpHeaders h = response.headers();
        common(h);
        h.set(GnutellaHeaders.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        h.set(GnutellaHeaders.CONTENT_LENGTH, range.length());
        if (partial) {
            h.set(GnutellaHeaders.CONTENT_RANGE, new ContentRange(range.start(), range.end(), file.size()).headerValue());
        }
        h.set(GnutellaHeaders.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        h.set(GnutellaHeaders.CONTENT_DISPOSITION, "inline; filename*=UTF-8''" + attrChars(file.name()));
        gnutellaHeaders(h, file, upload);
        boolean keepAlive = upload.keepAlive();
        if (!keepAlive) {
            h.set(GnutellaHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(response);
        if (upload.headOnly() || range.length() == 0) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(afterResponse(keepAlive));
            return;
        }
        ctx.flush();
        pump = new BodyPump(ctx.channel(), channel, range.start(), range.end(), service.blocking, service.gate,
                () -> {
                    pump = null;
                    done(keepAlive);
                },
                e -> {
                    service.log(System.Logger.Level.DEBUG, () -> "upload " + ctx.channel().remoteAddress()
                            + ": body ended early: " + e);
                    ctx.close();
                }, service.bytesSent);
        pump.resume();
    }

    private void serveTree(UploadRequest upload, ServedFile file) {
        if (file.content().tth() == null) {
            reply(HttpResponseStatus.NOT_FOUND, "target: " + upload.target().uri() + " (expected: a file shared with "
                    + "a TTH root)", upload.keepAlive(), upload.headOnly(), h -> { });
            return;
        }
        service.trees.tree(file).whenComplete((tree, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                service.log(System.Logger.Level.WARNING, () -> "upload: no THEX tree for " + file.name() + ": "
                        + error);
                reply(HttpResponseStatus.NOT_FOUND, "target: " + upload.target().uri() + " (expected: a file whose "
                        + "tree can be computed)", upload.keepAlive(), upload.headOnly(), h -> { });
                return;
            }
            sendTree(upload, file, tree);
        }));
    }

    private void sendTree(UploadRequest upload, ServedFile file, HashTree tree) {
        byte[] body = ThexDocument.encode(tree);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                upload.headOnly() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        common(h);
        h.set(GnutellaHeaders.CONTENT_TYPE, "application/dime");
        h.set(GnutellaHeaders.CONTENT_LENGTH, body.length);
        h.set(GnutellaHeaders.X_GNUTELLA_CONTENT_URN, Urn.of(file.content().sha1()));
        if (!upload.keepAlive()) {
            h.set(GnutellaHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(afterResponse(upload.keepAlive()));
    }

    private void replyQueued(UploadRequest upload, UploadQueue.Admission admission) {
        queuedLast = true;
        long pollMin = service.settings.pollMin().toSeconds();
        long pollMax = service.settings.pollMax().toSeconds();
        QueueStatus status = new QueueStatus(admission.position(), admission.length(), service.queue.slots(),
                (int) pollMin, (int) pollMax, (int) pollMax, admission.id());
        HttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, QUEUED, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = response.headers();
        common(h);
        h.set(GnutellaHeaders.CONTENT_LENGTH, 0);
        h.set(GnutellaHeaders.X_QUEUE, status.xQueue());
        if (upload.queueVersion() >= 1) {
            h.set(GnutellaHeaders.X_QUEUED, status.xQueued());
        }
        h.set(GnutellaHeaders.RETRY_AFTER, pollMin);
        if (!upload.keepAlive()) {
            h.set(GnutellaHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(afterResponse(upload.keepAlive()));
    }

    /** An answer whose body is the reason, as plain text (none for HEAD). */
    private void reply(HttpResponseStatus status, String reason, boolean keepAlive, boolean head,
                       Consumer<HttpHeaders> extra) {
        byte[] body = (reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        common(h);
        h.set(GnutellaHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8");
        h.set(GnutellaHeaders.CONTENT_LENGTH, body.length);
        extra.accept(h);
        if (!keepAlive) {
            h.set(GnutellaHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(afterResponse(keepAlive));
    }

    private ChannelFutureListener afterResponse(boolean keepAlive) {
        return f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            done(keepAlive);
        };
    }

    private void done(boolean keepAlive) {
        if (!keepAlive) {
            ctx.close();
            return;
        }
        next();
    }

    private void common(HttpHeaders h) {
        h.set(GnutellaHeaders.SERVER, service.settings.userAgent());
        h.set(GnutellaHeaders.DATE, DateFormatter.format(new Date(service.clock.millis())));
    }

    private void gnutellaHeaders(HttpHeaders h, ServedFile file, UploadRequest upload) {
        Sha1 sha1 = file.content().sha1();
        h.set(GnutellaHeaders.X_GNUTELLA_CONTENT_URN, Urn.of(sha1));
        if (file.content().tth() != null) {
            h.set(GnutellaHeaders.X_THEX_URI, new ThexUri(new RequestTarget.Tree(sha1).uri(),
                    file.content().tth()).headerValue());
        }
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        List<InetSocketAddress> alternates = service.mesh.sample(sha1, remote == null ? null : remote.getAddress(),
                upload.node());
        if (!alternates.isEmpty()) {
            h.set(GnutellaHeaders.X_ALT, AltLocations.format(alternates));
        }
    }

    private static boolean keepAlive(HttpRequest request) {
        return HttpUtil.isKeepAlive(request);
    }

    /** RFC 8187 attr-chars kept, everything else UTF-8 percent-encoded. */
    private static String attrChars(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xFF;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                    || (v < 0x80 && "!#$&+-.^_`|~".indexOf(v) >= 0)) {
                sb.append((char) v);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Opens (or reuses) the file and checks its size. Blocking: on the blocking executor. */
    private FileChannel open(Path path, long size) throws IOException {
        synchronized (fileLock) {
            if (fileClosed) {
                throw new IOException("connection: closed");
            }
            if (openFile == null || !openFile.isOpen() || !path.equals(openPath)) {
                if (openFile != null) {
                    openFile.close();
                }
                openFile = null;
                openFile = FileChannel.open(path, StandardOpenOption.READ);
                openPath = path;
            }
            long actual = openFile.size();
            if (actual != size) {
                throw new IOException("size: " + actual + " (expected: " + size + ", as shared)");
            }
            return openFile;
        }
    }

    private void closeFile() {
        synchronized (fileLock) {
            fileClosed = true;
            if (openFile != null) {
                try {
                    openFile.close();
                } catch (IOException e) {
                    // Read-only: nothing to lose; the descriptor is released either way.
                }
                openFile = null;
            }
        }
    }

    private void armIdle(long millis) {
        cancelIdle();
        idleTimer = ctx.executor().schedule(() -> {
            if (!busy) {
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelIdle() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }
}
