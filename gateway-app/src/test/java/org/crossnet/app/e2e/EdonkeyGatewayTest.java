package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two real gateways talk eDonkey to each other over 127.0.0.1 with no server and no Kad: A shares a file through its
 * share library, its ed2k link comes from share.links (alike through all three APIs), and B adds that link with
 * {@code |sources,127.0.0.1:<A's eD2k port>|} through XML-RPC. Since B knows no server and runs no Kad, the link's
 * source is the only way B can find A. B's transfer is watched through SOAP and REST until it finishes, and the file
 * is compared byte for byte and by hashes computed here; adding the same content again is a CONFLICT through every
 * API. Malformed links are refused on B through every API with the same code and text.
 *
 * <p>Every sample must keep {@code bytesDone >= bytesVerified} (TransferStatus: bytesDone is "bytes written, verified
 * or not"). The engine breaks that while an ed2k part boundary cuts a 16 KiB storage block that is not yet fully
 * written ({@code FileStoredContent.bytesWritten} counts whole blocks only, the verified part counts to its byte), so
 * the check fails whenever a sample lands in that window.
 */
@Timeout(60)
class EdonkeyGatewayTest {
    private static final String NAME = "wren-song-field-recording.bin";
    /** Two whole 9,728,000-byte ed2k parts and a short third, so part hashes and the AICH root are exercised. */
    private static final int SIZE = 2 * 9_728_000 + 1_234_567;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> DONE = Set.of("COMPLETED", "SEEDING", "FAILED");

    @TempDir
    static Path dir;

    private static LiveGateway a;
    private static LiveGateway b;
    /** A's eD2k client port: fixed before start, since no API reports it. */
    private static int ed2kPortA;

    @BeforeAll
    static void startGateways() throws IOException {
        ed2kPortA = LiveGateway.freeTcpPort();
        a = LiveGateway.start(GatewayFixture.in(Files.createDirectories(dir.resolve("a"))),
                Map.of("crossnet.adapters.edonkey.tcp-port", Integer.toString(ed2kPortA),
                        "crossnet.adapters.edonkey.nick", "gateway-a"));
        b = LiveGateway.start(GatewayFixture.in(Files.createDirectories(dir.resolve("b"))),
                Map.of("crossnet.adapters.edonkey.nick", "gateway-b"));
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
    void aFileSharedOnAIsFetchedByBFromItsEd2kLinkAddedThroughXmlRpc() throws IOException {
        byte[] data = new byte[SIZE];
        new Random(5_505L).nextBytes(data);
        String ed2k = IndependentHashes.ed2kAnySize(data);
        String sha1 = IndependentHashes.sha1(data);
        Path file = a.fixture().shareRoot().resolve(NAME);
        Files.write(file, data);

        // share library on A through REST; the link through each API is the same text
        RestOps restA = a.rest();
        String shareId = restA.shareAdd(file.toString()).get(0).get("id").asString();
        JsonNode share = a.awaitShareReady(shareId, ed2k);
        String link = restA.shareLinks(shareId).get("ed2k").asString();
        assertThat(a.xmlrpc().call("share.links", shareId).get("ed2k").asString()).as("ed2k link through XML-RPC")
                .isEqualTo(link);
        assertThat(a.soap().shareLinks(shareId).get("ed2k").asString()).as("ed2k link through SOAP")
                .isEqualTo(link);
        String aich = share.get("content").get("aich").asString();
        assertThat(link).as("share.links' ed2k link").isEqualTo("ed2k://|file|" + NAME + "|" + SIZE + "|"
                + ed2k.toUpperCase(Locale.ROOT) + "|h=" + aich + "|/");
        // A's eD2k node learns the share from the engine's publisher call; wait until its status line counts it
        Scenario.poll(() -> LiveGateway.network(restA.networkList(), "edonkey"),
                n -> n.get("detail").asString().contains(" 1 shared,"), "A's edonkey node sharing the file");

        // B: the link with A as its one source, through XML-RPC
        String withSource = link + "|sources,127.0.0.1:" + ed2kPortA + "|/";
        JsonNode added = b.xmlrpc().call("transfer.addLink", withSource);
        String id = added.get("id").asString();
        assertThat(added.get("name").asString()).isEqualTo(NAME);
        assertThat(added.get("content").get("ed2k").asString()).isEqualTo(ed2k);
        assertThat(added.get("content").get("aich").asString()).isEqualTo(aich);
        assertThat(added.get("bytesTotal").asLong()).isEqualTo(SIZE);

        // watched through SOAP and REST in turn until both report it finished
        RestOps restB = b.rest();
        JaxWsOps soapB = b.soap();
        List<JsonNode> samples = new ArrayList<>();
        samples.add(Scenario.wireForm(added));
        long started = System.nanoTime();
        long deadline = started + TIMEOUT.toNanos();
        while (true) {
            JsonNode viaRest = restB.transferGet(id);
            JsonNode viaSoap = Scenario.wireForm(soapB.transferGet(id));
            samples.add(viaRest);
            samples.add(viaSoap);
            if (DONE.contains(viaRest.get("state").asString()) && DONE.contains(viaSoap.get("state").asString())) {
                break;
            }
            assertThat(System.nanoTime()).as("transfer %s finished within %s; last %s", id, TIMEOUT, viaRest)
                    .isLessThan(deadline);
            LiveGateway.sleep(20);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode doneRest = samples.get(samples.size() - 2);
        JsonNode doneSoap = samples.get(samples.size() - 1);
        assertThat(doneRest.get("state").asString()).as("transfer %s", doneRest).isIn("COMPLETED", "SEEDING");
        assertThat(withoutRates(doneSoap)).as("the finished transfer through SOAP and REST")
                .isEqualTo(withoutRates(doneRest));

        long lastVerified = -1;
        boolean sawLinkSource = false;
        int sawConnected = 0;
        // TransferStatus: bytesDone is "bytes written (verified or not)", so it can never be below bytesVerified
        List<String> doneBelowVerified = new ArrayList<>();
        for (JsonNode t : samples) {
            long done = t.get("bytesDone").asLong();
            long verified = t.get("bytesVerified").asLong();
            assertThat(t.get("bytesTotal").asLong()).as("bytesTotal in %s", t).isEqualTo(SIZE);
            assertThat(verified).as("bytesVerified in %s", t).isBetween(0L, (long) SIZE);
            assertThat(done).as("bytesDone in %s", t).isBetween(0L, (long) SIZE);
            if (done < verified) {
                doneBelowVerified.add("bytesDone " + done + " < bytesVerified " + verified);
            }
            assertThat(verified).as("bytesVerified never goes back (%s)", t).isGreaterThanOrEqualTo(lastVerified);
            assertThat(t.get("progress").asDouble()).isBetween(0.0, 1.0);
            lastVerified = verified;
            for (JsonNode source : t.get("sources")) {
                assertThat(source.get("network").asString()).as("sources of %s", t).isEqualTo("edonkey");
                assertThat(source.get("known").asInt()).as("sources known in %s", t).isLessThanOrEqualTo(1);
                sawLinkSource |= source.get("known").asInt() == 1;
                sawConnected += source.get("connected").asInt() == 1 ? 1 : 0;
            }
        }
        // the link's source is all B can know: no server, no Kad; it shows until the download ends
        assertThat(sawLinkSource).as("A listed as B's one eD2k source while downloading, in %s", samples).isTrue();
        assertThat(doneRest.get("bytesVerified").asLong()).isEqualTo(SIZE);
        assertThat(doneRest.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(doneRest.get("content").get("ed2k").asString()).isEqualTo(ed2k);
        assertThat(doneRest.get("files")).hasSize(1);
        assertThat(doneRest.get("files").get(0).get("bytesVerified").asLong()).isEqualTo(SIZE);

        Path downloaded = b.fixture().downloadDir().resolve(doneRest.get("name").asString());
        assertThat(downloaded.getFileName().toString()).isEqualTo(NAME);
        byte[] fetched = Files.readAllBytes(downloaded);
        assertThat(IndependentHashes.ed2kAnySize(fetched)).as("ed2k hash of B's file").isEqualTo(ed2k);
        assertThat(IndependentHashes.sha1(fetched)).as("SHA-1 of B's file").isEqualTo(sha1);
        assertThat(fetched).as("bytes B fetched over eD2k").isEqualTo(data);

        // the same content again, with or without the source, through each API: the transfer exists
        String conflict = "102 CONFLICT: transfer exists for this content: " + id;
        RestOps restRetry = b.rest();
        assertThat(ApiRefusals.rest(restRetry.send(restRetry.addLinkRequest(link)), 409)).as("REST, link again")
                .isEqualTo(conflict);
        assertThat(ApiRefusals.xmlrpc(b.xmlrpc().fault("transfer.addLink", withSource))).as("XML-RPC, link again")
                .isEqualTo(conflict);
        assertThat(ApiRefusals.soap(catchThrowableOfType(GatewayFault.class,
                () -> soapB.port().transferAddLink(link)))).as("SOAP, link again").isEqualTo(conflict);

        // the event log through SOAP tells the same story: added, then finished
        JsonNode events = Scenario.wireForm(soapB.eventPoll(0)).get("events");
        List<String> states = new ArrayList<>();
        boolean addedEvent = false;
        for (JsonNode e : events) {
            JsonNode d = e.get("data");
            if (!id.equals(d.path("transfer").asString(""))) {
                continue;
            }
            addedEvent |= e.get("type").asString().equals("transfer.added");
            if (e.get("type").asString().equals("transfer.state")) {
                states.add(d.get("to").asString());
            }
        }
        assertThat(addedEvent).as("transfer.added for %s in %s", id, events).isTrue();
        assertThat(states).as("states of %s", id).last().isEqualTo(doneRest.get("state").asString());
        System.out.printf("eDonkey e2e: B fetched %d bytes from A's ed2k link in %.2f s (%d samples, %d with a"
                + " connected source)%n", SIZE, seconds, samples.size(), sawConnected);
        assertThat(doneBelowVerified).as("samples of a running transfer whose bytesDone (bytes written, verified or"
                + " not) is below bytesVerified").isEmpty();
    }

    @Test
    void malformedEd2kLinksAreRefusedWithInvalidArgumentThroughEveryApi() {
        String hash = "0123456789ABCDEF0123456789ABCDEF";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("ed2k://|file|wren.ogg|/",
                "link: ed2k://|file|wren.ogg|/ (expected: ed2k://|file|<name>|<size>|<md4 hash>|/)");
        refusals.put("ed2k://|file|wren.ogg|1000|0123456789ABCDEF0123456789ABCDEG|/",
                "hash: 0123456789ABCDEF0123456789ABCDEG (expected: 32 hex characters)");
        refusals.put("ed2k://|file|wren.ogg|1000|0123456789ABCDEF|/",
                "hash: 0123456789ABCDEF (expected: 32 hex characters)");
        refusals.put("ed2k://|file|wren.ogg|0|" + hash + "|/",
                "size: 0 (expected: 1..274877906944 bytes)");
        refusals.put("ed2k://|file|wren.ogg|274877906945|" + hash + "|/",
                "size: 274877906945 (expected: 1..274877906944 bytes)");
        refusals.put("ed2k://|file|wren.ogg|-5|" + hash + "|/",
                "size: -5 (expected: a decimal size of 1..274877906944 bytes)");
        refusals.put("ed2k://|file|wren.ogg|1000|" + hash + "|/|sources,127.0.0.1:70000|/",
                "sources: 127.0.0.1:70000 (expected: a port 1..65535)");
        refusals.put("ed2k://|server|127.0.0.1|4661|/", "link: ed2k://|server|127.0.0.1|4661|/ (expected: a"
                + " magnet URI (magnet:?xt=…) or an ed2k file link (ed2k://|file|…|/); an ed2k server link adds a"
                + " server, not a transfer)");
        refusals.put("ed2k://|file|wren.ogg|1000|" + hash,
                "link: ed2k://|file|wren.ogg|1000|" + hash + " (expected: an ed2k link ending in |/)");

        RestOps rest = b.rest();
        ApacheXmlRpc xmlrpc = b.xmlrpc();
        JaxWsOps soap = b.soap();
        int transfersBefore = rest.transferList().size();
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            String link = r.getKey();
            String expected = "100 INVALID_ARGUMENT: " + r.getValue();
            assertThat(ApiRefusals.rest(rest.send(rest.addLinkRequest(link)), 400)).as("REST problem for %s", link)
                    .isEqualTo(expected);
            assertThat(ApiRefusals.xmlrpc(xmlrpc.fault("transfer.addLink", link))).as("XML-RPC fault for %s", link)
                    .isEqualTo(expected);
            assertThat(ApiRefusals.soap(catchThrowableOfType(GatewayFault.class,
                    () -> soap.port().transferAddLink(link)))).as("SOAP fault for %s", link).isEqualTo(expected);
        }
        assertThat(rest.transferList()).as("no transfer added by a refused link").hasSize(transfersBefore);
    }

    private static JsonNode withoutRates(JsonNode transfer) {
        JsonNode copy = transfer.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove(List.of("downloadRate", "uploadRate"));
        return copy;
    }

}
