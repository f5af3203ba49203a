package org.crossnet.adapter.gnutella.http;

import java.time.Duration;

/**
 * Limits and timings of Gnutella HTTP transfers; validated on construction.
 *
 * @param uploadSlots        uploads served at once (1..1000)
 * @param queueLength        requests waiting for a slot beyond which a 503 "Queue full" is answered (0..10000)
 * @param pollMin            a queued client must not re-request earlier (announced as X-Queue pollMin)
 * @param pollMax            a queued client that does not re-request within this loses its place
 * @param userAgent          our Server and User-Agent header value
 * @param maxHeaderBytes     request or response head size above which the peer is refused (1 KiB..1 MiB)
 * @param keepAlive          an idle keep-alive upload connection is closed after this
 * @param connectTimeout     TCP connect timeout for downloads and GIV call-backs
 * @param responseTimeout    a download connection without any response byte for this long is dropped
 * @param pushTimeout        how long a download waits for the GIV after asking for a PUSH
 * @param maxSourcesPerDownload connections one download keeps open at once (1..64)
 * @param requestBytes       largest range asked for in one request; a multiple of {@link #PIECE_SIZE}
 * @param maxThexBytes       largest THEX answer accepted (and served)
 */
public record HttpSettings(int uploadSlots, int queueLength, Duration pollMin, Duration pollMax, String userAgent,
                           int maxHeaderBytes, Duration keepAlive, Duration connectTimeout, Duration responseTimeout,
                           Duration pushTimeout, int maxSourcesPerDownload, int requestBytes, int maxThexBytes) {
    /** The unit downloads are split into, requested and tracked by: 64 KiB (four 16 KiB store blocks). */
    public static final int PIECE_SIZE = 64 * 1024;

    public HttpSettings {
        range("uploadSlots", uploadSlots, 1, 1000);
        range("queueLength", queueLength, 0, 10_000);
        positive("pollMin", pollMin);
        positive("pollMax", pollMax);
        if (pollMax.compareTo(pollMin) < 0) {
            throw new IllegalArgumentException("pollMax: " + pollMax + " (expected: >= pollMin " + pollMin + ")");
        }
        if (userAgent == null || userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("userAgent: " + userAgent + " (expected: printable ASCII)");
        }
        range("maxHeaderBytes", maxHeaderBytes, 1024, 1 << 20);
        positive("keepAlive", keepAlive);
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        positive("pushTimeout", pushTimeout);
        range("maxSourcesPerDownload", maxSourcesPerDownload, 1, 64);
        range("requestBytes", requestBytes, PIECE_SIZE, 64 << 20);
        if (requestBytes % PIECE_SIZE != 0) {
            throw new IllegalArgumentException("requestBytes: " + requestBytes + " (expected: a multiple of "
                    + PIECE_SIZE + ")");
        }
        range("maxThexBytes", maxThexBytes, 4096, 16 << 20);
    }

    /**
     * Defaults: 4 slots, a queue of 32, polls between 45 and 120 s (LimeWire's values), 16 KiB heads, 60 s
     * keep-alive, 10 s connect, 30 s response and push timeouts, 8 sources, 4 MiB requests, 1 MiB THEX.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(4, 32, Duration.ofSeconds(45), Duration.ofSeconds(120), "Crossnet/0.1", 16 * 1024,
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 8,
                4 << 20, 1 << 20);
    }

    /** A copy with other upload limits. */
    public HttpSettings withUploads(int slots, int queue, Duration min, Duration max) {
        return new HttpSettings(slots, queue, min, max, userAgent, maxHeaderBytes, keepAlive, connectTimeout,
                responseTimeout, pushTimeout, maxSourcesPerDownload, requestBytes, maxThexBytes);
    }

    /** A copy with other download timings. */
    public HttpSettings withTimeouts(Duration connect, Duration response, Duration push) {
        return new HttpSettings(uploadSlots, queueLength, pollMin, pollMax, userAgent, maxHeaderBytes, keepAlive,
                connect, response, push, maxSourcesPerDownload, requestBytes, maxThexBytes);
    }

    /** A copy with another request size. */
    public HttpSettings withRequestBytes(int bytes) {
        return new HttpSettings(uploadSlots, queueLength, pollMin, pollMax, userAgent, maxHeaderBytes, keepAlive,
                connectTimeout, responseTimeout, pushTimeout, maxSourcesPerDownload, bytes, maxThexBytes);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: a positive duration)");
        }
    }
}
