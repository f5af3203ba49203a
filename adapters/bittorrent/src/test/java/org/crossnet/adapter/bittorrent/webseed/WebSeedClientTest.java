package org.crossnet.adapter.bittorrent.webseed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.bittorrent.support.RangeServer;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ranged GETs against a scripted HTTP server on 127.0.0.1: what is taken, what is refused and how. */
class WebSeedClientTest {
    private final byte[] data = TestTorrents.data(10_000, 3);
    private final RangeServer server = new RangeServer().file("/f.bin", data);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final WebSeedClient client = new WebSeedClient(executor, Duration.ofSeconds(5));

    @AfterEach
    void tearDown() {
        server.close();
        executor.shutdownNow();
    }

    private WebSeedUrls.Range range(long offset, int length) {
        return new WebSeedUrls.Range(URI.create(server.url("/f.bin")), offset, length);
    }

    private WebSeedException failure(List<WebSeedUrls.Range> ranges) {
        try {
            client.fetch(ranges).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            assertThat(cause).isInstanceOf(WebSeedException.class);
            return (WebSeedException) cause;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("fetch succeeded (expected: a failure)");
    }

    @Test
    void fetchesRangesInOrderAndConcatenatesThem() throws Exception {
        byte[] got = client.fetch(List.of(range(100, 900), range(5000, 10), range(0, 1))).get(10, TimeUnit.SECONDS);
        byte[] expected = new byte[911];
        System.arraycopy(data, 100, expected, 0, 900);
        System.arraycopy(data, 5000, expected, 900, 10);
        expected[910] = data[0];
        assertThat(got).isEqualTo(expected);
        assertThat(server.requests).containsExactly("/f.bin bytes=100-999", "/f.bin bytes=5000-5009",
                "/f.bin bytes=0-0");
    }

    @Test
    void aWholeFileAnsweredWith200IsTakenOnlyWhenItIsTheRange() throws Exception {
        server.ignoreRange = true;
        assertThat(client.fetch(List.of(range(0, data.length))).get(10, TimeUnit.SECONDS)).isEqualTo(data);
        WebSeedException e = failure(List.of(range(0, 4096)));
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.PERMANENT);
        assertThat(e.getMessage()).startsWith("body: over 4096 bytes");
        e = failure(List.of(range(4096, 4096)));
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.PERMANENT);
    }

    @Test
    void errorStatusesAreTransientOrPermanentWithRetryAfter() {
        server.failNext(1, 503, "7");
        WebSeedException e = failure(List.of(range(0, 10)));
        assertThat(e.kind()).isEqualTo(WebSeedException.Kind.TRANSIENT);
        assertThat(e.retryAfterSeconds()).isEqualTo(7);
        assertThat(e.getMessage()).isEqualTo("HTTP status: 503 for " + server.url("/f.bin")
                + " bytes 0+10 (expected: 206)");
        WebSeedException missing = failure(List.of(new WebSeedUrls.Range(URI.create(server.url("/nope")), 0, 10)));
        assertThat(missing.kind()).isEqualTo(WebSeedException.Kind.PERMANENT);
        assertThat(missing.retryAfterSeconds()).isEqualTo(-1);
    }

    @Test
    void aRangeBeyondTheFileEndIsAShortBodyAndConnectionFailuresAreTransient() {
        WebSeedException shortBody = failure(List.of(range(9990, 20)));
        assertThat(shortBody.getMessage()).contains("Content-Range: 'bytes 9990-9999/10000'");
        WebSeedException refused = failure(List.of(new WebSeedUrls.Range(URI.create("http://127.0.0.1:9/x"), 0, 1)));
        assertThat(refused.kind()).isEqualTo(WebSeedException.Kind.TRANSIENT);
        assertThat(refused.getMessage()).startsWith("web seed http://127.0.0.1:9/x: connection failed");
    }
}
