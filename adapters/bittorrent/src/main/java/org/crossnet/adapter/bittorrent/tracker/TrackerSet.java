package org.crossnet.adapter.bittorrent.tracker;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * The trackers of one torrent (BEP 12). Each tier is shuffled once; an announce tries the tiers in order and the
 * trackers of a tier in order, stops at the first that answers and moves it to the front of its tier. The next
 * announce follows the tracker's interval (never sooner than its min interval or {@link Timing#minInterval()}); when
 * every tracker fails, the set retries after {@link Timing#retryBase()}·2^(failures-1), capped at
 * {@link Timing#retryMax()}.
 *
 * <p>Each tracker gets {@code started} in its first announce and {@code completed} once after {@link #completed()}
 * if it saw us start as a leecher. {@link #stop()} sends {@code stopped} to every tracker that acknowledged a start.
 * Peers from each answer go to the peer sink (on the timer thread), minus our own loopback address that some
 * trackers (opentracker) hand back.
 *
 * <p>Every change of a tracker's state (the set started, an announce began, was answered or failed) hands a fresh
 * {@link #status()} list to the status sink, one call at a time and in order, so the last list delivered is the
 * current one. Trackers whose client cannot announce ({@link TrackerClient#unsupportedReason()}) and URLs the caller
 * refuses (BEP 27: a private torrent uses only its metainfo's trackers) are listed as {@code DISABLED} with the reason
 * and never contacted. Thread-safe; all work runs on the timer executor, never blocking it.
 */
public final class TrackerSet {
    private static final System.Logger LOG = System.getLogger(TrackerSet.class.getName());

    private final InfoHash infoHash;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Consumer<List<InetSocketAddress>> peerSink;
    private final Consumer<List<TrackerStatus>> statusSink;
    /** Serialises status reports so that lists reach the sink in the order they were taken. */
    private final Object reportLock = new Object();
    private final Supplier<AnnounceStats> stats;
    private final Bytes peerId;
    private final int port;
    private final Timing timing;
    private final List<List<Entry>> tiers = new ArrayList<>();
    private boolean started;
    private boolean stopped;
    private boolean completed;
    private boolean inFlight;
    private boolean announceAgain;
    private int failures;
    private ScheduledFuture<?> next;
    private Instant nextAt;

    /**
     * Timing and request knobs.
     *
     * @param minInterval    the shortest re-announce interval we accept from a tracker
     * @param attemptTimeout how long one tracker may take before the next one is tried
     * @param stopTimeout    how long {@code stopped} announces may take
     * @param retryBase      the first retry delay after every tracker failed
     * @param retryMax       the longest retry delay
     * @param numWant        peers asked for per announce
     */
    public record Timing(Duration minInterval, Duration attemptTimeout, Duration stopTimeout, Duration retryBase,
                         Duration retryMax, int numWant) {
        /** 60 s floor, 60 s per tracker (room for two BEP 15 retransmits), 5 s stop, retry 15 s .. 30 min, 50 peers. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(30), 50);

        public Timing {
            positive(minInterval, "minInterval");
            positive(attemptTimeout, "attemptTimeout");
            positive(stopTimeout, "stopTimeout");
            positive(retryBase, "retryBase");
            positive(retryMax, "retryMax");
            if (retryMax.compareTo(retryBase) < 0) {
                throw new IllegalArgumentException("retryMax: " + retryMax + " (expected: >= retryBase " + retryBase
                        + ")");
            }
            if (numWant < 0) {
                throw new IllegalArgumentException("numWant: " + numWant + " (expected: >= 0)");
            }
        }

        private static void positive(Duration value, String field) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: a positive duration)");
            }
        }
    }

    /**
     * A set with {@link Timing#DEFAULT}.
     *
     * @param announceTiers the trackers to announce to, by BEP 12 tier
     * @param refused       URLs listed as {@code DISABLED} and never contacted, each with the reason (e.g. a private
     *                      torrent's trackers from outside its metainfo); they follow the announce tiers as one tier
     * @param peerSink      receives the peers of each answer (on the timer thread)
     * @param statusSink    receives the whole {@link #status()} list after each change (on the calling thread; must
     *                      not block)
     */
    public TrackerSet(InfoHash infoHash, List<List<String>> announceTiers, Map<String, String> refused,
                      TrackerClients clients, Clock clock, ScheduledExecutorService timer,
                      Consumer<List<InetSocketAddress>> peerSink, Consumer<List<TrackerStatus>> statusSink,
                      Supplier<AnnounceStats> stats, Bytes peerId, int port) {
        this(infoHash, announceTiers, refused, clients, clock, timer, peerSink, statusSink, stats, peerId, port,
                Timing.DEFAULT, new Random());
    }

    /** {@code shuffle} orders each tier; tests pass a seeded one. */
    TrackerSet(InfoHash infoHash, List<List<String>> announceTiers, Map<String, String> refused,
               TrackerClients clients, Clock clock, ScheduledExecutorService timer,
               Consumer<List<InetSocketAddress>> peerSink, Consumer<List<TrackerStatus>> statusSink,
               Supplier<AnnounceStats> stats, Bytes peerId, int port, Timing timing, Random shuffle) {
        if (infoHash == null || announceTiers == null || refused == null || clients == null || clock == null
                || timer == null || peerSink == null || statusSink == null || stats == null || timing == null) {
            throw new IllegalArgumentException("tracker set: null argument (expected: all arguments non-null)");
        }
        if (peerId == null || peerId.length() != AnnounceRequest.PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peerId: " + (peerId == null ? "null" : peerId.length() + " bytes")
                    + " (expected: 20 bytes)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        this.infoHash = infoHash;
        this.clock = clock;
        this.timer = timer;
        this.peerSink = peerSink;
        this.statusSink = statusSink;
        this.stats = stats;
        this.peerId = peerId;
        this.port = port;
        this.timing = timing;
        Set<String> seen = new HashSet<>();
        for (List<String> tierUrls : announceTiers) {
            List<Entry> tier = new ArrayList<>();
            for (String url : tierUrls) {
                // BEP 12 lists may repeat a URL across tiers; announcing twice would only double the load
                if (url != null && seen.add(url)) {
                    Entry entry = new Entry(url, tiers.size(), clients.forUrl(url));
                    String unsupported = entry.client.unsupportedReason();
                    if (unsupported != null) {
                        entry.state = TrackerStatus.State.DISABLED;
                        entry.error = unsupported;
                    }
                    tier.add(entry);
                }
            }
            if (!tier.isEmpty()) {
                Collections.shuffle(tier, shuffle);
                tiers.add(tier);
            }
        }
        List<Entry> refusedTier = new ArrayList<>();
        for (Map.Entry<String, String> r : refused.entrySet()) {
            if (seen.add(r.getKey())) {
                Entry entry = new Entry(r.getKey(), tiers.size(), null);
                entry.state = TrackerStatus.State.DISABLED;
                entry.error = r.getValue();
                refusedTier.add(entry);
            }
        }
        if (!refusedTier.isEmpty()) {
            tiers.add(refusedTier);
        }
    }

    /**
     * Announces {@code started} now and keeps re-announcing; a second call does nothing. Reports the initial list to
     * the status sink; a set whose trackers are all disabled reports it and never announces.
     */
    public void start() {
        boolean any = false;
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
            for (List<Entry> tier : tiers) {
                for (Entry entry : tier) {
                    any |= entry.state != TrackerStatus.State.DISABLED;
                }
            }
        }
        report();
        if (any) {
            schedule(Duration.ZERO);
        }
    }

    /** Announces {@code completed} now (to trackers that saw us start as a leecher). */
    public void completed() {
        synchronized (this) {
            if (completed || stopped) {
                return;
            }
            completed = true;
            if (!started) {
                return;
            }
        }
        schedule(Duration.ZERO);
    }

    /**
     * Stops re-announcing, sends {@code stopped} to every tracker that acknowledged a start (each bounded by
     * {@link Timing#stopTimeout()}) and closes the clients. The future completes when that is done; it never fails.
     */
    public CompletableFuture<Void> stop() {
        List<Entry> toStop = new ArrayList<>();
        List<Entry> all = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            nextAt = null;
            for (List<Entry> tier : tiers) {
                for (Entry entry : tier) {
                    if (entry.client != null) {
                        all.add(entry);
                    }
                    if (entry.acknowledged) {
                        toStop.add(entry);
                    }
                }
            }
        }
        List<CompletableFuture<?>> stops = new ArrayList<>();
        for (Entry entry : toStop) {
            stops.add(sendStopped(entry));
        }
        return CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            for (Entry entry : all) {
                entry.client.close();
            }
            return null;
        });
    }

    /** One snapshot per tracker, in tier order as currently tried. */
    public synchronized List<TrackerStatus> status() {
        List<TrackerStatus> out = new ArrayList<>();
        for (List<Entry> tier : tiers) {
            for (Entry entry : tier) {
                out.add(new TrackerStatus(entry.url, entry.tier, entry.state, entry.lastAnnounce,
                        entry.state == TrackerStatus.State.DISABLED ? null : nextAt, entry.peers, entry.seeders,
                        entry.leechers, entry.error));
            }
        }
        return out;
    }

    /** Hands the current list to the status sink; never called while holding the monitor. */
    private void report() {
        synchronized (reportLock) {
            List<TrackerStatus> now;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                now = status();
            }
            try {
                statusSink.accept(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "tracker set of " + infoHash + ": status sink failed", e);
            }
        }
    }

    private CompletableFuture<?> sendStopped(Entry entry) {
        AnnounceStats now = stats.get();
        AnnounceRequest request = new AnnounceRequest(infoHash, peerId, port, now.uploaded(), now.downloaded(),
                now.left(), AnnounceEvent.STOPPED, 0);
        try {
            return entry.client.announce(request).orTimeout(timing.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((response, error) -> {
                        if (error != null) {
                            LOG.log(System.Logger.Level.DEBUG, "tracker {0}: stopped announce failed: {1}",
                                    entry.url, reason(error));
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tracker " + entry.url + ": stopped announce not sent", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    private void schedule(Duration delay) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            nextAt = clock.instant().plus(delay);
            try {
                next = timer.schedule(this::announce, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "tracker set of " + infoHash + ": timer rejected the announce",
                        e);
            }
        }
    }

    private void announce() {
        List<Entry> order = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (inFlight) {
                // completed() during an announce: go again once it finishes
                announceAgain = true;
                return;
            }
            inFlight = true;
            nextAt = null;
            for (List<Entry> tier : tiers) {
                for (Entry entry : tier) {
                    if (entry.state != TrackerStatus.State.DISABLED) {
                        order.add(entry);
                    }
                }
            }
            if (order.isEmpty()) {
                inFlight = false; // every tracker turned out unsupported: nothing left to announce to
                nextAt = null;
                return;
            }
        }
        tryTracker(order, 0);
    }

    private void tryTracker(List<Entry> order, int index) {
        if (index == order.size()) {
            allFailed();
            return;
        }
        Entry entry = order.get(index);
        AnnounceEvent event;
        synchronized (this) {
            if (stopped) {
                inFlight = false;
                return;
            }
            event = !entry.acknowledged ? AnnounceEvent.STARTED
                    : completed && !entry.completionReported ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
            entry.state = TrackerStatus.State.UPDATING;
        }
        report();
        AnnounceStats now = stats.get();
        AnnounceRequest request = new AnnounceRequest(infoHash, peerId, port, now.uploaded(), now.downloaded(),
                now.left(), event, timing.numWant());
        CompletableFuture<AnnounceResponse> answer;
        try {
            answer = entry.client.announce(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(timing.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((response, error) -> {
                    if (error == null) {
                        succeeded(entry, event, now.left() == 0, response);
                    } else if (failed(entry, error)) {
                        tryTracker(order, index + 1);
                    }
                }, timer);
    }

    private void succeeded(Entry entry, AnnounceEvent event, boolean seeding, AnnounceResponse response) {
        boolean lateStart;
        Duration interval;
        boolean again;
        synchronized (this) {
            entry.state = TrackerStatus.State.WORKING;
            entry.error = null;
            entry.lastAnnounce = clock.instant();
            entry.peers = response.peers().size();
            entry.seeders = response.seeders();
            entry.leechers = response.leechers();
            lateStart = stopped && event == AnnounceEvent.STARTED;
            entry.acknowledged = true;
            if (event == AnnounceEvent.COMPLETED || (event == AnnounceEvent.STARTED && seeding)) {
                entry.completionReported = true;
            }
            List<Entry> tier = tiers.get(entry.tier);
            tier.remove(entry);
            tier.add(0, entry);
            failures = 0;
            inFlight = false;
            interval = response.interval();
            if (response.minInterval() != null && response.minInterval().compareTo(interval) > 0) {
                interval = response.minInterval();
            }
            if (interval.compareTo(timing.minInterval()) < 0) {
                interval = timing.minInterval();
            }
            again = announceAgain;
            announceAgain = false;
        }
        if (response.warning() != null) {
            LOG.log(System.Logger.Level.INFO, "tracker {0}: warning: {1}", entry.url, response.warning());
        }
        if (lateStart) {
            // stop() ran while this start was in flight: take ourselves off the tracker again
            sendStopped(entry);
            return;
        }
        List<InetSocketAddress> peers = new ArrayList<>(response.peers().size());
        for (InetSocketAddress peer : response.peers()) {
            if (!(peer.getPort() == port && (peer.getAddress().isLoopbackAddress()
                    || peer.getAddress().isAnyLocalAddress()))) {
                peers.add(peer);
            }
        }
        schedule(again ? Duration.ZERO : interval);
        report();
        if (!peers.isEmpty()) {
            try {
                peerSink.accept(List.copyOf(peers));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "tracker set of " + infoHash + ": peer sink failed", e);
            }
        }
    }

    /** Records the failure; true when the announce should move on to the next tracker. */
    private boolean failed(Entry entry, Throwable error) {
        String reason = reason(error);
        synchronized (this) {
            entry.lastAnnounce = clock.instant();
            entry.error = reason;
            Throwable cause = unwrap(error);
            entry.state = cause instanceof TrackerException e && e.kind() == TrackerException.Kind.UNSUPPORTED
                    ? TrackerStatus.State.DISABLED : TrackerStatus.State.FAILED;
            if (stopped) {
                inFlight = false;
                return false;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "tracker {0}: announce failed: {1}", entry.url, reason);
        report();
        return true;
    }

    private void allFailed() {
        Duration delay;
        synchronized (this) {
            inFlight = false;
            announceAgain = false;
            if (stopped) {
                return;
            }
            failures++;
            long factor = 1L << Math.min(failures - 1, 20);
            delay = timing.retryBase().multipliedBy(factor);
            if (delay.compareTo(timing.retryMax()) > 0) {
                delay = timing.retryMax();
            }
        }
        schedule(delay);
        report();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private String reason(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TimeoutException) {
            return "tracker: no answer within " + timing.attemptTimeout().toMillis() + " ms";
        }
        if (cause instanceof TrackerException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Mutable per-tracker state, guarded by the set's monitor. */
    private static final class Entry {
        final String url;
        final int tier;
        /** Null for a refused URL, which is never contacted. */
        final TrackerClient client;
        TrackerStatus.State state = TrackerStatus.State.IDLE;
        Instant lastAnnounce;
        int peers;
        int seeders = -1;
        int leechers = -1;
        String error;
        boolean acknowledged;
        boolean completionReported;

        Entry(String url, int tier, TrackerClient client) {
            this.url = url;
            this.tier = tier;
            this.client = client;
        }
    }
}
