package org.crossnet.adapter.bittorrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.crossnet.adapter.bittorrent.tracker.TrackerStatus.State;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackerSetTest {
    private static final InfoHash HASH = InfoHash.parse("0102030405060708090a0b0c0d0e0f1011121314");
    private static final Bytes PEER_ID = Bytes.of("-CN0001-000000000001".getBytes(StandardCharsets.US_ASCII));
    private static final int PORT = 6881;
    private static final InetSocketAddress OTHER = new InetSocketAddress("10.0.0.9", 7000);
    private static final TrackerSet.Timing FAST = new TrackerSet.Timing(Duration.ofMillis(100),
            Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200), 50);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, FakeClient> fakes = new HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<List<InetSocketAddress>> delivered = new CopyOnWriteArrayList<>();
    private final List<List<TrackerStatus>> reports = new CopyOnWriteArrayList<>();
    private volatile long left = 100;

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
    }

    /** A scripted tracker: {@code behaviour} answers each request; every call is logged as "url event". */
    private final class FakeClient implements TrackerClient {
        final String url;
        volatile Function<AnnounceRequest, CompletableFuture<AnnounceResponse>> behaviour;
        final List<AnnounceRequest> requests = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        volatile String unsupported;

        FakeClient(String url, Function<AnnounceRequest, CompletableFuture<AnnounceResponse>> behaviour) {
            this.url = url;
            this.behaviour = behaviour;
        }

        @Override
        public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
            requests.add(request);
            times.add(System.nanoTime());
            calls.add(url + " " + request.event());
            return behaviour.apply(request);
        }

        @Override
        public CompletableFuture<Map<InfoHash, ScrapeResult>> scrape(List<InfoHash> hashes) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED, "no"));
        }

        @Override
        public String unsupportedReason() {
            return unsupported;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static CompletableFuture<AnnounceResponse> works(AnnounceRequest request) {
        return CompletableFuture.completedFuture(new AnnounceResponse(Duration.ofMillis(1), null,
                List.of(OTHER, new InetSocketAddress("127.0.0.1", PORT)), 2, 3, null));
    }

    private static CompletableFuture<AnnounceResponse> fails(AnnounceRequest request) {
        return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.NETWORK,
                "tracker: connection failed"));
    }

    private FakeClient fake(String url, Function<AnnounceRequest, CompletableFuture<AnnounceResponse>> behaviour) {
        FakeClient client = new FakeClient(url, behaviour);
        fakes.put(url, client);
        return client;
    }

    private TrackerSet set(List<List<String>> tiers) {
        return set(tiers, Map.of());
    }

    private TrackerSet set(List<List<String>> tiers, Map<String, String> refused) {
        TrackerClients clients = new TrackerClients(url -> fakes.computeIfAbsent(url,
                u -> new FakeClient(u, r -> CompletableFuture.failedFuture(new TrackerException(
                        TrackerException.Kind.UNSUPPORTED, "url: " + u + " (expected: an http, https or udp"
                        + " tracker URL)")))));
        return new TrackerSet(HASH, tiers, refused, clients, Clock.systemUTC(), timer, delivered::add, reports::add,
                () -> new AnnounceStats(1, 2, left), PEER_ID, PORT, FAST, new Random(7));
    }

    @Test
    void fallsThroughTiersAndPromotesTheTrackerThatAnswers() {
        fake("a1", TrackerSetTest::fails);
        FakeClient a2 = fake("a2", TrackerSetTest::fails);
        fake("b1", TrackerSetTest::works);
        TrackerSet set = set(List.of(List.of("a1", "a2"), List.of("b1")));
        set.start();
        await(() -> !delivered.isEmpty());
        assertThat(calls).hasSize(3).endsWith("b1 STARTED");
        assertThat(calls.subList(0, 2)).containsExactlyInAnyOrder("a1 STARTED", "a2 STARTED");
        assertThat(delivered.get(0)).as("our own loopback address is filtered").containsExactly(OTHER);
        List<TrackerStatus> status = set.status();
        assertThat(status).extracting(TrackerStatus::url, TrackerStatus::tier, TrackerStatus::state).contains(
                tuple("b1", 1, State.WORKING),
                tuple("a1", 0, State.FAILED));
        assertThat(status.get(2).seeders()).isEqualTo(2);
        assertThat(status.get(2).leechers()).isEqualTo(3);
        assertThat(status.get(2).peers()).isEqualTo(2);
        assertThat(status.get(2).nextAnnounce()).isNotNull();
        assertThat(status.get(0).error()).isEqualTo("tracker: connection failed");

        // the next announce starts again at tier 0; a2 now answers and moves to the front of its tier
        a2.behaviour = TrackerSetTest::works;
        await(() -> calls.contains("a2 STARTED") && calls.lastIndexOf("a2 STARTED") > 2 && delivered.size() >= 2);
        assertThat(set.status()).extracting(TrackerStatus::url).startsWith("a2");
        assertThat(set.status().get(0).state()).isEqualTo(State.WORKING);
        set.stop().join();
    }

    @Test
    void sendsStartedThenRegularThenCompletedThenStopped() {
        FakeClient t = fake("t", TrackerSetTest::works);
        TrackerSet set = set(List.of(List.of("t")));
        assertThat(set.status()).extracting(TrackerStatus::state).containsExactly(State.IDLE);
        set.start();
        set.start();
        await(() -> t.requests.size() >= 2);
        left = 0;
        set.completed();
        await(() -> calls.contains("t COMPLETED"));
        await(() -> t.requests.size() >= calls.indexOf("t COMPLETED") + 2);
        set.stop().join();
        assertThat(calls.get(0)).isEqualTo("t STARTED");
        assertThat(calls.get(1)).isEqualTo("t NONE");
        assertThat(calls).containsOnlyOnce("t STARTED", "t COMPLETED", "t STOPPED").last().isEqualTo("t STOPPED");
        AnnounceRequest stopped = t.requests.get(t.requests.size() - 1);
        assertThat(stopped.numWant()).isZero();
        assertThat(stopped.left()).isZero();
        assertThat(stopped.uploaded()).isEqualTo(1);
        assertThat(t.closed).isTrue();
        int count = calls.size();
        sleep(300);
        assertThat(calls).as("no announces after stop").hasSize(count);
    }

    @Test
    void backsOffExponentiallyUpToTheCapWhenEveryTrackerFails() {
        FakeClient t = fake("t", TrackerSetTest::fails);
        TrackerSet set = set(List.of(List.of("t")));
        set.start();
        await(() -> t.times.size() >= 5);
        set.stop().join();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(t.times.get(i) - t.times.get(i - 1)));
        }
        // 50, 100, 200, then capped at 200 ms
        assertThat(gaps.get(0)).isBetween(45L, 150L);
        assertThat(gaps.get(1)).isBetween(95L, 250L);
        assertThat(gaps.get(2)).isBetween(195L, 400L);
        assertThat(gaps.get(3)).isBetween(195L, 400L);
        assertThat(set.status().get(0).state()).isEqualTo(State.FAILED);
        assertThat(calls).doesNotContain("t STOPPED");
    }

    @Test
    void unansweredTrackerTimesOutAndTheNextIsTried() {
        fake("slow", r -> new CompletableFuture<>());
        fake("b", TrackerSetTest::works);
        TrackerSet set = set(List.of(List.of("slow"), List.of("b")));
        set.start();
        await(() -> !delivered.isEmpty());
        assertThat(set.status().get(0).error()).isEqualTo("tracker: no answer within 300 ms");
        set.stop().join();
        assertThat(calls).contains("b STOPPED").doesNotContain("slow STOPPED");
    }

    @Test
    void unsupportedTrackersAreDisabledAndNeverRetried() {
        fake("b", TrackerSetTest::works);
        TrackerSet set = set(List.of(List.of("wss://x/announce"), List.of("b", "b"), List.of("wss://x/announce")));
        set.start();
        await(() -> delivered.size() >= 3);
        set.stop().join();
        assertThat(calls).containsOnlyOnce("wss://x/announce STARTED");
        assertThat(set.status()).extracting(TrackerStatus::url, TrackerStatus::state).containsExactly(
                tuple("wss://x/announce", State.DISABLED),
                tuple("b", State.WORKING));
        assertThat(set.status().get(0).error())
                .isEqualTo("url: wss://x/announce (expected: an http, https or udp tracker URL)");
    }

    /** The states of {@code url} over the reports, with consecutive repeats collapsed. */
    private List<State> statesOf(String url) {
        List<State> out = new ArrayList<>();
        for (List<TrackerStatus> list : reports) {
            for (TrackerStatus t : list) {
                if (t.url().equals(url) && (out.isEmpty() || out.get(out.size() - 1) != t.state())) {
                    out.add(t.state());
                }
            }
        }
        return out;
    }

    @Test
    void reportsEveryStateChangeInOrderWithTheErrorText() {
        fake("bad", TrackerSetTest::fails);
        fake("good", TrackerSetTest::works);
        TrackerSet set = set(List.of(List.of("bad"), List.of("good")));
        set.start();
        await(() -> statesOf("good").contains(State.WORKING));
        assertThat(reports.get(0)).as("the first report, at start").extracting(TrackerStatus::state)
                .containsExactly(State.IDLE, State.IDLE);
        assertThat(statesOf("bad")).startsWith(State.IDLE, State.UPDATING, State.FAILED);
        assertThat(statesOf("good")).startsWith(State.IDLE, State.UPDATING, State.WORKING);
        assertThat(reports).as("every report lists both trackers in tier order")
                .allSatisfy(list -> assertThat(list).extracting(TrackerStatus::url).containsExactly("bad", "good"));
        List<TrackerStatus> working = reports.stream().filter(l -> l.get(1).state() == State.WORKING).findFirst()
                .orElseThrow();
        assertThat(working.get(0).error()).isEqualTo("tracker: connection failed");
        assertThat(working.get(0).lastAnnounce()).isNotNull();
        assertThat(working.get(1).error()).isNull();
        assertThat(working.get(1).nextAnnounce()).as("the re-announce is scheduled before the report").isNotNull();
        assertThat(working.get(1).seeders()).isEqualTo(2);
        set.stop().join();
        int count = reports.size();
        sleep(200);
        assertThat(reports).as("no report after stop").hasSize(count);
    }

    @Test
    void aLoneFailingTrackerIsReportedFailedWithItsRetryScheduled() {
        fake("t", TrackerSetTest::fails);
        TrackerSet set = set(List.of(List.of("t")));
        set.start();
        await(() -> statesOf("t").contains(State.FAILED) && reports.get(reports.size() - 1).get(0).nextAnnounce()
                != null);
        TrackerStatus last = reports.get(reports.size() - 1).get(0);
        assertThat(last.state()).isEqualTo(State.FAILED);
        assertThat(last.error()).isEqualTo("tracker: connection failed");
        set.stop().join();
    }

    @Test
    void refusedAndUnsupportedUrlsAreDisabledFromTheStartAndNeverContacted() {
        fake("t", TrackerSetTest::works);
        fake("wss://x/announce", TrackerSetTest::works).unsupported =
                "url: wss://x/announce (expected: an http, https or udp tracker URL)";
        TrackerSet set = set(List.of(List.of("wss://x/announce", "t")), Map.of("udp://refused:80", "private torrent"));
        assertThat(set.status()).extracting(TrackerStatus::url, TrackerStatus::state).containsExactlyInAnyOrder(
                tuple("wss://x/announce", State.DISABLED), tuple("t", State.IDLE),
                tuple("udp://refused:80", State.DISABLED));
        set.start();
        await(() -> statesOf("t").contains(State.WORKING));
        assertThat(calls).containsOnly("t STARTED");
        assertThat(statesOf("wss://x/announce")).containsExactly(State.DISABLED);
        assertThat(statesOf("udp://refused:80")).containsExactly(State.DISABLED);
        TrackerStatus refused = set.status().get(2);
        assertThat(refused.tier()).as("refused URLs follow the announce tiers").isEqualTo(1);
        assertThat(refused.error()).isEqualTo("private torrent");
        assertThat(refused.nextAnnounce()).isNull();
        assertThat(set.status().stream().filter(t -> t.url().startsWith("wss")).findFirst().orElseThrow().error())
                .isEqualTo("url: wss://x/announce (expected: an http, https or udp tracker URL)");
        set.stop().join();
        assertThat(calls).containsExactly("t STARTED", "t STOPPED");
    }

    @Test
    void aSetWhoseTrackersAreAllDisabledReportsThemAndNeverAnnounces() {
        TrackerSet set = set(List.of(), Map.of("http://a/announce", "private torrent"));
        set.start();
        await(() -> !reports.isEmpty());
        sleep(150);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).extracting(TrackerStatus::state).containsExactly(State.DISABLED);
        assertThat(calls).isEmpty();
        set.stop().join();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
