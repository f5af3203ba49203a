package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One whole gateway started in this JVM on a free port of 127.0.0.1, over a {@link GatewayFixture} plus overrides,
 * with a client for each API. For tests that need more than the shared context of {@link RunningGatewayTest}: two
 * gateways talking to each other, or network settings that must be known before the gateway starts.
 */
final class LiveGateway implements AutoCloseable {
    private final GatewayFixture fixture;
    private final ConfigurableApplicationContext context;

    private LiveGateway(GatewayFixture fixture, ConfigurableApplicationContext context) {
        this.fixture = fixture;
        this.context = context;
    }

    /** Starts a gateway with the fixture's properties, {@code overrides} on top, and the HTTP port picked freely. */
    static LiveGateway start(GatewayFixture fixture, Map<String, String> overrides) {
        Map<String, String> properties = fixture.properties();
        properties.putAll(overrides);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        return new LiveGateway(fixture,
                new SpringApplicationBuilder(CrossnetApplication.class).run(args.toArray(String[]::new)));
    }

    /**
     * Starts a gateway whose eDonkey index-server role listens on a port its own config names ({@code overrides}
     * gets a probed free port, see {@link #freeServerPort}). Another socket can take that port before the adapter
     * binds it (CI saw that race once in an adapter test); a gateway whose eDonkey network did not come up RUNNING is
     * closed and started again on a fresh port, up to five times. Returns the gateway and the port it got.
     */
    static Started startWithServerPort(GatewayFixture fixture, IntFunction<Map<String, String>> overrides) {
        String last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeServerPort();
            LiveGateway gateway = start(fixture, overrides.apply(port));
            JsonNode edonkey = Scenario.poll(() -> network(gateway.rest().networkList(), "edonkey"),
                    n -> !n.get("state").asString().equals("STARTING"), "edonkey started");
            if (edonkey.get("state").asString().equals("RUNNING")) {
                return new Started(gateway, port);
            }
            last = edonkey.toString();
            gateway.close();
        }
        throw new AssertionError("the eDonkey server role never started on a probed port: " + last);
    }

    /** A gateway and the eDonkey server-role port it listens on. */
    record Started(LiveGateway gateway, int serverPort) {
    }

    GatewayFixture fixture() {
        return fixture;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    String token() {
        return context.getBean(ApiToken.class).value();
    }

    RestOps rest() {
        return new RestOps(uri(""), token());
    }

    ApacheXmlRpc xmlrpc() {
        return new ApacheXmlRpc(uri("/xmlrpc"), token());
    }

    JaxWsOps soap() {
        return new JaxWsOps(uri("/soap/gateway"), token());
    }

    /** The entry of network {@code id} in a network list (any API's, in wire form). */
    /**
     * Waits, through REST, until share {@code shareId} is hashed; fails unless it is READY with {@code ed2k} as its
     * eD2k hash. Returns the share.
     */
    JsonNode awaitShareReady(String shareId, String ed2k) {
        RestOps rest = rest();
        JsonNode share = Scenario.poll(() -> rest.shareGet(shareId),
                s -> !s.get("state").asString().equals("HASHING"), "share " + shareId + " hashed");
        org.assertj.core.api.Assertions.assertThat(share.get("state").asString()).as("share %s", share)
                .isEqualTo("READY");
        org.assertj.core.api.Assertions.assertThat(share.get("content").get("ed2k").asString())
                .as("ed2k hash of share %s", shareId).isEqualTo(ed2k);
        return share;
    }

    /** Sleeps; an interrupt fails the test. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static JsonNode network(JsonNode networks, String id) {
        for (JsonNode n : networks) {
            if (n.get("id").asString().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no network " + id + " in " + networks);
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * A TCP port of 127.0.0.1 that was free a moment ago, for a network port that must be known before the gateway
     * starts (another gateway's config names it) while no API reports it. Another process could take it in between;
     * on a test machine that is rare enough, and the bind failure would name the port.
     */
    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An eD2k server-role port: TCP {@code p} and UDP {@code p + 4} (as eD2k servers pair them) both free a moment
     * ago.
     */
    static int freeServerPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freeTcpPort();
            if (port + 4 <= 65535 && udpFree(port + 4)) {
                return port;
            }
        }
        throw new IllegalStateException("no TCP port p with UDP p + 4 free on 127.0.0.1 in 50 attempts");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
