package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.crossnet.adapter.edonkey.EdonkeyAdapter;
import org.crossnet.adapter.edonkey.EdonkeyConfig;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kad through the gateway's APIs: gateways A and B run the eDonkey adapter with {@code kad-enabled} and no eD2k
 * server, both bootstrapping from a third Kad node C on 127.0.0.1. A file shared on A is published by A's Kad node
 * (keyword and source); a keyword search on B finds it — the same hit through REST, XML-RPC and SOAP — and a transfer
 * from the hit finds A through a Kad source search and fetches the file byte-identical.
 *
 * <p>Why a third node: a Kad node stores a keyword on the other nodes closest to it and never answers its own
 * searches from its own index, so with two nodes the keyword lands on the searcher itself and no search can find it.
 * C is the eDonkey adapter alone (in a test context, not a gateway): it only routes and stores what A publishes.
 */
@Timeout(90)
class EdonkeyKadGatewayTest {
    private static final String NAME = "heron-wingbeat-sonogram.bin";
    private static final String KEYWORD = "heron";
    /** Under one ed2k part. */
    private static final int SIZE = 3_000_017;
    private static final Duration FIND_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;

    private static TestAdapterContext contextC;
    private static EdonkeyAdapter c;
    private static LiveGateway a;
    private static LiveGateway b;

    @BeforeAll
    static void startNodes() throws IOException {
        contextC = new TestAdapterContext(new NetworkId("edonkey"));
        c = new EdonkeyAdapter(EdonkeyConfig.defaults().withAddress("127.0.0.1", 0, 0).withKad(true, List.of()),
                contextC);
        c.start();
        String bootstrap = "127.0.0.1:" + c.udpPort();
        a = LiveGateway.start(GatewayFixture.in(Files.createDirectories(dir.resolve("a"))), Map.of(
                "crossnet.adapters.edonkey.kad-enabled", "true",
                "crossnet.adapters.edonkey.kad-bootstrap", bootstrap,
                "crossnet.adapters.edonkey.nick", "gateway-a"));
        b = LiveGateway.start(GatewayFixture.in(Files.createDirectories(dir.resolve("b"))), Map.of(
                "crossnet.adapters.edonkey.kad-enabled", "true",
                "crossnet.adapters.edonkey.kad-bootstrap", bootstrap,
                "crossnet.adapters.edonkey.nick", "gateway-b"));
    }

    @AfterAll
    static void stopNodes() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (c != null) {
            c.close();
            contextC.markAdapterClosed();
        }
        if (contextC != null) {
            contextC.close();
        }
    }

    @Test
    void aFileSharedOnAIsFoundThroughKadOnBThroughEveryApiAndFetchedFromTheHit() throws IOException {
        for (LiveGateway g : List.of(a, b)) {
            JsonNode edonkey = LiveGateway.network(g.rest().networkList(), "edonkey");
            assertThat(edonkey.get("capabilities")).as("edonkey capabilities with kad-enabled")
                    .anySatisfy(cap -> assertThat(cap.asString()).isEqualTo("DHT"));
        }
        byte[] data = new byte[SIZE];
        new Random(7_707L).nextBytes(data);
        String ed2k = IndependentHashes.ed2k(data);
        Path file = a.fixture().shareRoot().resolve(NAME);
        Files.write(file, data);
        RestOps restA = a.rest();
        String shareId = restA.shareAdd(file.toString()).get(0).get("id").asString();
        a.awaitShareReady(shareId, ed2k);

        // no API says when A's keyword is stored on C: search on B until a search finds it (each runs ~10 s)
        RestOps restB = b.rest();
        List<String> keywords = List.of(KEYWORD);
        List<String> networks = List.of("edonkey");
        long started = System.nanoTime();
        String[] restSearch = new String[1];
        JsonNode restHit = findHit(() -> restB.searchStart(keywords, networks).get("id").asString(),
                id -> {
                    restSearch[0] = id;
                    return restB.searchResults(id);
                }, ed2k, started);
        double foundAfter = (System.nanoTime() - started) / 1e9;
        assertThat(restHit.get("name").asString()).isEqualTo(NAME);
        assertThat(restHit.get("size").asLong()).isEqualTo(SIZE);
        assertThat(restHit.get("networks")).hasSize(1);
        assertThat(restHit.get("networks").get(0).asString()).isEqualTo("edonkey");

        // the same query through XML-RPC and SOAP finds the same hit (its index is the place in its own search)
        ApacheXmlRpc xmlrpcB = b.xmlrpc();
        Map<String, Object> query = Map.of("keywords", new Object[] {KEYWORD}, "networks", new Object[] {"edonkey"});
        JsonNode xmlrpcHit = findHit(() -> xmlrpcB.call("search.start", query).get("id").asString(),
                id -> Scenario.wireForm(xmlrpcB.call("search.results", id, 0, 50)), ed2k, System.nanoTime());
        JaxWsOps soapB = b.soap();
        JsonNode soapHit = findHit(() -> soapB.searchStart(keywords, networks).get("id").asString(),
                id -> Scenario.wireForm(soapB.searchResults(id)), ed2k, System.nanoTime());
        assertThat(withoutIndex(xmlrpcHit)).as("the Kad hit through XML-RPC").isEqualTo(withoutIndex(restHit));
        assertThat(withoutIndex(soapHit)).as("the Kad hit through SOAP").isEqualTo(withoutIndex(restHit));

        // transfer.addHit: a Kad hit names no peer, so B must find A through a Kad source search
        long fetchStarted = System.nanoTime();
        String id = restB.transferAddHit(restSearch[0], restHit.get("index").asInt()).get("id").asString();
        JsonNode done = poll(() -> restB.transferGet(id),
                t -> Set.of("COMPLETED", "SEEDING", "FAILED").contains(t.get("state").asString()),
                "transfer " + id + " done", FIND_TIMEOUT);
        double fetchSeconds = (System.nanoTime() - fetchStarted) / 1e9;
        assertThat(done.get("state").asString()).as("transfer %s", done).isIn("COMPLETED", "SEEDING");
        assertThat(done.get("bytesVerified").asLong()).isEqualTo(SIZE);
        Path downloaded = b.fixture().downloadDir().resolve(done.get("name").asString());
        byte[] fetched = Files.readAllBytes(downloaded);
        assertThat(IndependentHashes.ed2k(fetched)).as("ed2k hash of B's file").isEqualTo(ed2k);
        assertThat(IndependentHashes.sha1(fetched)).isEqualTo(IndependentHashes.sha1(data));
        assertThat(fetched).as("bytes B fetched after a Kad search").isEqualTo(data);
        System.out.printf("eDonkey Kad e2e: B found A's file through Kad after %.2f s and fetched %d bytes in %.2f s%n",
                foundAfter, SIZE, fetchSeconds);
    }

    /**
     * Starts searches until one finds a hit with this ed2k hash: each search's results are read until the hit shows
     * or the search ends without it, then a new one starts; at most {@link #FIND_TIMEOUT} from {@code started}.
     */
    private static JsonNode findHit(Supplier<String> start, Function<String, JsonNode> results,
                                    String ed2k, long started) {
        long deadline = started + FIND_TIMEOUT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            String id = start.get();
            while (System.nanoTime() < deadline) {
                last = results.apply(id);
                for (JsonNode hit : last.get("hits")) {
                    if (hit.path("content").path("ed2k").asString("").equals(ed2k)) {
                        return hit;
                    }
                }
                if (!last.get("search").get("state").asString().equals("RUNNING")) {
                    break;
                }
                LiveGateway.sleep(200);
            }
        }
        throw new AssertionError("no Kad hit with ed2k " + ed2k + " within " + FIND_TIMEOUT + "; last: " + last);
    }

    private static JsonNode poll(Supplier<JsonNode> call, Predicate<JsonNode> done, String what,
                                 Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value = call.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + value);
            }
            LiveGateway.sleep(100);
        }
    }

    private static JsonNode withoutIndex(JsonNode hit) {
        ObjectNode copy = (ObjectNode) Scenario.wireForm(hit).deepCopy();
        copy.remove("index");
        return copy;
    }

}
