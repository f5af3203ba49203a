package org.crossnet.adapter.gnutella.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloading side against scripted uploaders that misbehave, queue, or point elsewhere. */
class DownloadFaultsTest {
    private static final int SIZE = 200 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestContent content;
    private LoopbackPeer downloader;
    private ScriptedUploader scripted;
    private InMemoryStoredContent store;
    private RecordingDownloadSink sink;
    private HttpDownload download;

    @BeforeEach
    void start() throws IOException {
        content = TestContent.random(dir, "f.bin", SIZE, 5);
        downloader = new LoopbackPeer("gnutella");
    }

    @AfterEach
    void stop() throws IOException {
        downloader.close();
        if (scripted != null) {
            scripted.close();
        }
    }

    @Test
    void anOversizedResponseHeadDropsTheSource() throws IOException {
        String padding = "X-Padding: " + "a".repeat(20_000) + "\r\n";
        startFrom((n, head) -> ("HTTP/1.1 206 Partial Content\r\n" + padding + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertDropped("response head: longer than 16384 bytes (expected: at most that)");
    }

    @Test
    void aContentLengthBeyondTheRangeIsRefused() throws IOException {
        startFrom((n, head) -> {
            byte[] good = ScriptedUploader.rangeAnswer(head, content.bytes());
            String text = new String(good, StandardCharsets.ISO_8859_1);
            return text.replaceFirst("Content-Length: (\\d+)", "Content-Length: 999999999")
                    .getBytes(StandardCharsets.ISO_8859_1);
        });

        assertDropped("content-length: 999999999 (expected: " + SIZE + ", the length of bytes 0-" + (SIZE - 1) + "/"
                + SIZE + ")");
    }

    @Test
    void aBodyBeyondTheRequestedRangeIsRefused() throws IOException {
        downloader.close();
        downloader = new LoopbackPeer("gnutella", HttpSettings.defaults().withRequestBytes(HttpSettings.PIECE_SIZE),
                PushRequester.NONE);
        startFrom((n, head) -> {
            byte[] more = ScriptedUploader.rangeAnswer(head.replace("bytes=0-65535", "bytes=0-131071"),
                    content.bytes());
            assertThat(head).contains("\r\nRange: bytes=0-65535\r\n");
            return more;
        });

        assertDropped("content-range: bytes 0-131071/" + SIZE + " (expected: within bytes 0-65535, starting at 0)");
    }

    @Test
    void anotherFilesUrnDropsTheSource() throws IOException {
        startFrom((n, head) -> ScriptedUploader.rangeAnswer(head, content.bytes(),
                "X-Gnutella-Content-URN: urn:sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        assertDropped("x-gnutella-content-urn: urn:sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA (expected: urn:sha1:"
                + content.id().sha1().bytes().base32() + ")");
    }

    @Test
    void notFoundDropsTheSource() throws IOException {
        startFrom((n, head) -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(LoopbackPeer.await(() -> download.sources().get(0).state().equals("GONE"), TIMEOUT)).isTrue();
        assertThat(download.sources().get(0).reason()).startsWith("status: 404 Not Found for run[0..");
    }

    @Test
    void honoursTheQueueAndPollsAgainOnTheSameConnection() throws IOException {
        startFrom((n, head) -> n == 1
                ? ("HTTP/1.1 503 Queued\r\nX-Queue: position=1,length=1,limit=1,pollMin=1,pollMax=5\r\n"
                        + "X-Queued: position=1; ID=5f0a\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)
                : ScriptedUploader.rangeAnswer(head, content.bytes()));

        assertThat(LoopbackPeer.await(download::finished, TIMEOUT)).as("finished: %s %s", download.sources(),
                scripted.requests()).isTrue();
        assertThat(store.data()).isEqualTo(content.bytes());
        assertThat(scripted.connections()).isEqualTo(1);
        List<String> requests = scripted.requests();
        assertThat(requests).hasSize(2);
        String first = requests.get(0);
        // What a servent expects (compare vectors/gnutella/http/*_c03_req1.bin), plus our range.
        assertThat(first).startsWith("GET /uri-res/N2R?urn:sha1:" + content.id().sha1().bytes().base32()
                + " HTTP/1.1\r\n").contains("\r\nUser-Agent: Crossnet/0.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + scripted.address().getPort() + "\r\n")
                .contains("\r\nRange: bytes=0-" + (SIZE - 1) + "\r\n").contains("\r\nX-Queue: 1.0\r\n");
        assertThat(requests.get(1)).contains("\r\nX-Queued: ID=5f0a\r\n");
        List<Long> times = scripted.requestTimes();
        assertThat(times.get(1) - times.get(0)).as("waited pollMin").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void learnsSourcesFromXAlt() throws IOException {
        LoopbackPeer real = new LoopbackPeer("gnutella");
        try {
            real.share(content.path(), content.withoutTth());
            real.listen();
            startFrom((n, head) -> ("HTTP/1.1 503 Busy\r\nX-Alt: 127.0.0.1:" + real.address().getPort()
                    + ", 10.0.0.300:1\r\nRetry-After: 600\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(LoopbackPeer.await(download::finished, TIMEOUT)).isTrue();
            assertThat(store.data()).isEqualTo(content.bytes());
            assertThat(download.sources()).hasSize(2);
            assertThat(downloader.endpoint.mesh().sample(content.id().sha1(), null, null))
                    .containsExactly(real.address());
        } finally {
            download.close();
            real.close();
        }
    }

    @Test
    void aStalledSourceGivesUpItsRangeToAnother() throws IOException {
        downloader.close();
        downloader = new LoopbackPeer("gnutella", HttpSettings.defaults().withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), PushRequester.NONE);
        LoopbackPeer fast = new LoopbackPeer("gnutella");
        try {
            fast.share(content.path(), content.withoutTth());
            fast.listen();
            // Sends the head and 10 KiB of its range, then nothing more while keeping the connection open.
            startFrom((n, head) -> {
                byte[] answer = ScriptedUploader.rangeAnswer(head, content.bytes());
                int headLength = new String(answer, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
                return java.util.Arrays.copyOf(answer, headLength + 10 * 1024);
            });
            download.addSources(List.of(HttpSource.direct(fast.address())));

            assertThat(LoopbackPeer.await(download::finished, TIMEOUT)).as("%s", download.sources()).isTrue();
            assertThat(store.data()).isEqualTo(content.bytes());
            HttpDownload.SourceReport stalled = download.sources().get(0);
            assertThat(stalled.reason()).isEqualTo("stalled: nothing for PT1S");
            assertThat(stalled.bytes()).isLessThanOrEqualTo(10 * 1024);
            assertThat(download.sources().get(1).bytes()).isGreaterThanOrEqualTo(SIZE - 10 * 1024);
        } finally {
            download.close();
            fast.close();
        }
    }

    private void startFrom(ScriptedUploader.Script script) throws IOException {
        scripted = new ScriptedUploader(script);
        store = downloader.context.store().addTransfer(TransferId.random(), SIZE);
        sink = downloader.context.newDownloadSink();
        download = downloader.endpoint.download(new DownloadRequest(store.transfer(), content.withoutTth(), store,
                List.of("127.0.0.1:" + scripted.address().getPort()), List.of(), null), sink);
    }

    private void assertDropped(String reason) {
        assertThat(LoopbackPeer.await(() -> download.sources().get(0).state().equals("GONE"), TIMEOUT))
                .as("dropped: %s", download.sources()).isTrue();
        assertThat(download.sources().get(0).reason()).isEqualTo(reason);
        assertThat(store.bytesWritten()).isZero();
        assertThat(scripted.connections()).isEqualTo(1);
        assertThat(sink.failure()).as("the download waits for other sources").isEmpty();
        assertThat(download.sourceCount().known()).isZero();
    }
}
