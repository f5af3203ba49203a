package org.crossnet.api.rest;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.api.rest.wire.EventJson;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The Server-Sent Event streams: each open stream is one loop on a dedicated thread (never a Tomcat thread) that
 * long-polls {@link GatewayService#eventPoll} and writes what it gets. A poll that times out sends a keep-alive
 * comment, which is also how a vanished client is noticed (the write fails). At most
 * {@link RestApiProperties#maxEventStreams()} streams run at once; more are refused with UNAVAILABLE.
 *
 * <p>Stops before the web server's graceful shutdown (highest lifecycle phase), since streams never end by
 * themselves and would otherwise hold the shutdown until its timeout.
 */
@Component
final class EventStreams implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** Events fetched per poll. */
    private static final int BATCH = 100;
    /** Client reconnect delay announced in the stream's {@code retry:} field. */
    private static final long RETRY_MILLIS = 3000;

    private final GatewayService service;
    private final int maxStreams;
    private final long waitMillis;
    private final Semaphore permits;
    private final ExecutorService executor;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    EventStreams(GatewayService service, RestApiProperties properties) {
        this.service = service;
        this.maxStreams = properties.maxEventStreams();
        this.waitMillis = properties.eventKeepAlive().toMillis();
        this.permits = new Semaphore(maxStreams);
        this.executor = Executors.newFixedThreadPool(maxStreams, new StreamThreads());
    }

    /** Opens a stream of the events after {@code cursor}; throws UNAVAILABLE when all streams are taken. */
    SseEmitter open(long cursor) {
        if (!running) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "event streams: shutting down (expected: retry later)");
        }
        if (!permits.tryAcquire()) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "event streams: " + maxStreams
                    + " open (expected: at most " + maxStreams + " at once; retry later or poll GET /api/v1/events)");
        }
        // No async timeout: the stream lasts until the client leaves or the gateway stops.
        SseEmitter emitter = new SseEmitter(0L);
        Stream stream = new Stream(emitter, cursor);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        open.add(emitter);
        try {
            executor.execute(stream);
        } catch (RejectedExecutionException e) {
            open.remove(emitter);
            permits.release();
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "event streams: shutting down (expected: retry later)");
        }
        return emitter;
    }

    /** Streams currently open; for tests and diagnostics. */
    int openStreams() {
        return open.size();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
        for (SseEmitter emitter : open) {
            emitter.complete();
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("event streams still running 5 s after shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Stream implements Runnable {
        private final SseEmitter emitter;
        private volatile long cursor;
        private volatile boolean closed;

        Stream(SseEmitter emitter, long cursor) {
            this.emitter = emitter;
            this.cursor = cursor;
        }

        void close() {
            closed = true;
        }

        @Override
        public void run() {
            try {
                // Sent at once so that the client sees the response headers before the first event arrives.
                emitter.send(SseEmitter.event().reconnectTime(RETRY_MILLIS).comment("events after " + cursor));
                while (!closed && !Thread.currentThread().isInterrupted()) {
                    EventPage page = service.eventPoll(cursor, BATCH, waitMillis);
                    if (page.gap()) {
                        emitter.send(SseEmitter.event().name("gap").data(Map.of("after", cursor),
                                MediaType.APPLICATION_JSON));
                    }
                    if (page.events().isEmpty()) {
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                    }
                    for (EventRecord record : page.events()) {
                        emitter.send(SseEmitter.event().id(Long.toString(record.id())).name(record.event().type())
                                .data(EventJson.of(record), MediaType.APPLICATION_JSON));
                    }
                    cursor = page.next();
                }
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                // The client went away (write failed) or the emitter was already completed: nothing to send to.
                LOG.debug("event stream closed after {}: {}", cursor, e.toString());
            } catch (GatewayException e) {
                // The client reconnects with Last-Event-ID and resumes where this stream stopped.
                LOG.warn("event stream ended after {}: {} {}", cursor, e.code(), e.getMessage());
                emitter.complete();
            } catch (RuntimeException e) {
                LOG.error("event stream failed after {}", cursor, e);
                emitter.complete();
            } finally {
                open.remove(emitter);
                permits.release();
            }
        }
    }

    private static final class StreamThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "crossnet-rest-events-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
