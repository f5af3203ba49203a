package org.crossnet.adapter.bittorrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTrackerClientTest {
    private static final InfoHash HASH = InfoHash.parse("00ff2e7e41207f8025263fc0aa7e5f2d9b1c3a4d");
    private static final Bytes PEER_ID = Bytes.of("-CN0001-000000000001".getBytes(StandardCharsets.US_ASCII));

    private HttpServer server;
    private EventLoopGroup group;
    private ExecutorService blocking;
    private TrackerClients clients;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] body;
    private volatile long delayMillis;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/announce", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client may hang up on an oversized or late answer
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        blocking = Executors.newFixedThreadPool(2);
        clients = new TrackerClients(group, blocking, new TrackerClients.Settings(Duration.ofMillis(500), 1024,
                Duration.ofSeconds(15), 8, Duration.ofMinutes(1)));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        clients.close();
        server.stop(0);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        blocking.shutdownNow();
    }

    @Test
    void prepareWarmsTlsOnTheBlockingExecutorAndStartsNoThread() {
        List<Runnable> tasks = new ArrayList<>();
        TrackerClients prepared = new TrackerClients(group, tasks::add);
        Set<String> before = threadNames();
        prepared.prepare();
        assertThat(tasks).as("handed to the blocking executor, not run on the caller's thread").hasSize(1);
        tasks.get(0).run();
        assertThat(threadNames()).as("no client (and no selector thread) before an HTTP tracker is used")
                .allMatch(n -> before.contains(n) || !n.startsWith("HttpClient"));
        prepared.close();
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    private TrackerClient client() {
        return clients.forUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/announce");
    }

    private static AnnounceRequest request() {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 0, 0, 5, AnnounceEvent.STARTED, 10);
    }

    @Test
    void announcesAndEchoesTheTrackerId() throws Exception {
        body = "d8:intervali60e5:peers6:\u007f\u0000\u0000\u0001\u0013\u008810:tracker id3:T-1e"
                .getBytes(StandardCharsets.ISO_8859_1);
        TrackerClient client = client();
        AnnounceResponse response = client.announce(request()).get(5, TimeUnit.SECONDS);
        assertThat(response.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 5000));
        client.announce(request()).get(5, TimeUnit.SECONDS);
        assertThat(queries.get(0)).startsWith("info_hash=%00%FF.~A%20%7F%80%25%26%3F%C0%AA~_-%9B%1C%3AM&peer_id=")
                .doesNotContain("trackerid=");
        assertThat(queries.get(1)).endsWith("&trackerid=T-1");
    }

    @Test
    void failsOnOversizedBody() {
        body = ("d8:intervali60e5:peers1200:" + "x".repeat(1200) + "e").getBytes(StandardCharsets.US_ASCII);
        assertFailure(TrackerException.Kind.PROTOCOL, "response: over 1024 bytes (expected: at most 1024 bytes)");
    }

    @Test
    void failsOnHttpErrorStatusButKeepsAFailureReason() {
        status = 404;
        body = "not here".getBytes(StandardCharsets.US_ASCII);
        assertFailure(TrackerException.Kind.PROTOCOL, "HTTP status: 404 (expected: 200)");
        status = 403;
        body = "d14:failure reason6:bannede".getBytes(StandardCharsets.US_ASCII);
        assertFailure(TrackerException.Kind.REJECTED, "banned");
    }

    @Test
    void timesOut() {
        delayMillis = 1500;
        body = "d8:intervali60ee".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> client().announce(request()).get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.TIMEOUT));
    }

    @Test
    void refusedConnectionIsANetworkFailure() {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThatThrownBy(() -> clients.forUrl("http://127.0.0.1:" + port + "/announce").announce(request())
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.NETWORK))
                .hasMessageStartingWith("tracker: connection failed");
    }

    private void assertFailure(TrackerException.Kind kind, String message) {
        assertThatThrownBy(() -> client().announce(request()).get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessage(message);
    }
}
