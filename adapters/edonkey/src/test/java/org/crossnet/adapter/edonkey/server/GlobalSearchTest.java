package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.RecordingSearchSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global search and global sources over server UDP, five adapters on 127.0.0.1: two index servers S1 and S2 (S1 lists
 * S2 in OP_SERVERLIST because its own client side knows S2), sharer C logged into S2, sharer D logged into S1, and the
 * searcher A logged into S1 only. A learns S2 from S1's list, pings it, searches S1 over TCP and S2 over UDP, and
 * gets the same file from both: one hit per server, whose source counts add up (aMule's rule for eD2k results).
 * A's download of it learns C from S2 over UDP (OP_GLOBGETSOURCES2) and D from S1 over TCP.
 */
class GlobalSearchTest {
    @Test
    void searchAndSourcesReachAServerWeAreNotLoggedInto(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "globalfind sample.bin", 1_500_000, 21);
        SharedFile shared = Nodes.shared(file);
        try (Nodes.Running server2 = Nodes.startServerRole(p -> Nodes.config("127.0.0.1").withServerRole(true, p));
             Nodes.Running server1 = Nodes.startServerRole(p -> Nodes.config("127.0.0.1").withServerRole(true, p)
                     .withServers(List.of("127.0.0.1:" + server2.adapter().serverPort())));
             Nodes.Running c = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(address(server2))));
             Nodes.Running d = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(address(server1))));
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(address(server1))))) {
            c.adapter().publisher().orElseThrow().publish(shared);
            d.adapter().publisher().orElseThrow().publish(shared);
            InetSocketAddress s2Address = new InetSocketAddress("127.0.0.1", server2.adapter().serverPort());
            // A hears of S2 only through S1's server list, then learns its UDP flags from a ping
            assertThat(Nodes.await(() -> a.adapter().serverUdp().udpFlags(s2Address) > 0, Duration.ofSeconds(10)))
                    .as("S2 known and pinged; %s", a.adapter().serverUdp().servers()).isTrue();
            assertThat(a.adapter().serverUdp().udpFlags(s2Address) & Ed2kWire.SRV_UDPFLG_EXT_GETFILES).isNotZero();
            assertThat(Nodes.await(() -> server1.adapter().statusLine().contains("serving 2 users, 1 files")
                    && server2.adapter().statusLine().contains("serving 2 users, 1 files"), Duration.ofSeconds(10)))
                    .as("%s / %s", server1.adapter().statusLine(), server2.adapter().statusLine()).isTrue();

            RecordingSearchSink sink = a.context().newSearchSink();
            a.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("globalfind"), sink);
            assertThat(Nodes.await(sink::isFinished, Duration.ofSeconds(20))).isTrue();
            List<SearchHit> hits = sink.receivedHits();
            assertThat(hits).hasSize(2).allSatisfy(h -> {
                assertThat(h.content().ed2k()).isEqualTo(shared.content().ed2k());
                assertThat(h.size()).isEqualTo(shared.content().size());
            });
            assertThat(hits.stream().mapToInt(SearchHit::sources).sum()).isEqualTo(2);
            assertThat(hits).extracting(h -> h.handle().get(SearchHit.PEER_HANDLE_KEY)).containsExactlyInAnyOrder(
                    "127.0.0.1:" + c.tcpPort(), "127.0.0.1:" + d.tcpPort());
            assertThat(sink.finishReason()).isEmpty();
            assertThat(server2.adapter().statusLine()).contains("1 UDP searches");
            assertThat(server1.adapter().statusLine()).contains("0 UDP searches");

            // sources: D from S1 (TCP), C from S2 (UDP); the file arrives complete
            long size = shared.content().size();
            TransferId id = TransferId.random();
            InMemoryStoredContent store = a.context().store().addTransfer(id, size);
            RecordingDownloadSink dsink = a.context().newDownloadSink();
            DownloadSession session = a.adapter().downloader().orElseThrow().download(
                    new DownloadRequest(id, shared.content(), store, List.of(), List.of(), null), dsink);
            assertThat(Nodes.await(() -> a.adapter().node().sources(shared.content().ed2k()).size() == 2,
                    Duration.ofSeconds(10))).as("%s", a.adapter().node().sources(shared.content().ed2k())).isTrue();
            assertThat(a.adapter().node().sources(shared.content().ed2k())).anyMatch(
                    s -> s.startsWith("/127.0.0.1:" + c.tcpPort())).anyMatch(
                    s -> s.startsWith("/127.0.0.1:" + d.tcpPort()));
            assertThat(Nodes.await(() -> store.verifiedBytes() == size, Duration.ofSeconds(20))).isTrue();
            assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
            session.close();
        }
    }

    private static String address(Nodes.Running server) {
        return "127.0.0.1:" + server.adapter().serverPort();
    }
}
