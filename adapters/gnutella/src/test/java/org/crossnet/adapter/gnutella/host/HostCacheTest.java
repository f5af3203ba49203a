package org.crossnet.adapter.gnutella.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host cache (ordering, back-off, file) and the GWebCache client. */
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
    void savesAndLoadsSkippingMalformedLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(HostCache.FILE);
        HostCache cache = new HostCache(10);
        cache.add(A, true, 123);
        cache.add(B, false, 456);
        cache.save(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("10.0.0.1:6346 U 123 0", "10.0.0.2:6346 L 456 0");
        Files.writeString(file, "# comment\nnot a host line\n10.0.0.9:99999 U 1 0\n10.0.0.3:6346 X 1 0\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        HostCache loaded = new HostCache(10);
        loaded.load(file);
        assertThat(loaded.candidates(10, Set.of(), 1000)).containsExactly(A, B);
        new HostCache(10).load(dir.resolve("missing.txt"));
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
