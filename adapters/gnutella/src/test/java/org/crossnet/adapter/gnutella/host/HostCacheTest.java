package org.crossnet.adapter.gnutella.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.junit.jupiter.api.Test;

/** The host cache (ordering, back-off, changes for the store) and the GWebCache client. */
class HostCacheTest {
    private static final HostPort A = HostPort.parse("10.0.0.1:6346");
    private static final HostPort B = HostPort.parse("10.0.0.2:6346");
    private static final HostPort C = HostPort.parse("10.0.0.3:6346");

    @Test
    void ultrapeersAndFreshHostsFirstFailuresBackOff() {
        HostCache cache = new HostCache(10);
        cache.add(A, false, 1000);
        cache.add(B, true, 500);
        cache.add(C, true, 900);
        assertThat(cache.candidates(3, Set.of(), 2000)).containsExactly(C, B, A);
        cache.failed(C, 2000);
        assertThat(cache.candidates(3, Set.of(), 2001)).containsExactly(B, A);
        assertThat(cache.candidates(3, Set.of(), 2000 + 30_000)).as("after the back-off").containsExactly(C, B, A);
        assertThat(cache.candidates(3, Set.of(B), 40_000)).doesNotContain(B);
        assertThat(cache.ultrapeers(5, Set.of())).containsExactly(B);
    }

    @Test
    void evictsTheOldestWhenFull() {
        HostCache cache = new HostCache(2);
        cache.add(A, true, 1);
        cache.add(B, true, 2);
        cache.add(C, true, 3);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.candidates(5, Set.of(), 10)).containsExactly(C, B);
    }

    @Test
    void tracksChangesForTheStoreAndRestoresWithoutOverwritingNewerState() {
        HostCache cache = new HostCache(10);
        cache.add(A, true, 123);
        cache.connected(B, false, 456);
        cache.failed(A, 500);

        HostCache.Changes changes = cache.takeChanges();
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.saved()).containsExactly(
                new KnownHost(new PeerAddress("10.0.0.1", 6346), "ultrapeer", Instant.ofEpochMilli(123), null, 1,
                        Map.of()),
                new KnownHost(new PeerAddress("10.0.0.2", 6346), "leaf", Instant.ofEpochMilli(456),
                        Instant.ofEpochMilli(456), 0, Map.of()));
        assertThat(cache.takeChanges().isEmpty()).as("taken").isTrue();

        cache.remove(B);
        cache.add(C, true, 600);
        HostCache.Changes second = cache.takeChanges();
        assertThat(second.removed()).containsExactly(new PeerAddress("10.0.0.2", 6346));
        cache.restoreChanges(second);
        assertThat(cache.takeChanges()).as("a failed write is retried").isEqualTo(second);

        // the store's copy of A is older than what the cache learnt since start: the cache keeps its own
        int added = cache.restore(List.of(
                new KnownHost(new PeerAddress("10.0.0.1", 6346), "leaf", Instant.ofEpochMilli(1), null, 0, Map.of()),
                new KnownHost(new PeerAddress("10.0.0.9", 6346), "ultrapeer", Instant.ofEpochMilli(50),
                        Instant.ofEpochMilli(40), 2, Map.of())));
        assertThat(added).isEqualTo(1);
        assertThat(cache.takeChanges().isEmpty()).as("restored hosts are not changes").isTrue();
        assertThat(cache.snapshot()).extracting(k -> k.address().host()).containsExactly("10.0.0.1", "10.0.0.3",
                "10.0.0.9");
        assertThat(cache.snapshot().get(0).failures()).isEqualTo(1);
    }

    @Test
    void restoreStopsAtTheCapacity() {
        HostCache cache = new HostCache(2);
        List<KnownHost> stored = List.of(
                KnownHost.seen(new PeerAddress("10.0.0.1", 1), "ultrapeer", Instant.ofEpochMilli(3)),
                KnownHost.seen(new PeerAddress("10.0.0.2", 1), "ultrapeer", Instant.ofEpochMilli(2)),
                KnownHost.seen(new PeerAddress("10.0.0.3", 1), "ultrapeer", Instant.ofEpochMilli(1)));
        assertThat(cache.restore(stored)).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void hostPortParsing() {
        assertThat(HostPort.parse(" 1.2.3.4:6346 ")).isEqualTo(new HostPort("1.2.3.4", 6346));
        assertThat(HostPort.parse("host.example:1").isLiteral()).isFalse();
        assertThatThrownBy(() -> HostPort.parse("1.2.3.4")).hasMessage("address: 1.2.3.4 (expected: host:port)");
        assertThatThrownBy(() -> HostPort.parse("1.2.3.4:x"))
                .hasMessage("address: 1.2.3.4:x (expected: host:port with a numeric port)");
        assertThat(HostPort.tryParse("1.2.3.4:0")).isNull();
    }

    @Test
    void parsesGWebCacheAnswers() {
        String v2 = "I|pong|SomeCache 1.0\nH|1.2.3.4:6346|3600\nH|5.6.7.8:6347\nU|http://other.cache/|100\nH|bad\n";
        assertThat(GWebCacheClient.parse(v2)).containsExactly(HostPort.parse("1.2.3.4:6346"),
                HostPort.parse("5.6.7.8:6347"));
        assertThat(GWebCacheClient.parse("9.9.9.9:6346\r\nERROR\r\nhost.name:1\r\n"))
                .containsExactly(HostPort.parse("9.9.9.9:6346"));
    }

    @Test
    void asksALocalGWebCache() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> query = new AtomicReference<>();
        server.createContext("/gwc", exchange -> {
            query.set(exchange.getRequestURI().getQuery());
            byte[] body = "H|10.1.2.3:6346|100\n".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gwc";
            assertThat(new GWebCacheClient(2000, "0.1").hosts(url)).containsExactly(HostPort.parse("10.1.2.3:6346"));
            assertThat(query.get()).contains("get=1").contains("net=gnutella");
            assertThatThrownBy(() -> new GWebCacheClient(2000, "0.1").hosts(url.replace("/gwc", "/missing")))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
        } finally {
            server.stop(0);
        }
    }
}
