package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two real gateways in this JVM talk Gnutella to each other over 127.0.0.1: B runs as an ultrapeer and shares a
 * file through its REST API; A runs as a leaf bootstrapped from B's Gnutella port (read from B's network.list
 * detail). Through A's REST API a search finds the file with its SHA-1, a transfer from the hit downloads it
 * byte-identical over Gnutella HTTP, and the same hit reads alike through A's XML-RPC and SOAP APIs. The network
 * listings of all three APIs show the connection on both sides.
 */
@Timeout(90)
class GnutellaGatewayTest {
    private static final String NAME = "kingfisher-dawn-chorus.bin";
    private static final String KEYWORD = "kingfisher";
    private static final int SIZE = 3 * (1 << 20);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    @TempDir
    Path dir;

    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @AfterEach
    void stopGateways() {
        // the leaf first, so the ultrapeer does not log its leaf's connection loss during its own shutdown
        for (int i = gateways.size() - 1; i >= 0; i--) {
            gateways.get(i).close();
        }
    }

    @Test
    void aLeafFindsAndDownloadsAFileItsUltrapeerSharesThroughEveryApi() throws IOException {
        GatewayFixture fixtureB = GatewayFixture.in(Files.createDirectories(dir.resolve("b")));
        ConfigurableApplicationContext b = start(fixtureB, Map.of("crossnet.adapters.gnutella.role", "ultrapeer"));
        RestOps restB = rest(b);
        int gnutellaPortB = listeningPort(gnutella(restB.networkList()));

        byte[] data = new byte[SIZE];
        new Random(4_004L).nextBytes(data);
        String sha1 = IndependentHashes.sha1(data);
        Path file = fixtureB.shareRoot().resolve(NAME);
        Files.write(file, data);
        String shareId = restB.shareAdd(file.toString()).get(0).get("id").asString();
        JsonNode share = poll(() -> restB.shareGet(shareId), s -> !s.get("state").asString().equals("HASHING"),
                "share " + shareId + " hashed");
        assertThat(share.get("state").asString()).as("share %s", share).isEqualTo("READY");
        assertThat(share.get("content").get("sha1").asString()).isEqualTo(sha1);

        GatewayFixture fixtureA = GatewayFixture.in(Files.createDirectories(dir.resolve("a")));
        // long enough for the transfer to run before the search reports itself finished, short for the test
        ConfigurableApplicationContext a = start(fixtureA, Map.of("crossnet.adapters.gnutella.role", "leaf",
                "crossnet.adapters.gnutella.bootstrap-hosts", "127.0.0.1:" + gnutellaPortB,
                "crossnet.adapters.gnutella.search-duration", "5s"));
        RestOps restA = rest(a);
        // the leaf's query reaches B only once the handshake is done and B holds A's route table
        poll(() -> gnutella(restA.networkList()), n -> n.get("detail").asString().contains("leaf, 1 ultrapeer,"),
                "A connected to its ultrapeer");
        poll(() -> gnutella(restB.networkList()), n -> n.get("detail").asString().contains(" 1 leaf,"),
                "B holding its leaf");

        String searchId = restA.searchStart(KEYWORD).get("id").asString();
        JsonNode found = poll(() -> restA.searchResults(searchId), r -> gnutellaHit(r, sha1) != null,
                "a gnutella hit with SHA-1 " + sha1);
        JsonNode hit = gnutellaHit(found, sha1);
        assertThat(hit.get("name").asString()).isEqualTo(NAME);
        assertThat(hit.get("size").asLong()).isEqualTo(SIZE);
        assertThat(hit.get("sources").asInt()).isEqualTo(1);

        long started = System.nanoTime();
        String transferId = restA.transferAddHit(searchId, hit.get("index").asInt()).get("id").asString();
        JsonNode done = poll(() -> restA.transferGet(transferId),
                t -> Set.of("COMPLETED", "SEEDING", "FAILED").contains(t.get("state").asString()),
                "transfer " + transferId + " done");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(done.get("state").asString()).as("transfer %s", done).isIn("COMPLETED", "SEEDING");
        assertThat(done.get("bytesVerified").asLong()).isEqualTo(SIZE);
        assertThat(done.get("content").get("sha1").asString()).isEqualTo(sha1);
        // a finished transfer lists no sources any more; the bytes came over Gnutella because the hit was found on
        // gnutella alone and the scripted network's serve folder does not hold the file
        assertThat(hit.get("networks")).hasSize(1);
        try (var served = Files.list(fixtureA.serveDir())) {
            assertThat(served.map(p -> p.getFileName().toString())).doesNotContain(NAME);
        }
        Path downloaded = fixtureA.downloadDir().resolve(done.get("name").asString());
        assertThat(downloaded.getFileName().toString()).isEqualTo(NAME);
        assertThat(Files.readAllBytes(downloaded)).as("bytes downloaded over Gnutella").isEqualTo(data);
        System.out.printf("Gnutella e2e: leaf fetched %d bytes from its ultrapeer in %.2f s%n", SIZE, seconds);

        // once finished, the search no longer changes: the three APIs must render the same page
        JsonNode results = poll(() -> restA.searchResults(searchId),
                r -> !r.get("search").get("state").asString().equals("RUNNING"), "search " + searchId + " finished");
        assertThat(results.get("search").get("finished")).as("networks that finished")
                .anySatisfy(n -> assertThat(n.asString()).isEqualTo("gnutella"));
        ApacheXmlRpc xmlrpcA = new ApacheXmlRpc(uri(a, "/xmlrpc"), token(a));
        JaxWsOps soapA = new JaxWsOps(uri(a, "/soap/gateway"), token(a));
        JsonNode rest = Scenario.wireForm(results);
        JsonNode xmlrpc = Scenario.wireForm(xmlrpcA.call("search.results", searchId, 0, 50));
        JsonNode soap = Scenario.wireForm(soapA.searchResults(searchId));
        assertThat(gnutellaHit(xmlrpc, sha1)).as("the hit through XML-RPC").isEqualTo(gnutellaHit(rest, sha1));
        assertThat(gnutellaHit(soap, sha1)).as("the hit through SOAP").isEqualTo(gnutellaHit(rest, sha1));
        assertThat(xmlrpc).as("search.results through XML-RPC").isEqualTo(rest);
        assertThat(soap).as("search.results through SOAP").isEqualTo(rest);

        // every API lists the Gnutella network running with its connections in the status line
        for (JsonNode networks : List.of(restA.networkList(), xmlrpcA.call("network.list"), soapA.networkList())) {
            JsonNode gnutella = gnutella(Scenario.wireForm(networks));
            assertThat(gnutella.get("state").asString()).isEqualTo("RUNNING");
            assertThat(gnutella.get("enabled").asBoolean()).isTrue();
            assertThat(gnutella.get("detail").asString()).as("A's status line")
                    .startsWith("leaf, 1 ultrapeer, 0 leaves,");
        }
        JaxWsOps soapB = new JaxWsOps(uri(b, "/soap/gateway"), token(b));
        ApacheXmlRpc xmlrpcB = new ApacheXmlRpc(uri(b, "/xmlrpc"), token(b));
        for (JsonNode networks : List.of(restB.networkList(), xmlrpcB.call("network.list"), soapB.networkList())) {
            String detail = gnutella(Scenario.wireForm(networks)).get("detail").asString();
            assertThat(detail).as("B's status line").startsWith("ultrapeer, 0 ultrapeers, 1 leaf, 1 shared,")
                    .contains("listening on " + gnutellaPortB);
        }
    }

    /** The gnutella entry of a network list. */
    private static JsonNode gnutella(JsonNode networks) {
        for (JsonNode n : networks) {
            if (n.get("id").asString().equals("gnutella")) {
                return n;
            }
        }
        throw new AssertionError("no gnutella network in " + networks);
    }

    private static int listeningPort(JsonNode network) {
        String detail = network.get("detail").asString();
        Matcher m = LISTENING.matcher(detail);
        assertThat(m.find()).as("port in the gnutella status line %s", detail).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The hit found on gnutella with this SHA-1, or null. */
    private static JsonNode gnutellaHit(JsonNode results, String sha1) {
        for (JsonNode hit : results.get("hits")) {
            JsonNode content = hit.get("content");
            boolean onGnutella = false;
            for (JsonNode n : hit.get("networks")) {
                onGnutella |= n.asString().equals("gnutella");
            }
            if (onGnutella && content.has("sha1") && content.get("sha1").asString().equals(sha1)) {
                return hit;
            }
        }
        return null;
    }

    private ConfigurableApplicationContext start(GatewayFixture fixture, Map<String, String> overrides) {
        Map<String, String> properties = fixture.properties();
        properties.putAll(overrides);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(CrossnetApplication.class).run(args.toArray(String[]::new));
        gateways.add(context);
        return context;
    }

    private static URI uri(ConfigurableApplicationContext context, String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    private static String token(ConfigurableApplicationContext context) {
        return context.getBean(ApiToken.class).value();
    }

    private static RestOps rest(ConfigurableApplicationContext context) {
        return new RestOps(uri(context, ""), token(context));
    }

    private static JsonNode poll(Supplier<JsonNode> call, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode value = call.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; last: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
