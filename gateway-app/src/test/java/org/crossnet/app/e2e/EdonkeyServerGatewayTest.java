package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The eD2k index-server role of a real gateway serving another: A runs with {@code server-enabled} and its own client
 * logged into that server (so A's shares are offered to it); B's client is configured with A's server alone, and
 * no Kad. A file shared on A through its share library is found by a keyword search on B restricted to network
 * {@code edonkey} — the same hit through REST, XML-RPC and SOAP — and a transfer from the hit (the source given by
 * A's server) fetches it byte-identical; a hit index out of range is refused alike through every API. A file unshared
 * on A must leave A's server index.
 *
 * <p>The server role answers a client's search that follows its previous one within 200 ms with an empty result
 * (as eserver throttles); the adapter's client spaces the searches it sends to one server by 500 ms, which
 * {@link #twoSearchesStartedTogetherBothFindTheFile} checks. The other tests leave {@link #SEARCH_SPACING} between
 * their searches all the same, so that each checks only what it names.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdonkeyServerGatewayTest {
    private static final String NAME = "osprey-dive-hydrophone.bin";
    private static final String KEYWORD = "osprey";
    private static final List<String> KEYWORDS = List.of(KEYWORD);
    private static final List<String> NETWORKS = List.of("edonkey");
    private static final Map<String, Object> XMLRPC_QUERY =
            Map.of("keywords", new Object[] {KEYWORD}, "networks", new Object[] {"edonkey"});
    /** Under one 9,728,000-byte ed2k part: the ed2k hash is the MD4 of the bytes. */
    private static final int SIZE = 4_000_001;
    /** More than the server role's 200 ms between two searches of one client. */
    private static final long SEARCH_SPACING = 300;

    @TempDir
    static Path dir;

    private static LiveGateway a;
    private static LiveGateway b;
    private static byte[] data;
    private static String ed2k;

    @BeforeAll
    static void startGatewaysAndShare() throws IOException {
        // the server role's port must be in B's config before B starts, and no API reports it
        LiveGateway.Started started = LiveGateway.startWithServerPort(
                GatewayFixture.in(Files.createDirectories(dir.resolve("a"))), port -> Map.of(
                        "crossnet.adapters.edonkey.server-enabled", "true",
                        "crossnet.adapters.edonkey.server-port", Integer.toString(port),
                        "crossnet.adapters.edonkey.server-name", "crossnet-e2e-a",
                        "crossnet.adapters.edonkey.servers", "127.0.0.1:" + port,
                        "crossnet.adapters.edonkey.nick", "gateway-a"));
        a = started.gateway();
        String server = "127.0.0.1:" + started.serverPort();
        b = LiveGateway.start(GatewayFixture.in(Files.createDirectories(dir.resolve("b"))), Map.of(
                "crossnet.adapters.edonkey.servers", server,
                "crossnet.adapters.edonkey.nick", "gateway-b"));

        data = new byte[SIZE];
        new Random(6_606L).nextBytes(data);
        ed2k = IndependentHashes.ed2k(data);
        Path file = a.fixture().shareRoot().resolve(NAME);
        Files.write(file, data);
        RestOps restA = a.rest();
        assertThat(LiveGateway.network(restA.networkList(), "edonkey").get("capabilities"))
                .as("A's edonkey capabilities").anySatisfy(c -> assertThat(c.asString()).isEqualTo("SERVER"));
        // share library through SOAP this time
        String shareId = a.soap().shareAdd(file.toString()).get(0).get("id").asString();
        a.awaitShareReady(shareId, ed2k);
        // both clients logged in, and A's client offered the file to A's server
        Scenario.poll(() -> LiveGateway.network(restA.networkList(), "edonkey"),
                n -> n.get("detail").asString().contains("1/1 servers, serving 2 users, 1 files"),
                "A's server with both clients and A's file");
        Scenario.poll(() -> LiveGateway.network(b.rest().networkList(), "edonkey"),
                n -> n.get("detail").asString().contains("1/1 servers"), "B logged into A's server");
    }

    @AfterAll
    static void stopGateways() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    @Order(1)
    void aFileSharedOnTheServerGatewayIsFoundThroughEveryApiOnTheOtherAndFetchedFromTheHit() throws IOException {
        // the same query through each API on B, one after the other; each is answered by A's server alone
        RestOps restB = b.rest();
        ApacheXmlRpc xmlrpcB = b.xmlrpc();
        JaxWsOps soapB = b.soap();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        LiveGateway.sleep(SEARCH_SPACING);
        String restSearch = restB.searchStart(KEYWORDS, NETWORKS).get("id").asString();
        results.put("REST", finished(() -> restB.searchResults(restSearch), restSearch));
        LiveGateway.sleep(SEARCH_SPACING);
        String xmlrpcSearch = xmlrpcB.call("search.start", XMLRPC_QUERY).get("id").asString();
        results.put("XML-RPC", finished(
                () -> Scenario.wireForm(xmlrpcB.call("search.results", xmlrpcSearch, 0, 50)), xmlrpcSearch));
        LiveGateway.sleep(SEARCH_SPACING);
        String soapSearch = soapB.searchStart(KEYWORDS, NETWORKS).get("id").asString();
        results.put("SOAP", finished(() -> Scenario.wireForm(soapB.searchResults(soapSearch)), soapSearch));

        JsonNode hit = null;
        for (Map.Entry<String, JsonNode> e : results.entrySet()) {
            JsonNode search = e.getValue().get("search");
            assertThat(search.get("state").asString()).isEqualTo("FINISHED");
            assertThat(search.get("finished")).as("networks of %s", search).hasSize(1);
            assertThat(search.get("finished").get(0).asString()).isEqualTo("edonkey");
            assertThat(e.getValue().get("hits")).as("hits of the search through %s: %s", e.getKey(), e.getValue())
                    .hasSize(1);
            if (hit == null) {
                hit = e.getValue().get("hits").get(0);
            }
            assertThat(e.getValue().get("hits").get(0)).as("the hit through %s", e.getKey()).isEqualTo(hit);
        }
        assertThat(hit.get("name").asString()).isEqualTo(NAME);
        assertThat(hit.get("size").asLong()).isEqualTo(SIZE);
        assertThat(hit.get("content").get("ed2k").asString()).as("ed2k hash of the hit").isEqualTo(ed2k);
        assertThat(hit.get("networks")).hasSize(1);
        assertThat(hit.get("networks").get(0).asString()).isEqualTo("edonkey");
        assertThat(hit.get("sources").asInt()).as("complete sources the server counts").isEqualTo(1);
        // the finished REST search reads the same through the other two APIs
        JsonNode rest = Scenario.wireForm(results.get("REST"));
        assertThat(Scenario.wireForm(xmlrpcB.call("search.results", restSearch, 0, 50))).isEqualTo(rest);
        assertThat(Scenario.wireForm(soapB.searchResults(restSearch))).isEqualTo(rest);

        // an index past the one hit is refused alike through every API
        String refusal = "100 INVALID_ARGUMENT: index: 1 (expected: 0..0 for search " + restSearch + ")";
        assertThat(ApiRefusals.rest(restB.send(restB.addHitRequest(restSearch, 1)), 400)).as("REST")
                .isEqualTo(refusal);
        assertThat(ApiRefusals.xmlrpc(xmlrpcB.fault("transfer.addHit", restSearch, 1))).as("XML-RPC")
                .isEqualTo(refusal);
        assertThat(ApiRefusals.soap(catchThrowableOfType(GatewayFault.class,
                () -> soapB.port().transferAddHit(restSearch, 1)))).as("SOAP").isEqualTo(refusal);

        // transfer.addHit: B asks A's server for sources and fetches from A
        long started = System.nanoTime();
        String id = restB.transferAddHit(restSearch, hit.get("index").asInt()).get("id").asString();
        JsonNode done = Scenario.poll(() -> restB.transferGet(id),
                t -> Set.of("COMPLETED", "SEEDING", "FAILED").contains(t.get("state").asString()),
                "transfer " + id + " done");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(done.get("state").asString()).as("transfer %s", done).isIn("COMPLETED", "SEEDING");
        assertThat(done.get("bytesVerified").asLong()).isEqualTo(SIZE);
        assertThat(done.get("content").get("ed2k").asString()).isEqualTo(ed2k);
        assertThat(withoutRates(Scenario.wireForm(soapB.transferGet(id)))).as("the transfer through SOAP")
                .isEqualTo(withoutRates(done));
        Path downloaded = b.fixture().downloadDir().resolve(done.get("name").asString());
        assertThat(downloaded.getFileName().toString()).isEqualTo(NAME);
        byte[] fetched = Files.readAllBytes(downloaded);
        assertThat(IndependentHashes.ed2k(fetched)).as("ed2k hash of B's file").isEqualTo(ed2k);
        assertThat(IndependentHashes.sha1(fetched)).isEqualTo(IndependentHashes.sha1(data));
        assertThat(fetched).as("bytes B fetched over eD2k").isEqualTo(data);
        System.out.printf("eDonkey server e2e: B found A's file through A's server and fetched %d bytes in %.2f s%n",
                SIZE, seconds);
    }

    /**
     * Two searches started at once on B (say by two API clients of one gateway): B's client queues the second and sends
     * it once the server has answered the first and the client's spacing has passed; sent within the server role's
     * 200 ms, it would get an empty answer (see the class comment).
     */
    @Test
    @Order(2)
    void twoSearchesStartedTogetherBothFindTheFile() {
        RestOps restB = b.rest();
        restB.gatewayInfo();
        LiveGateway.sleep(SEARCH_SPACING);
        String first = restB.searchStart(KEYWORDS, NETWORKS).get("id").asString();
        String second = restB.searchStart(KEYWORDS, NETWORKS).get("id").asString();
        JsonNode firstResults = finished(() -> restB.searchResults(first), first);
        JsonNode secondResults = finished(() -> restB.searchResults(second), second);
        assertThat(firstResults.get("hits")).as("hits of the first search: %s", firstResults).hasSize(1);
        assertThat(secondResults.get("hits")).as("hits of the second search, started with the first: %s",
                secondResults).hasSize(1);
    }

    /**
     * share.remove on A withdraws a file from A's eD2k client; A's own server role forgets it at once (eD2k has no
     * message to withdraw an offer, so a remote server would keep it until the client logs out), or B would keep finding
     * a file nobody shares. The file is one B never fetched (B shares
     * what it downloaded, and would rightly stay a source of that).
     */
    @Test
    @Order(3)
    void aFileUnsharedOnTheServerGatewayIsNoLongerFound() throws IOException {
        String name = "kestrel-hover-telemetry.bin";
        byte[] other = new byte[70_001];
        new Random(8_808L).nextBytes(other);
        Path file = a.fixture().shareRoot().resolve(name);
        Files.write(file, other);
        RestOps restA = a.rest();
        String shareId = restA.shareAdd(file.toString()).get(0).get("id").asString();
        Scenario.poll(() -> restA.shareGet(shareId), s -> s.get("state").asString().equals("READY"),
                "share " + shareId + " hashed");
        Scenario.poll(() -> LiveGateway.network(restA.networkList(), "edonkey"),
                n -> n.get("detail").asString().contains("serving 2 users, 2 files"), "A's server indexing " + name);
        RestOps restB = b.rest();
        assertThat(search(restB, "kestrel").get("hits")).as("B's search for the new share").hasSize(1);

        assertThat(restA.send(restA.request("/api/v1/shares/" + shareId).DELETE().build()).statusCode())
                .as("share.remove").isEqualTo(204);
        Scenario.poll(() -> LiveGateway.network(restA.networkList(), "edonkey"),
                n -> n.get("detail").asString().contains(" 1 shared,"), "A's eD2k client sharing one file again");
        long deadline = System.nanoTime() + Scenario.TIMEOUT.toNanos() / 3;
        JsonNode results;
        do {
            results = search(restB, "kestrel");
        } while (results.get("hits").size() > 0 && System.nanoTime() < deadline);
        assertThat(results.get("hits")).as("B's search after A unshared %s; A's edonkey: %s", name,
                LiveGateway.network(restA.networkList(), "edonkey").get("detail")).isEmpty();

        // shared again: A's client offers only files new since its login, so it must offer this one once more
        String again = restA.shareAdd(file.toString()).get(0).get("id").asString();
        Scenario.poll(() -> restA.shareGet(again), s -> s.get("state").asString().equals("READY"),
                "share " + again + " hashed");
        Scenario.poll(() -> LiveGateway.network(restA.networkList(), "edonkey"),
                n -> n.get("detail").asString().contains("serving 2 users, 2 files"), "A's server indexing it again");
        assertThat(search(restB, "kestrel").get("hits")).as("B's search after A shared %s again", name).hasSize(1);
    }

    /** A REST search on edonkey alone, after the spacing the server role needs; its finished results. */
    private static JsonNode search(RestOps rest, String keyword) {
        LiveGateway.sleep(SEARCH_SPACING);
        String id = rest.searchStart(List.of(keyword), NETWORKS).get("id").asString();
        return finished(() -> rest.searchResults(id), id);
    }

    private static JsonNode finished(Supplier<JsonNode> results, String id) {
        return Scenario.poll(results, r -> !r.get("search").get("state").asString().equals("RUNNING"),
                "search " + id + " finished");
    }

    private static JsonNode withoutRates(JsonNode transfer) {
        ObjectNode copy = (ObjectNode) transfer.deepCopy();
        copy.remove(List.of("downloadRate", "uploadRate"));
        return copy;
    }

}
