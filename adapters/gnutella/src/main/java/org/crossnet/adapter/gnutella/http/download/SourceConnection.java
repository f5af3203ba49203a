package org.crossnet.adapter.gnutella.http.download;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.crossnet.adapter.gnutella.http.SerialExecutor;
import org.crossnet.adapter.gnutella.http.wire.AltLocations;
import org.crossnet.adapter.gnutella.http.wire.ContentRange;
import org.crossnet.adapter.gnutella.http.wire.GnutellaHeaders;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.adapter.gnutella.http.wire.QueueStatus;
import org.crossnet.adapter.gnutella.http.wire.RangeSelection;
import org.crossnet.adapter.gnutella.http.wire.RequestTarget;
import org.crossnet.adapter.gnutella.http.wire.ResponseHead;
import org.crossnet.adapter.gnutella.http.wire.Urn;

/**
 * One download connection to one source (after {@code HttpClientCodec}): asks for a range at a time with keep-alive,
 * checks each response head against what was asked, and hands body bytes to the owning {@link HttpDownload}, which
 * writes them through the store on the blocking executor. The writes of one connection, and the bookkeeping after
 * them, run in order on a {@link SerialExecutor}.
 *
 * <p>Per response: 206 (or 200 for a whole-file request) with a Content-Range inside the requested range and a
 * Content-Length equal to it, and the right X-Gnutella-Content-URN; else the source is dropped with a reason. 503
 * with X-Queue/X-Queued: stay connected and ask again after pollMin (or Retry-After), echoing the PARQ ID. Bytes
 * beyond the range are refused. Back-pressure: reading stops while more than {@link #HIGH_WATER} bytes wait for the
 * disk and resumes below {@link #LOW_WATER}.
 *
 * <p>Threading: Netty callbacks and every field but the atomics on the channel's event loop; the write tasks on the
 * serial executor.
 */
final class SourceConnection extends ChannelInboundHandlerAdapter {
    static final long HIGH_WATER = 4L << 20;
    static final long LOW_WATER = 1L << 20;
    private static final long DEFAULT_POLL_SECONDS = 60;

    private enum Phase { STARTING, IDLE, HEAD, BODY, TREE, SKIP_BODY, WAITING, CLOSED }

    private final HttpDownload owner;
    private final Source source;
    private final AtomicLong pendingWrite = new AtomicLong();
    private SerialExecutor writer;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.STARTING;
    private Swarm.Run run;
    private boolean treeRequest;
    private boolean treeOutstanding;
    private long expected;
    private long got;
    private long position;
    private boolean keepAlive;
    private CompositeByteBuf tree;
    private Runnable afterSkip;
    private ScheduledFuture<?> repoll;
    private String queueId;
    private String faultReason;
    private boolean delivered;
    private long retryHint = -1;
    private volatile long lastActivity;
    private volatile boolean readingPaused;

    SourceConnection(HttpDownload owner, Source source) {
        this.owner = owner;
        this.source = source;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.writer = new SerialExecutor(owner.gatedExecutor());
        lastActivity = owner.now();
        if (context.channel().isActive()) {
            begin(); // a GIV connection: already open when the pipeline is set up
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        begin();
        context.fireChannelActive();
    }

    private void begin() {
        if (phase != Phase.STARTING) {
            return;
        }
        phase = Phase.IDLE;
        if (!owner.connected(source, this)) {
            close("download: not running");
            return;
        }
        next();
    }

    /** Work may have appeared: an idle connection asks for it. Any thread. */
    void wake() {
        ctx.executor().execute(() -> {
            if (phase == Phase.IDLE) {
                next();
            }
        });
    }

    /** Closes the connection with a reason (kept for the owner). Any thread. */
    void close(String reason) {
        ctx.executor().execute(() -> {
            if (faultReason == null) {
                faultReason = reason;
            }
            ctx.close();
        });
    }

    /** True when the source has sent nothing for {@code timeoutMillis} while we wait for it (not for our disk). */
    boolean stalled(long now, long timeoutMillis) {
        Phase p = phase;
        boolean waitingForPeer = p == Phase.HEAD || p == Phase.BODY || p == Phase.TREE || p == Phase.SKIP_BODY;
        return waitingForPeer && pendingWrite.get() == 0 && now - lastActivity > timeoutMillis;
    }

    boolean idle() {
        return phase == Phase.IDLE;
    }

    private void next() {
        if (phase == Phase.CLOSED) {
            return;
        }
        String treePath = owner.wantTree(source);
        if (treePath != null) {
            treeRequest = true;
            treeOutstanding = true;
            request(treePath, null);
            return;
        }
        run = owner.claim(source);
        if (run == null) {
            phase = Phase.IDLE;
            return;
        }
        treeRequest = false;
        request(new RequestTarget.Resource(owner.sha1()).uri(), RangeSelection.requestHeader(run.start, run.end));
    }

    /**
     * Sends a request shaped like gtk-gnutella's (vectors/gnutella/http/*_req1.bin: User-Agent, Host, then Range,
     * X-Queue, X-Queued, X-Alt), header names spelt as it spells them, no body and no Content-Length.
     */
    private void request(String uri, String range) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        HttpHeaders h = request.headers();
        h.set(GnutellaHeaders.USER_AGENT, owner.settings().userAgent());
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (remote != null) {
            h.set(GnutellaHeaders.HOST, remote.getAddress().getHostAddress() + ":" + remote.getPort());
        }
        if (range != null) {
            h.set(GnutellaHeaders.RANGE, range);
        }
        h.set(GnutellaHeaders.X_QUEUE, "1.0");
        if (queueId != null) {
            h.set(GnutellaHeaders.X_QUEUED, "ID=" + queueId);
        }
        List<InetSocketAddress> alternates = owner.alternatesFor(source);
        if (!alternates.isEmpty()) {
            h.set(GnutellaHeaders.X_ALT, AltLocations.format(alternates));
        }
        phase = Phase.HEAD;
        lastActivity = owner.now();
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        lastActivity = owner.now();
        try {
            if (msg instanceof HttpResponse response) {
                onHead(response);
            }
            if (msg instanceof HttpContent content && phase != Phase.CLOSED) {
                onContent(content);
            }
        } catch (HttpWireException e) {
            fault(e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            Throwable cause = response.decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                fault("response head: longer than " + owner.settings().maxHeaderBytes()
                        + " bytes (expected: at most that)");
            } else if (cause instanceof TooLongHttpLineException) {
                fault("status line: too long (expected: HTTP/1.x <code> <reason>)");
            } else {
                fault("response: " + cause.getMessage() + " (expected: an HTTP/1.1 response)");
            }
            return;
        }
        if (phase != Phase.HEAD) {
            fault("response: " + response.status() + " with no request outstanding (expected: nothing)");
            return;
        }
        ResponseHead head = ResponseHead.of(response);
        keepAlive = head.keepAlive();
        owner.learned(source, head);
        if (head.contentUrn() != null && !head.contentUrn().equals(owner.sha1())) {
            fault("x-gnutella-content-urn: " + Urn.of(head.contentUrn()) + " (expected: " + Urn.of(owner.sha1())
                    + ")");
            return;
        }
        if (treeRequest) {
            onTreeHead(head);
            return;
        }
        int status = head.status();
        if (status == 206 || status == 200) {
            onRangeHead(head);
        } else if (status == 503) {
            onBusy(head);
        } else if (status == 404 || status == 410 || status == 416) {
            fault("status: " + response.status() + " for " + run + " (expected: 206, or 503 while queued)");
        } else {
            fault("status: " + response.status() + " (expected: 206, 200 or 503)");
        }
    }

    private void onRangeHead(ResponseHead head) {
        long size = owner.size();
        ContentRange range = head.contentRange();
        if (range == null) {
            if (head.status() != 200 || run.start != 0 || run.requestedEnd != size) {
                fault("content-range: none with status " + head.status() + " (expected: bytes " + run.start + "-"
                        + (run.end - 1) + "/" + size + ")");
                return;
            }
            range = new ContentRange(0, size, size);
        }
        if (range.size() != size) {
            fault("content-range: " + range.headerValue() + " (expected: a range of a file of " + size + " bytes)");
            return;
        }
        if (range.start() != run.start || range.end() > run.requestedEnd || range.unsatisfied()) {
            fault("content-range: " + range.headerValue() + " (expected: within bytes " + run.start + "-"
                    + (run.requestedEnd - 1) + ", starting at " + run.start + ")");
            return;
        }
        if (head.contentLength() >= 0 && head.contentLength() != range.length()) {
            fault("content-length: " + head.contentLength() + " (expected: " + range.length()
                    + ", the length of " + range.headerValue() + ")");
            return;
        }
        if (range.end() < run.end) {
            owner.shorten(run, range.end());
        }
        expected = range.length();
        got = 0;
        position = run.start;
        phase = Phase.BODY;
        queueId = head.queue() != null ? head.queue().id() : queueId;
    }

    private void onBusy(ResponseHead head) {
        Swarm.Run released = run;
        run = null;
        writer.execute(() -> owner.runEnded(released));
        QueueStatus queue = head.queue();
        if (queue != null && queue.position() >= 0) {
            queueId = queue.id() != null ? queue.id() : queueId;
            long delay = queue.pollMin() > 0 ? queue.pollMin() : head.retryAfter() > 0 ? head.retryAfter()
                    : DEFAULT_POLL_SECONDS;
            if (queue.pollMax() > 0) {
                delay = Math.min(delay, queue.pollMax());
            }
            long delayMillis = TimeUnit.SECONDS.toMillis(delay) + 250; // never early: pollMin is a hard floor
            owner.queued(source, queue);
            skipBody(() -> {
                if (!keepAlive) {
                    retryHint = delayMillis;
                    ctx.close();
                    return;
                }
                phase = Phase.WAITING;
                repoll = ctx.executor().schedule(this::next, delayMillis, TimeUnit.MILLISECONDS);
            });
            return;
        }
        retryHint = head.retryAfter() > 0 ? TimeUnit.SECONDS.toMillis(head.retryAfter()) : -1;
        skipBody(() -> {
            faultReason = "busy: 503 without a queue position";
            ctx.close();
        });
    }

    private void onTreeHead(ResponseHead head) {
        treeOutstanding = false;
        if (head.status() != 200) {
            owner.treeRefused(source, "thex: status " + head.status() + " (expected: 200)");
            skipBody(this::afterResponse);
            return;
        }
        int limit = owner.settings().maxThexBytes();
        treeOutstanding = true;
        if (head.contentLength() < 0 || head.contentLength() > limit) {
            treeOutstanding = false;
            owner.treeRefused(source, "thex: content-length " + head.contentLength() + " (expected: 1.." + limit + ")");
            faultReason = "thex answer refused";
            ctx.close();
            return;
        }
        expected = head.contentLength();
        got = 0;
        tree = ctx.alloc().compositeBuffer();
        phase = Phase.TREE;
    }

    private void skipBody(Runnable then) {
        afterSkip = then;
        phase = Phase.SKIP_BODY;
    }

    private void onContent(HttpContent content) {
        ByteBuf data = content.content();
        int n = data.readableBytes();
        boolean last = content instanceof LastHttpContent;
        switch (phase) {
            case BODY -> onBody(data, n, last);
            case TREE -> onTree(data, n, last);
            case SKIP_BODY -> {
                if (last) {
                    Runnable then = afterSkip;
                    afterSkip = null;
                    then.run();
                }
            }
            default -> {
                if (n > 0 || !last) {
                    fault("response: " + n + " body bytes with no request outstanding (expected: none)");
                }
            }
        }
    }

    private void onBody(ByteBuf data, int n, boolean last) {
        if (got + n > expected) {
            fault("body: more than " + expected + " bytes (expected: exactly the Content-Range's length)");
            return;
        }
        got += n;
        long usable = n == 0 ? 0 : owner.accept(run, n);
        if (usable > 0) {
            delivered = true;
            Swarm.Run target = run;
            long at = position;
            position += usable;
            ByteBuf slice = data.retainedSlice(data.readerIndex(), (int) usable);
            long waiting = pendingWrite.addAndGet(usable);
            if (waiting > HIGH_WATER && !readingPaused) {
                readingPaused = true;
                ctx.channel().config().setAutoRead(false);
            }
            writer.execute(new SerialExecutor.Discardable() {
                @Override
                public void run() {
                    try {
                        owner.write(source, target, at, slice);
                    } finally {
                        slice.release();
                    }
                    owner.written(target, at + usable);
                    if (pendingWrite.addAndGet(-usable) < LOW_WATER && readingPaused) {
                        ctx.executor().execute(SourceConnection.this::resumeReading);
                    }
                }

                @Override
                public void discard() {
                    slice.release();
                }
            });
        }
        if (usable < n) {
            // Another source took over the rest of this run: stop here rather than download bytes nobody wants.
            finishRun();
            faultReason = null;
            retryHint = 0;
            phase = Phase.CLOSED;
            ctx.close();
            return;
        }
        if (last) {
            if (got != expected) {
                fault("body: " + got + " bytes (expected: " + expected + ")");
                return;
            }
            finishRun();
            afterResponse();
        }
    }

    private void onTree(ByteBuf data, int n, boolean last) {
        if (got + n > expected) {
            fault("thex body: more than " + expected + " bytes (expected: the Content-Length)");
            return;
        }
        got += n;
        if (n > 0) {
            tree.addComponent(true, data.retain());
        }
        if (last) {
            byte[] body = new byte[tree.readableBytes()];
            tree.readBytes(body);
            tree.release();
            tree = null;
            treeOutstanding = false;
            owner.treeFetched(source, body);
            afterResponse();
        }
    }

    private void afterResponse() {
        if (!keepAlive) {
            retryHint = 0;
            phase = Phase.CLOSED;
            ctx.close();
            return;
        }
        phase = Phase.IDLE;
        next();
    }

    private void finishRun() {
        Swarm.Run done = run;
        run = null;
        if (done != null) {
            writer.execute(() -> owner.runEnded(done));
        }
    }

    private void resumeReading() {
        if (readingPaused && pendingWrite.get() < LOW_WATER) {
            readingPaused = false;
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private void fault(String reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        faultReason = reason;
        phase = Phase.CLOSED;
        owner.faulted(source, reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (faultReason == null) {
            faultReason = "connection: " + cause;
        }
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        phase = Phase.CLOSED;
        if (repoll != null) {
            repoll.cancel(false);
        }
        if (tree != null) {
            tree.release();
            tree = null;
        }
        if (treeOutstanding) {
            treeOutstanding = false;
            owner.treeAbandoned();
        }
        Swarm.Run open = run;
        run = null;
        String reason = faultReason;
        boolean gotData = delivered;
        long hint = retryHint;
        // After the queued writes, so their pieces are counted before the rest of the run is released.
        writer.execute(() -> owner.connectionEnded(source, this, open, reason, gotData, hint));
        context.fireChannelInactive();
    }
}
