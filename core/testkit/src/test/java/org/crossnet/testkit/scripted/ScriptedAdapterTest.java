package org.crossnet.testkit.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedAdapterTest {
    private static final int B = StoredContent.BLOCK_SIZE;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SHA1_HEX = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private final TestAdapterContext context = TestAdapterContext.forNetwork(ScriptedAdapterFactory.ID);
    private NetworkAdapter adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
        context.close();
    }

    @Test
    void isDiscoveredThroughServiceLoaderWithAHarmlessDefault() {
        NetworkAdapterFactory<?> found = ServiceLoader.load(NetworkAdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.id().equals("scripted")).findFirst().orElseThrow();
        assertThat(found).isInstanceOf(ScriptedAdapterFactory.class);
        assertThat(found.defaultConfig()).isEqualTo(ScriptedConfig.empty());

        start(ScriptedConfig.empty());
        RecordingSearchSink sink = new RecordingSearchSink();
        searcher().search(SearchQuery.ofKeywords("anything"), sink);
        assertThat(sink.awaitFinished(WAIT)).isTrue();
        assertThat(sink.receivedHits()).isEmpty();
        assertThat(adapter.statusLine()).contains("serving no directory");
    }

    @Test
    void scriptedHitsAreReportedForMatchingQueriesOnly() {
        start(new ScriptedConfig(List.of(new ScriptedHit("Free Jazz Live.mp3", 4000, SHA1_HEX, 5),
                new ScriptedHit("Linux Install.iso", 9000, SHA1_HEX, 1)), null, null, null, null));
        RecordingSearchSink sink = new RecordingSearchSink();
        searcher().search(SearchQuery.ofKeywords("jazz"), sink);

        assertThat(sink.awaitFinished(WAIT)).isTrue();
        assertThat(sink.receivedHits()).singleElement().satisfies(hit -> {
            assertThat(hit.name()).isEqualTo("Free Jazz Live.mp3");
            assertThat(hit.sources()).isEqualTo(5);
            assertThat(hit.content().sha1()).isEqualTo(Sha1.parse(SHA1_HEX));
            assertThat(hit.network().value()).isEqualTo("scripted");
            assertThat(hit.handle()).containsEntry("origin", "script");
        });
        assertThat(sink.finishReason()).isEmpty();
    }

    @Test
    void servedFilesAreFoundByNameWithTheirHash() throws IOException {
        byte[] data = random(5000, 1);
        Files.write(dir.resolve("holiday photos.zip"), data);
        start(ScriptedConfig.serving(dir));
        RecordingSearchSink sink = new RecordingSearchSink();
        searcher().search(SearchQuery.ofKeywords("holiday"), sink);

        assertThat(sink.awaitFinished(WAIT)).isTrue();
        SearchHit hit = sink.receivedHits().get(0);
        assertThat(hit.size()).isEqualTo(5000);
        assertThat(hit.content().sha1()).isEqualTo(ScriptedTesting.sha1(data));
        assertThat(hit.handle()).containsEntry("origin", "served");
    }

    @Test
    void delayedResultsArriveAfterTheDelayAndNotAfterCancel() {
        Duration delay = Duration.ofMillis(200);
        start(new ScriptedConfig(List.of(new ScriptedHit("late.txt", 1, SHA1_HEX, 0)), null, delay, null, null));
        RecordingSearchSink sink = new RecordingSearchSink();
        long started = System.nanoTime();
        searcher().search(SearchQuery.ofKeywords("late"), sink);
        assertThat(sink.awaitFinished(WAIT)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);

        RecordingSearchSink cancelled = new RecordingSearchSink();
        SearchHandle handle = searcher().search(SearchQuery.ofKeywords("late"), cancelled);
        handle.cancel();
        assertThat(cancelled.awaitFinished(delay.multipliedBy(2))).isFalse();
        assertThat(cancelled.receivedHits()).isEmpty();
    }

    @Test
    void blockVerificationReportsOneUnitPerBlock() throws IOException {
        byte[] data = random(2 * B + 500, 2);
        Files.write(dir.resolve("blocks.bin"), data);
        start(new ScriptedConfig(null, dir, null, null, ScriptedConfig.Verification.BLOCK));
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), data.length);
        RecordingDownloadSink sink = new RecordingDownloadSink();

        download(data, store, sink);

        assertThat(awaitVerified(store, data.length)).isTrue();
        assertThat(store.data()).isEqualTo(data);
        assertThat(store.verifiedUnits()).extracting(VerificationUnit::kind, VerificationUnit::index,
                VerificationUnit::offset, VerificationUnit::length).containsExactly(
                tuple("scripted-block", 0L, 0L, (long) B),
                tuple("scripted-block", 1L, (long) B, (long) B),
                tuple("scripted-block", 2L, 2L * B, 500L));
        assertThat(sink.bytesDown()).isEqualTo(data.length);
    }

    @Test
    void fileVerificationReportsOneWholeFileUnitAndEndsWithNoConnectedSource() throws IOException {
        byte[] data = random(B + 1, 3);
        Files.write(dir.resolve("file.bin"), data);
        start(ScriptedConfig.serving(dir));
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), data.length);
        RecordingDownloadSink sink = new RecordingDownloadSink();

        download(data, store, sink);

        assertThat(awaitVerified(store, data.length)).isTrue();
        assertThat(store.verifiedUnits()).singleElement()
                .isEqualTo(new VerificationUnit(context.network(), "scripted-file", 0, 0, data.length));
        assertThat(awaitSources(sink, 0)).as("sources (0 connected, 1 known) once done").isTrue();
    }

    @Test
    void blocksAnotherNetworkVerifiedAreNotFetchedAgain() throws IOException {
        byte[] data = random(3 * B, 4);
        Files.write(dir.resolve("resume.bin"), data);
        start(new ScriptedConfig(null, dir, null, null, ScriptedConfig.Verification.BLOCK));
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), data.length);
        store.write(0, ByteBuffer.wrap(Arrays.copyOf(data, B)));
        store.markVerified(new VerificationUnit(new NetworkId("bittorrent"), "bt-piece", 0, 0, B));
        RecordingDownloadSink sink = new RecordingDownloadSink();

        download(data, store, sink);

        assertThat(awaitVerified(store, data.length)).isTrue();
        assertThat(store.data()).isEqualTo(data);
        assertThat(sink.bytesDown()).isEqualTo(2L * B);
    }

    @Test
    void pauseStopsBetweenBlocksAndResumeFinishes() throws IOException, InterruptedException {
        byte[] data = random(6 * B, 5);
        Files.write(dir.resolve("slow.bin"), data);
        start(new ScriptedConfig(null, dir, null, Duration.ofMillis(40), ScriptedConfig.Verification.BLOCK));
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), data.length);
        RecordingDownloadSink sink = new RecordingDownloadSink();
        DownloadSession session = download(data, store, sink);

        assertThat(await(() -> sink.bytesDown() > 0)).isTrue();
        session.pause();
        Thread.sleep(150);
        long paused = sink.bytesDown();
        Thread.sleep(300);
        assertThat(sink.bytesDown()).as("no traffic while paused").isEqualTo(paused).isLessThan(data.length);

        session.resume();
        assertThat(awaitVerified(store, data.length)).isTrue();
        assertThat(store.data()).isEqualTo(data);
    }

    @Test
    void contentNotServedOrOfTheWrongSizeFails() throws IOException {
        byte[] data = random(100, 6);
        Files.write(dir.resolve("small.bin"), data);
        start(ScriptedConfig.serving(dir));

        RecordingDownloadSink unknown = new RecordingDownloadSink();
        download(random(100, 7), context.store().addTransfer(TransferId.random(), 100), unknown);
        assertThat(unknown.awaitFailure(WAIT)).isTrue();
        assertThat(unknown.failure().orElseThrow()).endsWith("(expected: a file in serve-directory or a published share)");

        RecordingDownloadSink wrongSize = new RecordingDownloadSink();
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), 99);
        ContentId content = new ContentId(99, "small.bin", ScriptedTesting.sha1(data), null, null, null, null);
        adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(), content, store, null, null,
                null), wrongSize);
        assertThat(wrongSize.awaitFailure(WAIT)).isTrue();
        assertThat(wrongSize.failure().orElseThrow()).isEqualTo("size: 99 (expected: 100, the served file's size)");
    }

    @Test
    void publishedSharesAreSearchableAndServedUntilWithdrawn() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("library"));
        byte[] data = random(B / 2, 8);
        Path file = Files.write(elsewhere.resolve("shared.txt"), data);
        start(ScriptedConfig.empty());
        ContentId content = new ContentId(data.length, "shared song.txt", ScriptedTesting.sha1(data), null, null, null,
                null);
        adapter.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), content, file, null, null));

        RecordingSearchSink sink = new RecordingSearchSink();
        searcher().search(SearchQuery.ofKeywords("song"), sink);
        assertThat(sink.awaitFinished(WAIT)).isTrue();
        assertThat(sink.receivedHits()).extracting(SearchHit::name).containsExactly("shared song.txt");
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), data.length);
        download(data, store, new RecordingDownloadSink());
        assertThat(awaitVerified(store, data.length)).isTrue();

        adapter.publisher().orElseThrow().withdraw(content);
        RecordingSearchSink after = new RecordingSearchSink();
        searcher().search(SearchQuery.ofKeywords("song"), after);
        assertThat(after.awaitFinished(WAIT)).isTrue();
        assertThat(after.receivedHits()).isEmpty();
    }

    @Test
    void usingTheAdapterBeforeStartIsUnavailable() {
        adapter = new ScriptedAdapterFactory().create(ScriptedConfig.empty(), context);
        assertThatThrownBy(() -> searcher().search(SearchQuery.ofKeywords("x"), new RecordingSearchSink()))
                .isInstanceOf(GatewayException.class)
                .hasMessage("network: scripted is NEW (expected: STARTED)")
                .extracting(e -> ((GatewayException) e).code()).isEqualTo(GatewayErrorCode.UNAVAILABLE);
    }

    @Test
    void startFailsWhenTheServeDirectoryIsMissing() {
        Path missing = dir.resolve("missing");
        adapter = new ScriptedAdapterFactory().create(ScriptedConfig.serving(missing), context);
        assertThatThrownBy(adapter::start).isInstanceOf(GatewayException.class)
                .hasMessage("serve-directory: " + missing + " (expected: an existing directory)");
    }

    @Test
    void invalidScriptsAreRefusedWithPreciseMessages() {
        assertThatThrownBy(() -> new ScriptedHit("a", 1, "xyz", 0))
                .hasMessage("hits.sha1: xyz (expected: 40 hex or 32 base32 characters)");
        assertThatThrownBy(() -> new ScriptedHit(" ", 1, SHA1_HEX, 0)).hasMessage("hits.name:   (expected: a file name)");
        assertThatThrownBy(() -> new ScriptedHit("a", -1, SHA1_HEX, 0)).hasMessage("hits.size: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new ScriptedConfig(null, null, Duration.ofSeconds(-1), null, null))
                .hasMessage("response-delay: PT-1S (expected: 0s..60s)");
        assertThatThrownBy(() -> new ScriptedConfig(null, null, null, Duration.ofMinutes(2), null))
                .hasMessage("block-delay: PT2M (expected: 0s..60s)");
        assertThat(new ScriptedConfig(null, null, null, null, null)).isEqualTo(ScriptedConfig.empty());
    }

    private void start(ScriptedConfig config) {
        adapter = new ScriptedAdapterFactory().create(config, context);
        adapter.start();
    }

    private org.crossnet.spi.Searcher searcher() {
        return adapter.searcher().orElseThrow();
    }

    private DownloadSession download(byte[] data, InMemoryStoredContent store, RecordingDownloadSink sink) {
        ContentId content = new ContentId(data.length, "x", ScriptedTesting.sha1(data), null, null, null, null);
        return adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(), content, store, null,
                null, null), sink);
    }

    private static boolean awaitVerified(InMemoryStoredContent store, long size) {
        return await(() -> store.verifiedBytes() == size);
    }

    private static boolean awaitSources(RecordingDownloadSink sink, int connected) {
        return await(() -> sink.latestSources().map(s -> s.connected() == connected).orElse(false));
    }

    static boolean await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
