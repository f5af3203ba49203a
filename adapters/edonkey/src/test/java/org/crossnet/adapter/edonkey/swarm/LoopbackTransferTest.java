package org.crossnet.adapter.edonkey.swarm;

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

/** Two adapters on 127.0.0.1: one shares, the other downloads from it given its address. */
class LoopbackTransferTest {
    @Test
    void multiPartFileIsDownloadedAndEveryPartVerified(@TempDir Path tmp) throws Exception {
        // 2 parts and a bit: hashset exchange, a short last part, several ranges per part
        Path file = Nodes.randomFile(tmp, "loopback two parts.bin", (int) (2 * 9_728_000L + 12_345), 7);
        try (Nodes.Running seeder = Nodes.start(Nodes.config("127.0.0.1"));
             Nodes.Running leecher = Nodes.start(Nodes.config("127.0.0.1"))) {
            SharedFile shared = Nodes.shared(file);
            seeder.adapter().publisher().orElseThrow().publish(shared);
            long size = shared.content().size();
            TransferId id = TransferId.random();
            InMemoryStoredContent store = leecher.context().store().addTransfer(id, size);
            RecordingDownloadSink sink = leecher.context().newDownloadSink();
            DownloadSession session = leecher.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                    shared.content(), store, List.of("127.0.0.1:" + seeder.tcpPort()), List.of(), null), sink);
            assertThat(Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                    Duration.ofSeconds(30))).as("verified %d of %d; %s", store.verifiedBytes(), size,
                    leecher.adapter().statusLine()).isTrue();
            assertThat(sink.failure()).isEmpty();
            assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
            assertThat(store.verifiedUnits()).hasSize(3).allSatisfy(u -> assertThat(u.kind()).isEqualTo("ed2k-part"));
            assertThat(store.corruptUnits()).isEmpty();
            assertThat(sink.bytesDown()).isGreaterThanOrEqualTo(size);
            session.close();
        }
    }
}
