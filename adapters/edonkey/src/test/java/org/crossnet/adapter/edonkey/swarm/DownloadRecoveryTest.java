package org.crossnet.adapter.edonkey.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.adapter.edonkey.support.ScriptedUploader;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The downloader against scripted uploaders: corrupt parts, compressed parts, compression bombs. */
class DownloadRecoveryTest {
    private static final byte[] DATA = new byte[(int) (9_728_000L + 2_500_000)];
    private static Nodes.Running node;

    @BeforeAll
    static void start() {
        new Random(21).nextBytes(DATA);
        node = Nodes.start(Nodes.config("127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void corruptPartIsFetchedAgainAndItsSourceDropped() throws Exception {
        try (ScriptedUploader bad = new ScriptedUploader(DATA, ScriptedUploader.Mode.CORRUPT);
             ScriptedUploader good = new ScriptedUploader(DATA, ScriptedUploader.Mode.HONEST)) {
            long corruptBefore = node.adapter().node().closeCounts().getOrDefault(CloseReason.CORRUPT_DATA, 0L);
            InMemoryStoredContent store = download(List.of(bad.address(), good.address()), bad);
            assertThat(store.data()).isEqualTo(DATA);
            assertThat(store.corruptUnits()).as("parts that failed their MD4 check").isNotEmpty();
            assertThat(node.adapter().node().closeCounts().getOrDefault(CloseReason.CORRUPT_DATA, 0L))
                    .isGreaterThan(corruptBefore);
            assertThat(bad.bytesSent()).isPositive();
        }
    }

    @Test
    void compressedPartsAreInflated() throws Exception {
        try (ScriptedUploader z = new ScriptedUploader(DATA, ScriptedUploader.Mode.COMPRESSED)) {
            InMemoryStoredContent store = download(List.of(z.address()), z);
            assertThat(store.data()).isEqualTo(DATA);
            assertThat(store.corruptUnits()).isEmpty();
        }
    }

    @Test
    void compressedPartInflatingPastItsBlockDropsTheSource() throws Exception {
        try (ScriptedUploader bomb = new ScriptedUploader(DATA, ScriptedUploader.Mode.COMPRESSED_BOMB)) {
            long before = node.adapter().node().closeCounts().getOrDefault(CloseReason.BAD_COMPRESSION, 0L);
            TransferId id = TransferId.random();
            InMemoryStoredContent store = node.context().store().addTransfer(id, DATA.length);
            DownloadSession s = node.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                    content(bomb), store, List.of(bomb.address()), List.of(), null),
                    node.context().newDownloadSink());
            assertThat(Nodes.await(() -> node.adapter().node().closeCounts()
                    .getOrDefault(CloseReason.BAD_COMPRESSION, 0L) > before, Duration.ofSeconds(10))).isTrue();
            assertThat(node.adapter().node().sources(bomb.hash())).singleElement().asString().contains("DROPPED");
            assertThat(store.bytesWritten()).isZero();
            s.close();
        }
    }

    private static ContentId content(ScriptedUploader u) {
        return new ContentId(DATA.length, "scripted.bin", null, u.hash(), null, null, null);
    }

    private static InMemoryStoredContent download(List<String> peers, ScriptedUploader any) {
        TransferId id = TransferId.random();
        InMemoryStoredContent store = node.context().store().addTransfer(id, DATA.length);
        RecordingDownloadSink sink = node.context().newDownloadSink();
        DownloadSession s = node.adapter().downloader().orElseThrow().download(new DownloadRequest(id, content(any),
                store, peers, List.of(), null), sink);
        boolean ok = Nodes.await(() -> store.verifiedBytes() == DATA.length, Duration.ofSeconds(60));
        assertThat(ok).as("verified %d; sources %s", store.verifiedBytes(), node.adapter().node().sources(any.hash()))
                .isTrue();
        s.close();
        return store;
    }
}
