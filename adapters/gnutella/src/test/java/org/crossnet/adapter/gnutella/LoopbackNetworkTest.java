package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.Bye;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.mapping.HitMapper;
import org.crossnet.adapter.gnutella.session.CloseReason;
import org.crossnet.adapter.gnutella.session.PeerConnection;
import org.crossnet.adapter.gnutella.session.PeerRole;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.RawPeer;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small network of our own nodes on 127.0.0.1, over the real protocol with link compression: ultrapeer U1 with
 * three leaves (A searches, B shares a matching file, C shares something else) and a second ultrapeer U2 that
 * shares a file of its own. Queries reach leaves only through their route tables, reach U2 through U1's dynamic
 * query, and hits come back by GUID; a flooding raw peer is cut off while the others keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackNetworkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    static Path shares;

    private final List<TestAdapterContext> contexts = new ArrayList<>();
    private GnutellaAdapter u1;
    private GnutellaAdapter u2;
    private GnutellaAdapter leafA;
    private GnutellaAdapter leafB;
    private GnutellaAdapter leafC;
    private SharedFile leafFile;
    private SharedFile upFile;

    @BeforeAll
    void network() throws IOException {
        u1 = node(GnutellaConfig.Role.ULTRAPEER, List.of());
        String u1Address = "127.0.0.1:" + u1.listenPort();
        u2 = node(GnutellaConfig.Role.ULTRAPEER, List.of(u1Address));
        upFile = TestShares.file(Files.createDirectories(shares.resolve("u2")), "crossnet remote upfile.bin", 3000, 2);
        u2.publisher().orElseThrow().publish(upFile);
        leafA = node(GnutellaConfig.Role.LEAF, List.of(u1Address));
        leafB = node(GnutellaConfig.Role.LEAF, List.of(u1Address));
        leafFile = TestShares.file(Files.createDirectories(shares.resolve("b")), "crossnet network leaffile.bin", 5000,
                1);
        leafB.publisher().orElseThrow().publish(leafFile);
        leafC = node(GnutellaConfig.Role.LEAF, List.of(u1Address));
        leafC.publisher().orElseThrow().publish(TestShares.file(Files.createDirectories(shares.resolve("c")),
                "unrelated holiday.txt", 1000, 3));
        assertThat(Wait.until(() -> u1.node().snapshot().leaves() == 3 && u1.node().snapshot().ultrapeers() == 1,
                TIMEOUT)).as("U1 has 3 leaves and U2: %s", u1.statusLine()).isTrue();
    }

    private GnutellaAdapter node(GnutellaConfig.Role role, List<String> bootstrap) {
        TestAdapterContext context = TestAdapterContext.forNetwork("gnutella");
        contexts.add(context);
        GnutellaAdapter adapter = (GnutellaAdapter) new GnutellaAdapterFactory().create(Nodes.config(role, bootstrap),
                context);
        adapter.start();
        return adapter;
    }

    @AfterAll
    void stop() {
        for (GnutellaAdapter a : new GnutellaAdapter[] {leafA, leafB, leafC, u2, u1}) {
            if (a != null) {
                a.close();
            }
        }
        contexts.forEach(TestAdapterContext::close);
    }

    @Test
    void connectionsAreCompressedAndRolesAsConfigured() {
        GnutellaNode.Snapshot s = u1.node().snapshot();
        assertThat(s.role()).isEqualTo(PeerRole.ULTRAPEER);
        assertThat(s.connections()).allSatisfy(c -> {
            assertThat(c.deflateIn()).as("%s compresses to us", c.remote()).isTrue();
            assertThat(c.deflateOut()).as("we compress to %s", c.remote()).isTrue();
        });
        assertThat(s.connections()).extracting(PeerConnection.Info::peerRole)
                .containsExactlyInAnyOrder(PeerRole.ULTRAPEER, PeerRole.LEAF, PeerRole.LEAF, PeerRole.LEAF);
        assertThat(leafA.node().snapshot().role()).isEqualTo(PeerRole.LEAF);
        // The status line is refreshed on the node's 250 ms tick, so it may lag the connection by one tick.
        assertThat(Wait.until(() -> leafA.statusLine().startsWith("leaf, 1 ultrapeer"), TIMEOUT))
                .as("status: %s", leafA.statusLine()).isTrue();
    }

    @Test
    void leafSearchReachesOnlyTheMatchingLeafThroughQrp() {
        long bBefore = leafB.node().snapshot().queriesReceived();
        long cBefore = leafC.node().snapshot().queriesReceived();
        RecordingSearchSink sink = new RecordingSearchSink();
        leafA.searcher().orElseThrow().search(SearchQuery.ofKeywords("leaffile"), sink);

        assertThat(sink.awaitHits(1, TIMEOUT)).as("a hit from leaf B").isTrue();
        SearchHit hit = sink.receivedHits().get(0);
        assertThat(hit.name()).isEqualTo("crossnet network leaffile.bin");
        assertThat(hit.size()).isEqualTo(5000);
        assertThat(hit.content().sha1()).isEqualTo(leafFile.content().sha1());
        assertThat(hit.handle()).containsEntry(SearchHit.PEER_HANDLE_KEY, "127.0.0.1:" + leafB.listenPort())
                .containsEntry(HitMapper.SERVENT_KEY, leafB.node().servent().toString())
                .containsEntry(HitMapper.INDEX_KEY, "1");
        assertThat(leafB.node().snapshot().queriesReceived()).isGreaterThan(bBefore);
        // C's table has no "leaffile": the ultrapeer never sent it the query.
        assertThat(leafC.node().snapshot().queriesReceived()).isEqualTo(cBefore);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void dynamicQueryReachesTheSecondUltrapeer() {
        RecordingSearchSink sink = new RecordingSearchSink();
        leafA.searcher().orElseThrow().search(SearchQuery.ofKeywords("remote", "upfile"), sink);
        assertThat(sink.awaitHits(1, TIMEOUT)).as("a hit from U2 via U1").isTrue();
        SearchHit hit = sink.receivedHits().get(0);
        assertThat(hit.content().sha1()).isEqualTo(upFile.content().sha1());
        assertThat(hit.handle()).containsEntry(SearchHit.PEER_HANDLE_KEY, "127.0.0.1:" + u2.listenPort());
    }

    @Test
    void searchAsUltrapeerReachesItsLeaves() {
        RecordingSearchSink sink = new RecordingSearchSink();
        u2.searcher().orElseThrow().search(SearchQuery.ofKeywords("leaffile"), sink);
        assertThat(sink.awaitHits(1, TIMEOUT)).as("U2's own search finds leaf B through U1").isTrue();
        assertThat(sink.receivedHits().get(0).content().sha1()).isEqualTo(leafFile.content().sha1());
    }

    @Test
    void cancelledSearchGetsNoHits() throws InterruptedException {
        RecordingSearchSink sink = new RecordingSearchSink();
        leafA.searcher().orElseThrow().search(SearchQuery.ofKeywords("leaffile"), sink).cancel();
        Thread.sleep(1000);
        assertThat(sink.receivedHits()).isEmpty();
    }

    @Test
    void floodingPeerIsCutWhileTheOthersKeepWorking() throws IOException {
        try (RawPeer flooder = new RawPeer(u1.listenPort())) {
            assertThat(flooder.handshake(false, "").statusCode()).isEqualTo(200);
            int sent = 0;
            try {
                for (; sent < 2000; sent++) {
                    flooder.send(new Message(Guid.random(), 1, 0, Query.of(0x8000, "flood " + sent)));
                }
            } catch (IOException cut) {
                // the ultrapeer closed on us mid-flood
            }
            assertThat(flooder.closedWithin(5000)).as("flooder cut after %d queries", sent).isTrue();
        }
        assertThat(Wait.until(() -> u1.node().snapshot().closes(CloseReason.QUERY_FLOOD) >= 1, TIMEOUT)).isTrue();
        // The network still works.
        RecordingSearchSink sink = new RecordingSearchSink();
        leafA.searcher().orElseThrow().search(SearchQuery.ofKeywords("network", "leaffile"), sink);
        assertThat(sink.awaitHits(1, TIMEOUT)).isTrue();
        assertThat(u1.node().snapshot().leaves()).isEqualTo(3);
        assertThat(u1.node().snapshot().ultrapeers()).isEqualTo(1);
    }

    @Test
    void flooderGetsByeWithAReason() throws IOException {
        try (RawPeer flooder = new RawPeer(u1.listenPort())) {
            assertThat(flooder.handshake(false, "").statusCode()).isEqualTo(200);
            for (int i = 0; i < 60; i++) {
                flooder.send(new Message(Guid.random(), 1, 0, Query.of(0x8000, "burst " + i)));
            }
            Message bye = flooder.await(Bye.class);
            assertThat(bye).isNotNull();
            assertThat(((Bye) bye.payload()).code()).isEqualTo(429);
            assertThat(((Bye) bye.payload()).reason().text()).isEqualTo("Query flood");
        }
    }
}
