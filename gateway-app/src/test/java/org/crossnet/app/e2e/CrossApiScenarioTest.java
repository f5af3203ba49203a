package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The acceptance test: the same scenario through four clients nobody here wrote the protocol code of —
 * Python's xmlrpc.client (XML-RPC), python3-zeep (SOAP, from the live WSDL), a JAX-WS client generated from the
 * published WSDL file, and the JDK's HttpClient (REST) — against one real gateway, and the results compared as a
 * whole after removing only what legitimately differs between runs ({@link Scenario#comparable}). Then a download
 * through REST, checked byte for byte on disk and through the other three clients (its per-file progress, trackers
 * and limits included), and its rate limits set and refused alike through every client.
 *
 * <p>The methods run in order: the download changes what later searches and transfer lists see, and the limits are
 * set on that download.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossApiScenarioTest extends RunningGatewayTest {
    private static final List<String> CLIENTS = List.of("xmlrpc.client", "zeep", "jax-ws", "rest");

    @TempDir
    Path scripts;

    @Test
    @Order(1)
    void theSameScenarioGivesTheSameResultsThroughAllFourClients() throws IOException {
        String sharePath = fixture().sharedFile().toString();
        Map<String, JsonNode> wire = new LinkedHashMap<>();
        wire.put("xmlrpc.client", Scenario.wireForm(xmlrpcPython().scenario(sharePath, GatewayFixture.KEYWORD)));
        wire.put("zeep", Scenario.wireForm(zeep().scenario(sharePath, GatewayFixture.KEYWORD)));
        wire.put("jax-ws", Scenario.wireForm(Scenario.run(jaxWs(), sharePath, GatewayFixture.KEYWORD)));
        wire.put("rest", Scenario.wireForm(Scenario.run(rest(), sharePath, GatewayFixture.KEYWORD)));
        assertThat(wire.keySet()).containsExactlyElementsOf(CLIENTS);

        long cutoff = wire.values().stream().mapToLong(Scenario::lastEventSeen).min().orElseThrow();
        Map<String, JsonNode> comparable = new LinkedHashMap<>();
        wire.forEach((client, result) -> comparable.put(client, Scenario.comparable(result, cutoff)));
        JsonNode reference = comparable.get("rest");
        for (String client : CLIENTS) {
            JsonNode result = comparable.get(client);
            assertThat(result.propertyNames()).as("%s steps", client).isEqualTo(reference.propertyNames());
            for (String step : reference.propertyNames()) {
                assertThat(result.get(step)).as("%s of %s against rest", step, client).isEqualTo(reference.get(step));
            }
        }

        assertScenarioFacts(wire.get("rest"));
        for (String client : CLIENTS) {
            assertPerClientFacts(client, wire.get(client), cutoff);
        }
    }

    @Test
    @Order(2)
    void aHitDownloadedThroughRestIsOnDiskAndTheSameThroughEveryClient() throws IOException {
        RestOps rest = rest();
        JsonNode search = rest.searchStart(GatewayFixture.KEYWORD);
        String searchId = search.get("id").asString();
        JsonNode results = Scenario.poll(() -> rest.searchResults(searchId),
                r -> r.get("search").get("state").asString().equals("FINISHED"), "search finished");
        assertThat(results.get("hits")).hasSize(1);

        JsonNode added = rest.transferAddHit(searchId, 0);
        String id = added.get("id").asString();
        JsonNode done = Scenario.poll(() -> rest.transferGet(id),
                t -> Set.of("COMPLETED", "FAILED").contains(t.get("state").asString()), "transfer " + id + " done");
        assertThat(done.get("state").asString()).as("transfer %s", done).isEqualTo("COMPLETED");
        byte[] served = Files.readAllBytes(fixture().servedFile());
        assertThat(done.get("bytesDone").asLong()).isEqualTo(served.length);
        assertThat(done.get("bytesVerified").asLong()).isEqualTo(served.length);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("content").get("sha1").asString()).isEqualTo(IndependentHashes.sha1(served));
        // one file, fully verified; the scripted network reports no trackers; no limits were set
        assertThat(done.get("files")).hasSize(1);
        JsonNode file = done.get("files").get(0);
        assertThat(file.get("path").asString()).isEqualTo(GatewayFixture.SERVED_NAME);
        assertThat(file.get("length").asLong()).isEqualTo(served.length);
        assertThat(file.get("offset").asLong()).isZero();
        assertThat(file.get("bytesVerified").asLong()).isEqualTo(served.length);
        assertThat(done.get("trackers")).isEmpty();
        assertThat(done.get("downloadLimit").asLong()).isZero();
        assertThat(done.get("uploadLimit").asLong()).isZero();
        Path downloaded = fixture().downloadDir().resolve(done.get("name").asString());
        assertThat(downloaded.getFileName().toString()).isEqualTo(GatewayFixture.SERVED_NAME);
        assertThat(Files.readAllBytes(downloaded)).as("downloaded bytes").isEqualTo(served);
        try (var listing = Files.list(fixture().downloadDir())) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .as("no part file left").noneMatch(name -> name.endsWith(".crossnet-part"));
        }

        Map<String, JsonNode> seen = new LinkedHashMap<>();
        seen.put("xmlrpc.client", xmlrpcPython().transferGet(id));
        seen.put("zeep", zeep().transferGet(id));
        seen.put("jax-ws", jaxWs().transferGet(id));
        seen.put("rest", rest.transferGet(id));
        JsonNode reference = withoutRates(Scenario.wireForm(seen.get("rest")));
        assertThat(reference).isEqualTo(withoutRates(Scenario.wireForm(done)));
        for (Map.Entry<String, JsonNode> e : seen.entrySet()) {
            assertThat(withoutRates(Scenario.wireForm(e.getValue()))).as("transfer.get through %s", e.getKey())
                    .isEqualTo(reference);
        }
        assertThat(rest.transferList()).as("transfer.list").anySatisfy(t -> assertThat(t.get("id").asString())
                .isEqualTo(id));
    }

    @Test
    @Order(3)
    void limitsAreSetAndRefusedAlikeThroughEveryClient() throws IOException {
        RestOps rest = rest();
        String sha1 = IndependentHashes.sha1(Files.readAllBytes(fixture().servedFile()));
        List<JsonNode> downloads = new ArrayList<>();
        rest.transferList().forEach(t -> {
            if (sha1.equals(t.get("content").get("sha1").asString())) {
                downloads.add(t);
            }
        });
        assertThat(downloads).as("the download of the previous test").hasSize(1);
        String id = downloads.get(0).get("id").asString();
        PythonClient xmlrpc = xmlrpcPython();
        PythonClient zeep = zeep();
        JaxWsOps jaxWs = jaxWs();

        // each client sets its own pair, the download limit above 2^32 (an i8 / xs:long / JSON number, or a
        // decimal string from Python's xmlrpc.client); each answer is the transfer with that pair
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        long[][] limits = {{5_000_000_001L, 0}, {5_000_000_002L, 1_024}, {7, 2_048}, {0, 65_536}};
        answers.put("xmlrpc.client", xmlrpc.transferLimit(id, limits[0][0], limits[0][1]));
        answers.put("zeep", zeep.transferLimit(id, limits[1][0], limits[1][1]));
        answers.put("jax-ws", jaxWs.transferLimit(id, limits[2][0], limits[2][1]));
        answers.put("rest", rest.transferLimit(id, limits[3][0], limits[3][1]));
        JsonNode reference = withoutLimits(withoutRates(Scenario.wireForm(rest.transferGet(id))));
        int i = 0;
        for (Map.Entry<String, JsonNode> e : answers.entrySet()) {
            JsonNode answer = Scenario.wireForm(e.getValue());
            assertThat(answer.get("downloadLimit").asLong()).as("downloadLimit through %s", e.getKey())
                    .isEqualTo(limits[i][0]);
            assertThat(answer.get("uploadLimit").asLong()).as("uploadLimit through %s", e.getKey())
                    .isEqualTo(limits[i][1]);
            assertThat(withoutLimits(withoutRates(answer))).as("transfer.limit through %s", e.getKey())
                    .isEqualTo(reference);
            i++;
        }
        for (JsonNode seen : List.of(xmlrpc.transferGet(id), zeep.transferGet(id), jaxWs.transferGet(id),
                rest.transferGet(id))) {
            assertThat(seen.get("downloadLimit").asLong()).as("the last pair set, read back").isZero();
            assertThat(seen.get("uploadLimit").asLong()).isEqualTo(65_536);
        }

        // a negative limit: the same code and text through every client, and nothing changed
        String expected = "INVALID_ARGUMENT: uploadLimit: -3 (expected: bytes/second >= 0, 0 = no limit)";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("xmlrpc.client", faultText(xmlrpc.transferLimit(id, 1, -3)));
        refusals.put("zeep", faultText(zeep.transferLimit(id, 1, -3)));
        GatewayFault fault = org.assertj.core.api.Assertions.catchThrowableOfType(GatewayFault.class,
                () -> jaxWs.port().transferLimit(id, 1, -3));
        assertThat(fault).as("JAX-WS fault").isNotNull();
        refusals.put("jax-ws", fault.getFaultInfo().getCode() + " " + fault.getFaultInfo().getCodeName() + ": "
                + fault.getMessage());
        JsonNode problem = RestOps.JSON.readTree(rest.send(rest.limitRequest(id, 1, -3)).body());
        refusals.put("rest", problem.get("code").asInt() + " " + problem.get("codeName").asString() + ": "
                + problem.get("detail").asString());
        assertThat(refusals).allSatisfy((client, text) -> assertThat(text).as(client).isEqualTo("100 " + expected));
        assertThat(rest.transferGet(id).get("uploadLimit").asLong()).as("after the refusals").isEqualTo(65_536);
    }

    private static String faultText(JsonNode answer) {
        assertThat(answer.has("fault")).as("a fault, not %s", answer).isTrue();
        return answer.get("fault").get("code").asInt() + " " + answer.get("fault").get("text").asString();
    }

    private static JsonNode withoutLimits(JsonNode transfer) {
        ObjectNode copy = (ObjectNode) transfer.deepCopy();
        copy.remove(List.of("downloadLimit", "uploadLimit"));
        return copy;
    }

    /** Facts that hold for the (already compared, hence common) result, checked once against the REST one. */
    private void assertScenarioFacts(JsonNode result) throws IOException {
        JsonNode info = result.get("info");
        assertThat(info.get("version").asString()).isNotBlank();
        assertThat(info.get("transfers").asInt()).isZero();

        JsonNode scripted = single(result.get("networks"), "scripted");
        assertThat(scripted.get("state").asString()).isEqualTo("RUNNING");
        assertThat(scripted.get("enabled").asBoolean()).isTrue();
        assertThat(texts(scripted.get("capabilities"))).containsExactly("SEARCH", "DOWNLOAD", "PUBLISH");
        // the Gnutella adapter runs in every test gateway too, with no peers to ask
        JsonNode gnutella = single(result.get("networks"), "gnutella");
        assertThat(gnutella.get("state").asString()).isEqualTo("RUNNING");
        assertThat(gnutella.get("enabled").asBoolean()).isTrue();
        assertThat(texts(gnutella.get("capabilities"))).containsExactly("SEARCH", "DOWNLOAD", "PUBLISH");

        byte[] shared = Files.readAllBytes(fixture().sharedFile());
        JsonNode share = result.get("share");
        assertThat(share.get("state").asString()).isEqualTo("READY");
        assertThat(share.get("path").asString()).isEqualTo(fixture().sharedFile().toRealPath().toString());
        assertThat(share.get("name").asString()).isEqualTo(GatewayFixture.SHARED_NAME);
        assertThat(share.get("size").asLong()).isEqualTo(shared.length);
        assertThat(share.get("bytesHashed").asLong()).isEqualTo(shared.length);
        JsonNode content = share.get("content");
        assertThat(content.get("size").asLong()).isEqualTo(shared.length);
        assertThat(content.get("sha1").asString()).isEqualTo(IndependentHashes.sha1(shared));
        assertThat(content.get("ed2k").asString()).isEqualTo(IndependentHashes.ed2k(shared));
        assertThat(content.get("tth").asString()).isEqualTo(IndependentHashes.tth(shared));
        assertThat(content.get("aich").asString()).matches("[A-Z2-7]{32}");
        assertThat(content.get("btih").asString()).matches("[0-9a-f]{40}");
        assertLinksMatch(result.get("links"), content, shared);

        JsonNode results = result.get("results");
        assertThat(results.get("search").get("state").asString()).isEqualTo("FINISHED");
        assertThat(texts(results.get("search").get("keywords"))).containsExactly(GatewayFixture.KEYWORD);
        // gnutella finishes after its search-duration with no hits (it has no peers here); edonkey has no server
        assertThat(texts(results.get("search").get("finished"))).containsExactly("edonkey", "gnutella", "scripted");
        assertThat(results.get("total").asInt()).isEqualTo(1);
        JsonNode hit = results.get("hits").get(0);
        byte[] served = Files.readAllBytes(fixture().servedFile());
        assertThat(hit.get("index").asInt()).isZero();
        assertThat(hit.get("name").asString()).isEqualTo(GatewayFixture.SERVED_NAME);
        assertThat(hit.get("size").asLong()).isEqualTo(served.length);
        assertThat(hit.get("content").get("sha1").asString()).isEqualTo(IndependentHashes.sha1(served));
        assertThat(texts(hit.get("networks"))).containsExactly("scripted");
        assertThat(result.get("searchStopped").get("state").asString()).isIn("FINISHED", "STOPPED");
        assertThat(result.get("transfers")).isEmpty();
    }

    /** What each client's own run shows: ids are UUIDs, its search is its own, events up to the cutoff typed. */
    private static void assertPerClientFacts(String client, JsonNode result, long cutoff) {
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        assertThat(result.get("searchStarted").get("id").asString()).as(client).matches(uuid);
        assertThat(result.get("results").get("search").get("id")).as(client)
                .isEqualTo(result.get("searchStarted").get("id"));
        assertThat(result.get("info").get("lastEventId").asLong()).as(client).isPositive();
        Set<String> types = new TreeSet<>();
        result.get("events").get("events").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).as("%s event types", client).contains("share.added", "share.ready", "search.updated");
        assertThat(Scenario.lastEventSeen(result)).as(client).isGreaterThanOrEqualTo(cutoff);
    }

    private static void assertLinksMatch(JsonNode links, JsonNode content, byte[] shared) {
        String magnet = URLDecoder.decode(links.get("magnet").asString(), StandardCharsets.UTF_8);
        assertThat(magnet).startsWith("magnet:?").contains(
                "xt=urn:btih:" + content.get("btih").asString(),
                "xt=urn:sha1:" + content.get("sha1").asString(),
                "xt=urn:ed2k:" + content.get("ed2k").asString(),
                "xt=urn:tree:tiger:" + content.get("tth").asString(),
                "dn=" + GatewayFixture.SHARED_NAME,
                "xl=" + shared.length);
        // ed2k links carry the hash in upper case, as eMule writes them; the content member is lower-case hex.
        assertThat(links.get("ed2k").asString()).isEqualTo("ed2k://|file|" + GatewayFixture.SHARED_NAME + "|"
                + shared.length + "|" + content.get("ed2k").asString().toUpperCase(java.util.Locale.ROOT) + "|h="
                + content.get("aich").asString() + "|/");

        byte[] torrent = Base64.getDecoder().decode(links.get("torrent").asString());
        IndependentHashes.Torrent parsed = IndependentHashes.torrent(torrent);
        assertThat(HexFormat.of().formatHex(IndependentHashes.digest("SHA-1", parsed.infoBytes())))
                .as("SHA-1 of the torrent's info dictionary").isEqualTo(content.get("btih").asString());
        Map<String, Object> info = parsed.info();
        assertThat(new String((byte[]) info.get("name"), StandardCharsets.UTF_8)).isEqualTo(GatewayFixture.SHARED_NAME);
        assertThat(info.get("length")).isEqualTo((long) shared.length);
        int pieceLength = Math.toIntExact((Long) info.get("piece length"));
        byte[] pieces = (byte[]) info.get("pieces");
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int offset = 0, i = 0; offset < shared.length; offset += pieceLength, i++) {
            byte[] piece = java.util.Arrays.copyOfRange(shared, offset, Math.min(shared.length, offset + pieceLength));
            expected.add(HexFormat.of().formatHex(IndependentHashes.digest("SHA-1", piece)));
            actual.add(i * 20 + 20 <= pieces.length
                    ? HexFormat.of().formatHex(java.util.Arrays.copyOfRange(pieces, i * 20, i * 20 + 20)) : "missing");
        }
        assertThat(pieces.length).isEqualTo(expected.size() * 20);
        assertThat(actual).as("piece hashes").isEqualTo(expected);
    }

    private static JsonNode single(JsonNode networks, String id) {
        List<JsonNode> matching = new ArrayList<>();
        networks.forEach(n -> {
            if (n.get("id").asString().equals(id)) {
                matching.add(n);
            }
        });
        assertThat(matching).as("networks with id %s in %s", id, networks).hasSize(1);
        return matching.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** Rates are measured over a sliding window and may still decay between two reads of a finished transfer. */
    private static JsonNode withoutRates(JsonNode transfer) {
        ObjectNode copy = (ObjectNode) transfer.deepCopy();
        copy.remove(List.of("downloadRate", "uploadRate"));
        return copy;
    }

    private PythonClient xmlrpcPython() {
        return new PythonClient("xmlrpc_scenario.py", scripts, uri("/xmlrpc").toString(), token.value());
    }

    private PythonClient zeep() {
        return new PythonClient("zeep_scenario.py", scripts, uri("/soap/gateway?wsdl").toString(), token.value());
    }

    private JaxWsOps jaxWs() {
        return new JaxWsOps(uri("/soap/gateway"), token.value());
    }
}
