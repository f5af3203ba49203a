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

/** (a) The adapter downloads a file from amuled given an ed2k link with amuled as a direct source. */
class AmuleDownloadIT {
    @Test
    void downloadsFromAmuledByteIdentical(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "amule-source two parts.bin", (int) (9_728_000L + 3_000_000), 11);
        SharedFile shared = Nodes.shared(file);
        long started = System.nanoTime();
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode amule = net.start("src", o -> o.share(file));
            assertThat(amule.awaitShared(shared.content().ed2k().bytes().hex(), Duration.ofSeconds(60)))
                    .as(amule.log()).isTrue();
            try (Nodes.Running gw = Nodes.start(Nodes.config(net.gatewayAddress()))) {
                long size = shared.content().size();
                TransferId id = TransferId.random();
                InMemoryStoredContent store = gw.context().store().addTransfer(id, size);
                RecordingDownloadSink sink = gw.context().newDownloadSink();
                String link = amule.address() + ":" + amule.tcpPort();
                DownloadSession session = gw.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                        shared.content(), store, List.of(link), List.of(), null), sink);
                boolean done = Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                        Duration.ofSeconds(180));
                assertThat(done).as("verified %d of %d; %s; %s", store.verifiedBytes(), size,
                        gw.adapter().statusLine(), amule.log()).isTrue();
                assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
                assertThat(store.verifiedUnits()).hasSize(2);
                session.close();
            }
        }
        System.out.printf("AmuleDownloadIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
