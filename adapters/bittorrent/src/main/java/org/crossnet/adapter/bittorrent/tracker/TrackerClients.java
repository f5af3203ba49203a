package org.crossnet.adapter.bittorrent.tracker;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.crossnet.spi.model.InfoHash;

/**
 * Makes {@link TrackerClient}s by URL scheme: {@code http}/{@code https} (BEP 3, on the JDK HTTP client with the
 * blocking executor) and {@code udp} (BEP 15, one shared Netty datagram socket on {@code group}). Any other URL
 * yields a client whose futures fail with a {@link TrackerException.Kind#UNSUPPORTED} reason. One instance per
 * adapter; thread-safe. The announce {@code key} is random per instance, as BEP 3 intends (one per client session).
 */
public final class TrackerClients implements AutoCloseable {
    private final EventLoopGroup group;
    private final Executor blocking;
    private final Settings settings;
    private final Function<String, TrackerClient> factory;
    private final SecureRandom random = new SecureRandom();
    private final int key = random.nextInt();
    private final Set<TrackerClient> open = ConcurrentHashMap.newKeySet();
    private HttpClient http;
    private UdpTrackerTransport udp;
    private boolean closed;

    /**
     * Timeouts and limits.
     *
     * @param httpTimeout          connect and whole-request timeout of an HTTP tracker request
     * @param maxResponseBytes     largest HTTP tracker response body accepted
     * @param udpBaseTimeout       BEP 15's first retransmit timeout (15 s); the n-th waits {@code base·2^n}
     * @param udpMaxRetransmits    how many times a UDP request is sent again before failing (BEP 15: 8)
     * @param connectionIdLifetime how long a UDP connection id is reused (BEP 15: 1 minute)
     */
    public record Settings(Duration httpTimeout, int maxResponseBytes, Duration udpBaseTimeout,
                           int udpMaxRetransmits, Duration connectionIdLifetime) {
        /** BEP 15's retransmit schedule, 30 s HTTP timeout, 1 MiB responses. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), 1 << 20,
                Duration.ofSeconds(15), 8, Duration.ofMinutes(1));

        public Settings {
            requirePositive(httpTimeout, "httpTimeout");
            requirePositive(udpBaseTimeout, "udpBaseTimeout");
            requirePositive(connectionIdLifetime, "connectionIdLifetime");
            if (maxResponseBytes < 64) {
                throw new IllegalArgumentException("maxResponseBytes: " + maxResponseBytes + " (expected: >= 64)");
            }
            if (udpMaxRetransmits < 0 || udpMaxRetransmits > 8) {
                throw new IllegalArgumentException("udpMaxRetransmits: " + udpMaxRetransmits
                        + " (expected: 0..8)");
            }
        }

        private static void requirePositive(Duration value, String field) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: a positive duration)");
            }
        }
    }

    /** Clients with {@link Settings#DEFAULT}. */
    public TrackerClients(EventLoopGroup group, Executor blocking) {
        this(group, blocking, Settings.DEFAULT);
    }

    public TrackerClients(EventLoopGroup group, Executor blocking, Settings settings) {
        if (group == null) {
            throw new IllegalArgumentException("group: null (expected: an event loop group)");
        }
        if (blocking == null) {
            throw new IllegalArgumentException("blocking: null (expected: an executor for blocking work)");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings: null (expected: tracker client settings)");
        }
        this.group = group;
        this.blocking = blocking;
        this.settings = settings;
        this.factory = null;
    }

    /** Clients made by {@code factory}: lets tests drive a {@link TrackerSet} with scripted trackers. */
    TrackerClients(Function<String, TrackerClient> factory) {
        this.group = null;
        this.blocking = null;
        this.settings = Settings.DEFAULT;
        this.factory = factory;
    }

    /** A new client for {@code url}; the caller closes it (or this instance closes it on {@link #close()}). */
    public TrackerClient forUrl(String url) {
        if (factory != null) {
            return factory.apply(url);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return new Unsupported("url: " + url + " (expected: a valid http, https or udp tracker URL)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        synchronized (this) {
            if (closed) {
                return new Unsupported("tracker clients: closed (expected: open)");
            }
            TrackerClient client;
            if (scheme.equals("http") || scheme.equals("https")) {
                if (uri.getHost() == null) {
                    return new Unsupported("url: " + url + " (expected: " + scheme + "://host[:port]/path)");
                }
                client = new HttpTrackerClient(url, http(), settings, key, open::remove);
            } else if (scheme.equals("udp")) {
                if (uri.getHost() == null || uri.getPort() < 1) {
                    return new Unsupported("url: " + url + " (expected: udp://host:port[/path])");
                }
                client = new UdpTrackerClient(uri.getHost(), uri.getPort(), udp(), blocking, key, open::remove);
            } else {
                return new Unsupported("url: " + url + " (expected: an http, https or udp tracker URL)");
            }
            open.add(client);
            return client;
        }
    }

    /** Closes every client still open and the shared UDP socket. */
    @Override
    public void close() {
        UdpTrackerTransport transport;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            transport = udp;
            // Java 17's HttpClient has no close(); it releases its selector thread once unreachable
            http = null;
        }
        for (TrackerClient client : List.copyOf(open)) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    /**
     * Sets up the JDK's default TLS context now, on the blocking executor, so that the first announce does not wait
     * for it: the first HTTP client built in a JVM does that (the trust store parsed), 0.2 s of the 0.36 s a first
     * build took in a fresh JVM on this project's machine, which the first torrent added after a start paid inside
     * its add call. The client itself is still built on first use: Java 17's client has no close(), and its selector
     * thread would outlive the adapter until the client is garbage-collected.
     */
    public void prepare() {
        blocking.execute(() -> {
            try {
                javax.net.ssl.SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                // no TLS here: an https tracker fails with its own error when used
            }
        });
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().executor(blocking).connectTimeout(settings.httpTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
        }
        return http;
    }

    private UdpTrackerTransport udp() {
        if (udp == null) {
            udp = new UdpTrackerTransport(group, settings, random);
        }
        return udp;
    }

    /** A client for a URL we cannot serve: every call fails with the same precise reason. */
    private static final class Unsupported implements TrackerClient {
        private final String reason;

        Unsupported(String reason) {
            this.reason = reason;
        }

        @Override
        public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED, reason));
        }

        @Override
        public CompletableFuture<Map<InfoHash, ScrapeResult>> scrape(List<InfoHash> hashes) {
            return CompletableFuture.failedFuture(new TrackerException(TrackerException.Kind.UNSUPPORTED, reason));
        }

        @Override
        public String unsupportedReason() {
            return reason;
        }

        @Override
        public void close() {
            // holds nothing
        }
    }
}
