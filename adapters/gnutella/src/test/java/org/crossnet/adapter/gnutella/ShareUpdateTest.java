package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shares that change while a leaf is connected reach its ultrapeer's route table about a second later (one debounced
 * QRP patch per burst of changes), not at some later periodic update: the ultrapeer's own periodic QRP interval is
 * set to ten minutes here, so only the prompt patch can make the search succeed.
 */
class ShareUpdateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long PROMPT_MILLIS = 5_000;

    @TempDir
    Path shares;

    private final List<TestAdapterContext> contexts = new ArrayList<>();
    private final List<GnutellaAdapter> adapters = new ArrayList<>();

    private GnutellaAdapter node(GnutellaConfig.Role role, List<String> bootstrap) {
        TestAdapterContext context = TestAdapterContext.forNetwork("gnutella");
        contexts.add(context);
        GnutellaConfig config = Nodes.config(role, bootstrap).withTimings(Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMillis(200));
        GnutellaAdapter adapter = (GnutellaAdapter) new GnutellaAdapterFactory().create(config, context);
        adapters.add(adapter);
        adapter.start();
        return adapter;
    }

    @AfterEach
    void stop() {
        adapters.forEach(GnutellaAdapter::close);
        contexts.forEach(TestAdapterContext::close);
    }

    /** Searches from {@code leaf} every half second until a hit comes or the time is up; the hits, or none. */
    private static List<SearchHit> searchUntilHit(GnutellaAdapter leaf, String word, long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos) {
            RecordingSearchSink sink = new RecordingSearchSink();
            leaf.searcher().orElseThrow().search(SearchQuery.ofKeywords(word), sink);
            if (sink.awaitHits(1, Duration.ofMillis(500))) {
                return sink.receivedHits();
            }
        }
        return List.of();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void aFilePublishedWhileConnectedIsFoundWithinSecondsAndAWithdrawnOneIsNot() {
        GnutellaAdapter up = node(GnutellaConfig.Role.ULTRAPEER, List.of());
        String upAddress = "127.0.0.1:" + up.listenPort();
        GnutellaAdapter leafA = node(GnutellaConfig.Role.LEAF, List.of(upAddress));
        GnutellaAdapter leafB = node(GnutellaConfig.Role.LEAF, List.of(upAddress));
        assertThat(Wait.until(() -> up.node().snapshot().leaves() == 2
                && leafA.node().snapshot().qrpSequencesSent() >= 1, TIMEOUT)).as(up.statusLine()).isTrue();
        long sequencesBefore = leafA.node().snapshot().qrpSequencesSent();

        // a burst of three publishes, as when several shares finish hashing one after another: 300 ms apart, more
        // than the node's 250 ms tick, less than the debounce
        long published = System.nanoTime();
        SharedFile wanted = TestShares.file(shares, "crossnet newcomer song.ogg", 4000, 1);
        leafA.publisher().orElseThrow().publish(wanted);
        pause(300);
        leafA.publisher().orElseThrow().publish(TestShares.file(shares, "crossnet other one.txt", 100, 2));
        pause(300);
        leafA.publisher().orElseThrow().publish(TestShares.file(shares, "crossnet third one.txt", 100, 3));

        List<SearchHit> hits = searchUntilHit(leafB, "newcomer", published + PROMPT_MILLIS * 1_000_000);
        long tookMillis = (System.nanoTime() - published) / 1_000_000;
        assertThat(hits).as("a hit from leaf A within %d ms", PROMPT_MILLIS).isNotEmpty();
        assertThat(hits.get(0).content().sha1()).isEqualTo(wanted.content().sha1());
        assertThat(hits.get(0).handle()).containsEntry(SearchHit.PEER_HANDLE_KEY, "127.0.0.1:" + leafA.listenPort());
        assertThat(tookMillis).isLessThan(PROMPT_MILLIS);
        // the burst went out as one patch sequence, and nothing follows while the shares stay as they are
        pause(1500);
        assertThat(leafA.node().snapshot().qrpSequencesSent()).isEqualTo(sequencesBefore + 1);

        leafA.publisher().orElseThrow().withdraw(wanted.content());
        assertThat(Wait.until(() -> leafA.node().snapshot().qrpSequencesSent() == sequencesBefore + 2, TIMEOUT))
                .as("the withdrawal patched").isTrue();
        long queriesBefore = leafA.node().snapshot().queriesReceived();
        RecordingSearchSink sink = new RecordingSearchSink();
        leafB.searcher().orElseThrow().search(SearchQuery.ofKeywords("newcomer"), sink);
        assertThat(sink.awaitHits(1, Duration.ofSeconds(2))).as("withdrawn: no hit").isFalse();
        assertThat(leafA.node().snapshot().queriesReceived()).as("the ultrapeer no longer routes it to A")
                .isEqualTo(queriesBefore);
    }
}
