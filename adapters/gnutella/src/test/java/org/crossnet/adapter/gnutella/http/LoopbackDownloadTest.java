package org.crossnet.adapter.gnutella.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two serving endpoints and one downloading from both at once, all on 127.0.0.1. */
class LoopbackDownloadTest {
    private static final int SIZE = 8 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private LoopbackPeer first;
    private LoopbackPeer second;
    private LoopbackPeer downloader;

    @AfterEach
    void stop() {
        for (LoopbackPeer p : new LoopbackPeer[] {downloader, first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void downloadsFromTwoSourcesAtOnceCheckingThexRangesAndSha1() throws IOException {
        TestContent content = TestContent.random(dir, "random.bin", SIZE, 1);
        startSeeders(content.path(), content.id(), content.path(), content.id());
        Result r = download(content.id());

        assertThat(r.store.data()).isEqualTo(content.bytes());
        assertThat(r.sink.failure()).isEmpty();
        assertThat(r.download.bannedSources()).isEmpty();
        assertThat(first.endpoint.stats().bytesSent()).as("first source served").isPositive();
        assertThat(second.endpoint.stats().bytesSent()).as("second source served").isPositive();
        List<VerificationUnit> units = r.store.verifiedUnits();
        assertThat(units).filteredOn(u -> u.kind().equals(HttpDownload.TTH_UNIT))
                .as("every 128 KiB node of the depth-6 tree").hasSize(SIZE / (128 * 1024));
        assertThat(units).filteredOn(u -> u.kind().equals(HttpDownload.SHA1_UNIT))
                .containsExactly(new VerificationUnit(downloader.context.network(), "sha1", 0, 0, SIZE));
        assertThat(r.sink.bytesDown()).isGreaterThanOrEqualTo(SIZE);
        assertThat(r.sink.violations()).isEmpty();

        r.download.close();
        downloader.endpoint.close();
        downloader.context.markAdapterClosed();
        sleep(700);
        assertThat(downloader.context.callsAfterClose()).isEmpty();
    }

    @Test
    void closingMidTransferEndsEveryCallIntoTheStoreAndTheSink() throws IOException {
        TestContent content = TestContent.random(dir, "big.bin", SIZE, 7);
        startSeeders(content.path(), content.id(), content.path(), content.id());
        downloader = new LoopbackPeer("gnutella");
        InMemoryStoredContent store = downloader.context.store().addTransfer(TransferId.random(), SIZE);
        HttpDownload download = downloader.endpoint.download(new DownloadRequest(store.transfer(), content.id(),
                store, List.of(), List.of(), null), downloader.context.newDownloadSink());
        download.addSources(List.of(HttpSource.direct(first.address()), HttpSource.direct(second.address())));
        assertThat(LoopbackPeer.await(() -> store.bytesWritten() > 0, TIMEOUT)).isTrue();

        downloader.endpoint.close();
        downloader.context.markAdapterClosed();
        sleep(700);
        assertThat(downloader.context.callsAfterClose()).isEmpty();
        assertThat(download.finished()).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void downloadsWithoutThexCheckingTheWholeFile() throws IOException {
        TestContent content = TestContent.random(dir, "plain.bin", SIZE, 2);
        startSeeders(content.path(), content.withoutTth(), content.path(), content.withoutTth());
        Result r = download(content.withoutTth());

        assertThat(r.store.data()).isEqualTo(content.bytes());
        assertThat(r.store.verifiedUnits()).extracting(VerificationUnit::kind).containsExactly("sha1");
        assertThat(first.endpoint.stats().bytesSent()).isPositive();
        assertThat(second.endpoint.stats().bytesSent()).isPositive();
    }

    @Test
    void aSourceServingBadDataFailsTheThexCheckAndIsBanned() throws IOException {
        TestContent content = TestContent.random(dir, "good.bin", SIZE, 3);
        Path bad = corruptEverywhere(content);
        startSeeders(content.path(), content.id(), bad, content.id());
        Result r = download(content.id());

        assertThat(r.store.data()).isEqualTo(content.bytes());
        assertThat(r.download.bannedSources()).containsExactly(second.address());
        assertThat(r.store.corruptUnits()).isNotEmpty().allMatch(u -> u.kind().equals(HttpDownload.TTH_UNIT));
    }

    @Test
    void withoutThexTheSha1MismatchIsTracedToTheBadSource() throws IOException {
        TestContent content = TestContent.random(dir, "good.bin", SIZE, 4);
        Path bad = corruptEverywhere(content);
        startSeeders(content.path(), content.withoutTth(), bad, content.withoutTth());
        Result r = download(content.withoutTth());

        assertThat(r.store.data()).isEqualTo(content.bytes());
        assertThat(r.download.bannedSources()).containsExactly(second.address());
        assertThat(r.store.corruptUnits()).isNotEmpty().allMatch(u -> u.kind().equals(HttpDownload.SHA1_UNIT));
    }

    private Path corruptEverywhere(TestContent content) throws IOException {
        Path bad = content.corruptCopy(dir, 0, 1);
        byte[] bytes = java.nio.file.Files.readAllBytes(bad);
        for (int at = 4096; at < bytes.length; at += 64 * 1024) {
            bytes[at] ^= 0x21;
        }
        return java.nio.file.Files.write(bad, bytes);
    }

    private void startSeeders(Path firstFile, ContentId firstId, Path secondFile, ContentId secondId) {
        first = new LoopbackPeer("gnutella");
        first.share(firstFile, firstId);
        first.listen();
        second = new LoopbackPeer("gnutella");
        second.share(secondFile, secondId);
        second.listen();
    }

    private record Result(HttpDownload download, InMemoryStoredContent store, RecordingDownloadSink sink) {
    }

    private Result download(ContentId id) {
        downloader = new LoopbackPeer("gnutella");
        InMemoryStoredContent store = downloader.context.store().addTransfer(TransferId.random(), id.size());
        RecordingDownloadSink sink = downloader.context.newDownloadSink();
        HttpDownload download = downloader.endpoint.download(
                new DownloadRequest(store.transfer(), id, store, List.of(), List.of(), null), sink);
        download.addSources(List.of(HttpSource.direct(first.address()), HttpSource.direct(second.address())));
        boolean done = LoopbackPeer.await(() -> download.finished() || sink.failure().isPresent(), TIMEOUT);
        assertThat(sink.failure()).isEmpty();
        assertThat(done).as("finished within %s: %s", TIMEOUT, download).isTrue();
        return new Result(download, store, sink);
    }
}
