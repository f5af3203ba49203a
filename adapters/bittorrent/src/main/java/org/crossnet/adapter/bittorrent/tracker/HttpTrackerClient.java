package org.crossnet.adapter.bittorrent.tracker;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.crossnet.adapter.bittorrent.http.BoundedBody;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * An HTTP(S) tracker (BEP 3). Runs on the JDK {@link HttpClient}, whose callbacks run on the gateway's blocking
 * executor: unlike a Netty bootstrap (whose default resolver calls {@code InetAddress.getByName} on the event loop),
 * it resolves names, negotiates TLS and follows redirects without ever blocking an event loop. Bodies are capped
 * while they stream in, before the whole body is buffered.
 *
 * <p>Thread-safe. The tracker id a tracker hands out is echoed in later announces.
 */
final class HttpTrackerClient implements TrackerClient {
    private static final String USER_AGENT = "Crossnet/0.1";

    private final String url;
    private final HttpClient http;
    private final TrackerClients.Settings settings;
    private final int key;
    private final BencodeDecoder decoder;
    private final Consumer<TrackerClient> onClose;
    private volatile Bytes trackerId;
    private volatile boolean closed;

    HttpTrackerClient(String url, HttpClient http, TrackerClients.Settings settings, int key,
                      Consumer<TrackerClient> onClose) {
        this.url = url;
        this.http = http;
        this.settings = settings;
        this.key = key;
        this.onClose = onClose;
        this.decoder = new BencodeDecoder(new BencodeDecoder.Limits(32, settings.maxResponseBytes(),
                settings.maxResponseBytes()));
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
        URI uri;
        try {
            uri = HttpTrackerCodec.announceUri(url, request, key, trackerId);
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(e);
        }
        return get(uri, body -> {
            HttpTrackerCodec.Reply reply = HttpTrackerCodec.parseAnnounce(body, decoder);
            if (reply.trackerId() != null) {
                trackerId = reply.trackerId();
            }
            return reply.response();
        });
    }

    @Override
    public CompletableFuture<Map<InfoHash, ScrapeResult>> scrape(List<InfoHash> hashes) {
        if (hashes.isEmpty()) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED,
                    "hashes: 0 (expected: at least one info-hash)"));
        }
        URI uri;
        try {
            uri = HttpTrackerCodec.scrapeUri(url, hashes);
        } catch (TrackerException e) {
            return CompletableFuture.failedFuture(e);
        }
        return get(uri, body -> HttpTrackerCodec.parseScrape(body, decoder));
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
    }

    private <T> CompletableFuture<T> get(URI uri, Function<byte[], T> parser) {
        if (closed) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.CLOSED,
                    "tracker client: closed (expected: an open client)"));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(settings.httpTimeout())
                .header("User-Agent", USER_AGENT).build();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, info -> new BoundedBody(Math.min(1024, settings.maxResponseBytes()),
                    settings.maxResponseBytes(), () -> new TrackerException(TrackerException.Kind.PROTOCOL,
                    "response: over " + settings.maxResponseBytes() + " bytes (expected: at most "
                    + settings.maxResponseBytes() + " bytes)")));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED,
                    "url: " + url + " (expected: an http or https URL)", e));
        }
        CompletableFuture<T> result = sent.handle((response, error) -> {
            if (error != null) {
                throw new CompletionException(translate(error));
            }
            byte[] body = response.body();
            if (response.statusCode() != 200) {
                // some trackers send a failure reason with an error status
                try {
                    parser.apply(body);
                } catch (TrackerException e) {
                    if (e.kind() == TrackerException.Kind.REJECTED) {
                        throw e;
                    }
                }
                throw new TrackerException(TrackerException.Kind.PROTOCOL, "HTTP status: "
                        + response.statusCode() + " (expected: 200)");
            }
            return parser.apply(body);
        });
        // a caller's cancel or timeout aborts the exchange
        result.whenComplete((value, error) -> {
            if (result.isCancelled() || error != null) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private static TrackerException translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TrackerException e) {
            return e;
        }
        if (cause instanceof HttpTimeoutException) {
            return new TrackerException(TrackerException.Kind.TIMEOUT, "tracker: no answer in time ("
                    + cause.getMessage() + ")", cause);
        }
        if (cause instanceof ConnectException) {
            return new TrackerException(TrackerException.Kind.NETWORK, "tracker: connection failed"
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        }
        return new TrackerException(TrackerException.Kind.NETWORK, "tracker: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }
}
