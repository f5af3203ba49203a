package org.crossnet.adapter.bittorrent.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web seed for tests: a JDK HttpServer on 127.0.0.1 serving files from memory with single byte ranges (RFC 9110:
 * {@code Range: bytes=a-b} → 206 with {@code Content-Range}), and faults to script: ignore ranges, corrupt a file's
 * bytes, answer the next requests with an error status. Records every request as "path range".
 */
public final class RangeServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public volatile boolean ignoreRange;
    public volatile boolean corrupt;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus;
    private volatile String retryAfter;

    public RangeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code data} at {@code path} (raw, percent-encoded as a client sends it, e.g. "/seed/a%20b.bin"). */
    public RangeServer file(String path, byte[] data) {
        files.put(path, data);
        return this;
    }

    /** Answers the next {@code n} requests with {@code status} (and a Retry-After when not null). */
    public void failNext(int n, int status, String retryAfterValue) {
        failStatus = status;
        retryAfter = retryAfterValue;
        failures.set(n);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(path + " " + range);
        try (exchange) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(failStatus, -1);
                return;
            }
            byte[] data = files.get(path);
            if (data == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            int to = data.length - 1;
            int status = 200;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && !ignoreRange) {
                from = Integer.parseInt(m.group(1));
                to = Math.min(data.length - 1, Integer.parseInt(m.group(2)));
                if (from > to) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + data.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
            }
            byte[] body = java.util.Arrays.copyOfRange(data, from, to + 1);
            if (corrupt) {
                for (int i = 0; i < body.length; i += 1000) {
                    body[i] ^= 0x55;
                }
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client hung up (a body longer than it asked for)
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
