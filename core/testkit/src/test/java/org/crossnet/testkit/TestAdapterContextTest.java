package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.Test;

class TestAdapterContextTest {
    private static final NetworkId NET = new NetworkId("sample");

    @Test
    void runsLoopAndBlockingWorkOnItsOwnNamedThreads() throws Exception {
        try (TestAdapterContext context = new TestAdapterContext(NET)) {
            CompletableFuture<String> loop = new CompletableFuture<>();
            context.eventLoops().execute(() -> loop.complete(Thread.currentThread().getName()));
            CompletableFuture<String> blocking = new CompletableFuture<>();
            context.blockingExecutor().execute(() -> blocking.complete(Thread.currentThread().getName()));

            assertThat(loop.get(5, TimeUnit.SECONDS)).startsWith(TestAdapterContext.THREAD_PREFIX + "loop-sample");
            assertThat(blocking.get(5, TimeUnit.SECONDS)).startsWith(TestAdapterContext.THREAD_PREFIX + "blocking-sample");
            assertThat(context.log().calls("executor")).hasSize(1);
        }
    }

    @Test
    void closeShutsTheLoopsDownAndDeletesTheStateDirectory() throws Exception {
        TestAdapterContext context = new TestAdapterContext(NET);
        Path state = context.stateDirectory();
        Files.writeString(state.resolve("node-id"), "x");
        context.close();
        assertThat(context.eventLoops().isShutdown()).isTrue();
        assertThat(state).doesNotExist();
        assertThatThrownBy(() -> context.blockingExecutor().execute(() -> { }))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void flagsOnlyCallsMadeAfterTheAdapterClosed() {
        try (TestAdapterContext context = new TestAdapterContext(NET, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))) {
            assertThat(context.clock().instant()).isEqualTo(Instant.EPOCH);
            context.events().publish(new GatewayEvent.AdapterNotice(NET, "before"));
            RecordingSearchSink sink = context.newSearchSink();

            context.markAdapterClosed();
            context.logger().log(System.Logger.Level.DEBUG, "late");
            sink.finished(null);

            assertThat(context.callsAfterClose()).extracting(c -> c.target() + "." + c.method())
                    .containsExactly("context.logger", "logger.log", "search-sink.finished");
            assertThat(context.recordedEvents().events()).hasSize(1);
        }
    }

    @Test
    void contentStoreFindsTransfersAndShares() {
        try (TestAdapterContext context = new TestAdapterContext(NET)) {
            TransferId id = TransferId.random();
            InMemoryStoredContent stored = context.store().addTransfer(id, 10);
            assertThat(context.content().transfer(id)).containsSame(stored);
            assertThat(context.content().transfer(TransferId.random())).isEmpty();
            assertThatThrownBy(() -> context.store().addTransfer(id, 10))
                    .hasMessage("transfer: " + id + " (expected: not added yet)");
        }
    }

    @Test
    void searchSinkNotesCallsAfterFinished() {
        RecordingSearchSink sink = new RecordingSearchSink();
        ContentId content = new ContentId(1, "a", Sha1.parse("0123456789abcdef0123456789abcdef01234567"), null, null,
                null, null);
        sink.hits(List.of(new SearchHit("a", 1, content, NET, 0, null)));
        sink.finished(null);
        sink.hits(List.of());
        assertThat(sink.receivedHits()).hasSize(1);
        assertThat(sink.finishReason()).isEmpty();
        assertThat(sink.violations()).containsExactly("hits after finished: []");
    }

    @Test
    void downloadSinkSumsTrafficAndNotesNegativeValues() {
        RecordingDownloadSink sink = new RecordingDownloadSink();
        sink.traffic(10, 1);
        sink.traffic(5, 0);
        sink.traffic(-1, 0);
        assertThat(sink.bytesDown()).isEqualTo(15);
        assertThat(sink.bytesUp()).isEqualTo(1);
        assertThat(sink.violations()).containsExactly("traffic: -1/0 (expected: both >= 0)");
    }
}
