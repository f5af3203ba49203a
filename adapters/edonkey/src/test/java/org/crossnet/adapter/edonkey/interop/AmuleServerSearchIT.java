package org.crossnet.adapter.edonkey.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * (c) amuled logs into the adapter's index-server role and offers its files; the adapter's own client, logged into
 * the same server, finds amuled's file by keyword and downloads it (source from the hit and from OP_GETSOURCES).
 */
class AmuleServerSearchIT {
    @Test
    void findsAmuledsFileThroughTheServerRoleAndDownloadsIt(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "crossnet-serverdemo-sample.bin", 5_000_000, 13);
        SharedFile expected = Nodes.shared(file);
        long started = System.nanoTime();
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode amule = net.start("src", o -> o.ed2k(true).share(file));
            assertThat(amule.awaitShared(expected.content().ed2k().bytes().hex(), Duration.ofSeconds(60))).isTrue();
            String gwAddress = net.gatewayAddress();
            try (Nodes.Running gw = Nodes.startServerRole(p -> Nodes.config(gwAddress).withServerRole(true, p)
                    .withServers(List.of(gwAddress + ":" + p)))) {
                int serverPort = gw.adapter().serverPort();
                amule.connectServer(net.gatewayAddress(), serverPort);
                assertThat(amule.await(amule::ed2kConnected, Duration.ofSeconds(30))).as(amule.status()).isTrue();
                assertThat(amule.status()).contains("HighID");

                List<SearchHit> hits = new ArrayList<>();
                boolean found = Nodes.await(() -> {
                    RecordingSearchSink sink = gw.context().newSearchSink();
                    gw.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("serverdemo"), sink);
                    Nodes.await(sink::isFinished, Duration.ofSeconds(10));
                    hits.clear();
                    hits.addAll(sink.receivedHits());
                    return !hits.isEmpty();
                }, Duration.ofSeconds(60));
                assertThat(found).as("a hit; %s", gw.adapter().statusLine()).isTrue();
                SearchHit hit = hits.get(0);
                assertThat(hit.name()).isEqualTo(file.getFileName().toString());
                assertThat(hit.size()).isEqualTo(expected.content().size());
                assertThat(hit.content().ed2k()).isEqualTo(expected.content().ed2k());
                assertThat(hit.handle()).containsEntry(SearchHit.PEER_HANDLE_KEY,
                        amule.address() + ":" + amule.tcpPort());

                long size = hit.size();
                TransferId id = TransferId.random();
                InMemoryStoredContent store = gw.context().store().addTransfer(id, size);
                RecordingDownloadSink sink = gw.context().newDownloadSink();
                DownloadSession session = gw.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                        hit.content(), store, List.of(hit.handle().get(SearchHit.PEER_HANDLE_KEY)), List.of(), null),
                        sink);
                assertThat(Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                        Duration.ofSeconds(120))).as("verified %d of %d; %s", store.verifiedBytes(), size,
                        gw.adapter().statusLine()).isTrue();
                assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
                session.close();
            }
        }
        System.out.printf("AmuleServerSearchIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
