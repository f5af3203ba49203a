package org.crossnet.adapter.edonkey.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * amuled as a LowID client of the adapter's index-server role: its namespace refuses inbound connections to its
 * client port ({@link AmuleTestNet#refuseInboundConnections}), so the server's connect-back test fails and amuled
 * gets a LowID. The adapter's own client (a HighID on the same server) downloads amuled's file with no source but
 * the server: the server reports amuled's LowID, the client asks for a callback (OP_CALLBACKREQUEST), amuled connects
 * to the adapter, and the download runs on that connection.
 */
class AmuleLowIdIT {
    @Test
    void downloadsFromALowIdAmuledThroughACallback(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "crossnet-lowid-sample.bin", 4_000_000, 17);
        SharedFile shared = Nodes.shared(file);
        long started = System.nanoTime();
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode amule = net.start("lowid", o -> o.ed2k(true));
            net.refuseInboundConnections(amule);
            String gwAddress = net.gatewayAddress();
            try (Nodes.Running gw = Nodes.startServerRole(p -> Nodes.config(gwAddress).withServerRole(true, p)
                    .withServers(List.of(gwAddress + ":" + p)))) {
                int serverPort = gw.adapter().serverPort();
                amule.connectServer(net.gatewayAddress(), serverPort);
                assertThat(amule.await(amule::ed2kConnected, Duration.ofSeconds(30))).as(amule.status()).isTrue();
                assertThat(amule.status()).contains("LowID");
                // shared after the login; even so, a LowID amuled 2.3.3 offered its file only ~60 s after it (one
                // ED2KREPUBLISHTIME) in every run here, where a HighID one offers at once: most of this test's time
                Files.copy(file, amule.incomingDir().resolve(file.getFileName()));
                amule.reloadShared();
                assertThat(amule.awaitShared(shared.content().ed2k().bytes().hex(), Duration.ofSeconds(30)))
                        .as(amule.log()).isTrue();
                assertThat(Nodes.await(() -> gw.adapter().statusLine().contains("serving 2 users, 1 files"),
                        Duration.ofSeconds(90))).as("%s%n%s%n%s", gw.adapter().statusLine(), amule.status(),
                        amule.log()).isTrue();
                System.out.printf("AmuleLowIdIT: amuled's offer indexed after %.1f s%n",
                        (System.nanoTime() - started) / 1e9);

                long size = shared.content().size();
                TransferId id = TransferId.random();
                InMemoryStoredContent store = gw.context().store().addTransfer(id, size);
                RecordingDownloadSink sink = gw.context().newDownloadSink();
                DownloadSession session = gw.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                        shared.content(), store, List.of(), List.of(), null), sink);
                assertThat(Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                        Duration.ofSeconds(60))).as("verified %d of %d; %s; %s; %s", store.verifiedBytes(), size,
                        gw.adapter().callbacks().status(), gw.adapter().node().sources(shared.content().ed2k()),
                        amule.log()).isTrue();
                assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
                assertThat(gw.adapter().callbacks().claimed()).isGreaterThanOrEqualTo(1);
                session.close();
            }
        }
        System.out.printf("AmuleLowIdIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
