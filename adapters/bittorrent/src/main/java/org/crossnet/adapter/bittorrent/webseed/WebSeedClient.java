package org.crossnet.adapter.bittorrent.webseed;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossnet.adapter.bittorrent.http.BoundedBody;

/**
 * Ranged HTTP GETs against web seeds (BEP 19), on the JDK {@link HttpClient} (names resolved, TLS negotiated and
 * redirects followed off the event loops; callbacks on the blocking executor). A body is taken only when it is
 * exactly the range asked for: a {@code 206} whose {@code Content-Range} names it, or a {@code 200} for a range that
 * is the whole file; anything longer is cut off as it streams in. One per adapter; thread-safe.
 */
public final class WebSeedClient implements AutoCloseable {
    private static final String USER_AGENT = "Crossnet/0.1";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Executor executor;
    private final Duration timeout;
    /** Made on first use: its selector thread should exist only while some torrent has web seeds. */
    private HttpClient http;
    private boolean closed;

    public WebSeedClient(Executor executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (closed) {
            throw new WebSeedException(WebSeedException.Kind.PERMANENT, "web seed client: closed (expected: open)");
        }
        if (http == null) {
            http = HttpClient.newBuilder().executor(executor).connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
        }
        return http;
    }

    /**
     * The bytes of {@code ranges}, fetched one after the other and concatenated; fails with a
     * {@link WebSeedException} on the first range that fails. Cancelling the future aborts the exchange.
     */
    public CompletableFuture<byte[]> fetch(List<WebSeedUrls.Range> ranges) {
        int total = 0;
        for (WebSeedUrls.Range r : ranges) {
            total += r.length();
        }
        byte[] out = new byte[total];
        CompletableFuture<Integer> chain = CompletableFuture.completedFuture(0);
        for (WebSeedUrls.Range r : ranges) {
            chain = chain.thenCompose(at -> get(r).thenApply(body -> {
                System.arraycopy(body, 0, out, at, body.length);
                return at + body.length;
            }));
        }
        return chain.thenApply(n -> out);
    }

    /**
     * One range: {@code GET uri} with {@code Range: bytes=offset-last} (RFC 9110 §14.2, last byte inclusive).
     */
    CompletableFuture<byte[]> get(WebSeedUrls.Range range) {
        long last = range.offset() + range.length() - 1;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(range.uri()).GET().timeout(timeout).header("User-Agent", USER_AGENT)
                    .header("Range", "bytes=" + range.offset() + "-" + last).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new WebSeedException(WebSeedException.Kind.PERMANENT,
                    "url: " + range.uri() + " (expected: an http or https URL)", -1, e));
        }
        HttpClient client;
        try {
            client = http();
        } catch (WebSeedException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request, info -> {
            int status = info.statusCode();
            if (status != 206 && status != 200) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            return new BoundedBody(range.length(), range.length(), () -> new WebSeedException(
                    WebSeedException.Kind.PERMANENT, "body: over " + range.length() + " bytes (expected: exactly the "
                    + range.length() + " asked for)"));
        });
        CompletableFuture<byte[]> result = sent.handle((response, error) -> {
            if (error != null) {
                throw new CompletionException(translate(range, error));
            }
            return check(range, response);
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private static byte[] check(WebSeedUrls.Range range, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String where = range.uri() + " bytes " + range.offset() + "+" + range.length();
        if (status == 206) {
            String header = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(header);
            if (!m.matches() || Long.parseLong(m.group(1)) != range.offset()
                    || Long.parseLong(m.group(2)) != range.offset() + range.length() - 1) {
                throw new WebSeedException(WebSeedException.Kind.PERMANENT, "Content-Range: '" + header + "' for "
                        + where + " (expected: bytes " + range.offset() + "-"
                        + (range.offset() + range.length() - 1) + "/…)");
            }
        } else if (status == 200) {
            // A server that ignores Range answers with the whole file: usable only when that is the range.
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (range.offset() != 0 || length != range.length()) {
                throw new WebSeedException(WebSeedException.Kind.PERMANENT, "HTTP status: 200 with Content-Length "
                        + length + " for " + where + " (expected: 206, the server does not serve ranges)");
            }
        } else {
            boolean retry = status == 429 || status == 408 || status >= 500;
            long after = response.headers().firstValue("Retry-After").map(WebSeedClient::seconds).orElse(-1L);
            throw new WebSeedException(retry ? WebSeedException.Kind.TRANSIENT : WebSeedException.Kind.PERMANENT,
                    "HTTP status: " + status + " for " + where + " (expected: 206)", after, null);
        }
        byte[] body = response.body();
        if (body == null || body.length != range.length()) {
            throw new WebSeedException(WebSeedException.Kind.TRANSIENT, "body: " + (body == null ? 0 : body.length)
                    + " bytes for " + where + " (expected: " + range.length() + ")");
        }
        return body;
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: fall back to our own backoff
        }
    }

    private static WebSeedException translate(WebSeedUrls.Range range, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSeedException e) {
            return e;
        }
        String what = cause instanceof HttpTimeoutException ? "no answer in time"
                : cause instanceof ConnectException ? "connection failed" : cause.getClass().getSimpleName();
        return new WebSeedException(WebSeedException.Kind.TRANSIENT, "web seed " + range.uri() + ": " + what
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), -1, cause);
    }

    /** Refuses further fetches. Java 17's HttpClient has no close(); its selector thread ends once unreachable. */
    @Override
    public synchronized void close() {
        closed = true;
        http = null;
    }
}
