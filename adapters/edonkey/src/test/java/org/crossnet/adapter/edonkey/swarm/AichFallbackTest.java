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
import org.junit.jupiter.api.Test;

/**
 * A corrupt part whose recovery data does not verify: the source that sent the data is dropped, and the whole part
 * is fetched again as without AICH.
 */
class AichFallbackTest {
    @Test
    void invalidRecoveryDataDropsItsSenderAndThePartIsFetchedWhole() throws Exception {
        byte[] data = new byte[(int) (9_728_000L + 2_500_000)];
        new Random(31).nextBytes(data);
        try (Nodes.Running node = Nodes.start(Nodes.config("127.0.0.1"));
             ScriptedUploader corrupt = new ScriptedUploader(data, ScriptedUploader.Mode.CORRUPT);
             ScriptedUploader badAich = new ScriptedUploader(data, ScriptedUploader.Mode.BAD_RECOVERY_DATA)) {
            long before = node.adapter().node().closeCounts().getOrDefault(CloseReason.BAD_RECOVERY_DATA, 0L);
            TransferId id = TransferId.random();
            InMemoryStoredContent store = node.context().store().addTransfer(id, data.length);
            RecordingDownloadSink sink = node.context().newDownloadSink();
            ContentId content = new ContentId(data.length, "scripted.bin", null, corrupt.hash(), badAich.aichRoot(),
                    null, null);
            DownloadSession s = node.adapter().downloader().orElseThrow().download(new DownloadRequest(id, content,
                    store, List.of(corrupt.address(), badAich.address()), List.of(), null), sink);
            assertThat(Nodes.await(() -> node.adapter().node().closeCounts()
                    .getOrDefault(CloseReason.BAD_RECOVERY_DATA, 0L) > before, Duration.ofSeconds(30)))
                    .as("sources %s", node.adapter().node().sources(corrupt.hash())).isTrue();
            assertThat(node.adapter().node().sources(corrupt.hash())).anySatisfy(d -> assertThat(d)
                    .contains(badAich.address()).contains("DROPPED")
                    .contains("invalid AICH recovery data: aich recovery root: "));
            // the part is reported corrupt whole: the fallback
            assertThat(Nodes.await(() -> store.corruptUnits().stream().anyMatch(u -> u.kind().equals("ed2k-part")),
                    Duration.ofSeconds(10))).isTrue();
            assertThat(store.corruptUnits()).noneMatch(u -> u.kind().equals("aich-block"));
            s.close();
        }
    }
}
