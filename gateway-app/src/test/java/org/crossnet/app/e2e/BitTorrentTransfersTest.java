package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.xmlrpc.XmlRpcException;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import org.crossnet.app.e2e.soapclient.Transfer;
import org.crossnet.testkit.peers.Aria2Process;
import org.crossnet.testkit.peers.OpenTrackerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * BitTorrent transfers in the real gateway, driven through all three APIs, against aria2c seeding torrents made by
 * mktorrent and announced to a fresh opentracker: a multi-file download added through REST and read back through
 * XML-RPC (Python's xmlrpc.client) and SOAP (the generated JAX-WS client), and a magnet paused, resumed and removed
 * through XML-RPC (the Apache client) and SOAP.
 *
 * <p>The gateway runs in a context of its own (own folders, closed after the class) so that its transfers never show
 * in the shared context's scenario, which expects none. aria2c uploads at a capped rate so that the download can be
 * watched (and paused) while it runs.
 */
@SpringBootTest(classes = CrossnetApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Timeout(120)
class BitTorrentTransfersTest {
    private static final GatewayFixture FIXTURE = GatewayFixture.create("crossnet-bt-e2e-");
    private static final int MIB = 1 << 20;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> FINISHED = Set.of("SEEDING", "COMPLETED", "FAILED");

    @LocalServerPort
    int port;

    @Autowired
    ApiToken token;

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        FIXTURE.register(registry);
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void aMultiFileTorrentAddedThroughRestIsDownloadedFromAria2cAndReadsTheSameThroughEveryApi() throws IOException {
        OpenTrackerProcess tracker = closeLater(OpenTrackerProcess.start(dir));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("liner-notes.txt", 40_961);
        sizes.put("tracks/01-overture.bin", 3 * MIB + 12_345);
        sizes.put("tracks/02-finale.bin", 1_500_001);
        SampleTorrent sample = SampleTorrent.create(Files.createDirectories(dir.resolve("seed")), "harbour-sessions",
                sizes, 3_003L, tracker.announceUrl(), 18);
        tracker.whitelist(sample.infoHash());
        Aria2Process seeder = closeLater(Aria2Process.seed(sample.torrent(), sample.folder().getParent(), 2 * MIB,
                dir.resolve("aria2-seed.log")));

        long started = System.nanoTime();
        JsonNode added = addTorrentThroughRest(sample.bytes());
        String id = added.get("id").asString();
        assertThat(added.get("name").asString()).isEqualTo(sample.name());
        assertThat(added.get("content").get("btih").asString()).isEqualTo(sample.infoHash());
        assertThat(added.get("bytesTotal").asLong()).isEqualTo(sample.totalSize());

        // every state REST showed, and the networks with a connected source while it showed DOWNLOADING
        List<String> states = new ArrayList<>();
        Set<String> sourcesWhileDownloading = new TreeSet<>();
        RestOps rest = rest();
        JsonNode done = pollUntil(() -> {
            JsonNode t = rest.transferGet(id);
            String state = t.get("state").asString();
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
            if (state.equals("DOWNLOADING")) {
                t.get("sources").forEach(s -> {
                    if (s.get("connected").asInt() > 0) {
                        sourcesWhileDownloading.add(s.get("network").asString());
                    }
                });
            }
            return t;
        }, t -> FINISHED.contains(t.get("state").asString()), DOWNLOAD_TIMEOUT, "transfer " + id + " finished",
                seeder);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("BitTorrent e2e: %d bytes in 3 files from aria2c in %.2f s; REST states %s, sources while"
                + " downloading %s%n", sample.totalSize(), seconds, states, sourcesWhileDownloading);

        // BitTorrent keeps seeding what it fetched: the transfer ends in SEEDING, not COMPLETED
        assertThat(done.get("state").asString()).as("final state; aria2c log:%n%s", seeder.log())
                .isEqualTo("SEEDING");
        assertThat(states).as("states seen through REST").contains("DOWNLOADING").endsWith("SEEDING")
                .doesNotContain("FAILED", "PAUSED");
        assertThat(sourcesWhileDownloading).as("networks with connected sources while DOWNLOADING")
                .containsExactly("bittorrent");
        assertThat(done.get("bytesDone").asLong()).isEqualTo(sample.totalSize());
        assertThat(done.get("bytesVerified").asLong()).isEqualTo(sample.totalSize());
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);

        // per-file progress: the torrent's files in its order, each complete, offsets adding up
        List<String> files = new ArrayList<>();
        long offset = 0;
        for (JsonNode f : done.get("files")) {
            assertThat(f.get("offset").asLong()).as("offset of %s", f).isEqualTo(offset);
            assertThat(f.get("bytesVerified").asLong()).as("bytesVerified of %s", f).isEqualTo(f.get("length").asLong());
            files.add(f.get("path").asString() + " " + f.get("length").asLong());
            offset += f.get("length").asLong();
        }
        List<String> expectedFiles = new ArrayList<>();
        sizes.forEach((path, size) -> expectedFiles.add(path + " " + size));
        assertThat(files).as("files of the transfer").containsExactlyElementsOf(expectedFiles);

        Path folder = FIXTURE.downloadDir().resolve(sample.name());
        assertThat(regularFiles(folder)).as("files under %s", folder).isEqualTo(new TreeSet<>(sizes.keySet()));
        for (Map.Entry<String, byte[]> file : sample.files().entrySet()) {
            assertThat(Files.readAllBytes(folder.resolve(file.getKey()))).as("bytes of %s", file.getKey())
                    .isEqualTo(file.getValue());
        }

        Files.createDirectories(dir.resolve("scripts"));
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        seen.put("rest", rest.transferGet(id));
        seen.put("xmlrpc.client", new PythonClient("xmlrpc_scenario.py", dir.resolve("scripts"),
                uri("/xmlrpc").toString(), token.value()).transferGet(id));
        seen.put("jax-ws", jaxWs().transferGet(id));
        JsonNode reference = stable(seen.get("rest"));
        assertThat(reference).isEqualTo(stable(done));
        for (Map.Entry<String, JsonNode> e : seen.entrySet()) {
            JsonNode t = e.getValue();
            assertThat(t.get("state").asString()).as("state through %s", e.getKey()).isEqualTo("SEEDING");
            assertThat(t.get("bytesTotal").asLong()).as("bytesTotal through %s", e.getKey())
                    .isEqualTo(sample.totalSize());
            assertThat(stable(t)).as("transfer.get through %s", e.getKey()).isEqualTo(reference);
        }
    }

    @Test
    void aMagnetIsPausedResumedAndRemovedThroughXmlRpcAndSoapAndLeavesNothingBehind() throws Exception {
        OpenTrackerProcess tracker = closeLater(OpenTrackerProcess.start(dir));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("side-a.bin", 6 * MIB + 1);
        sizes.put("extras/side-b.bin", 3 * MIB + 77);
        SampleTorrent sample = SampleTorrent.create(Files.createDirectories(dir.resolve("seed")), "field-tapes",
                sizes, 4_004L, tracker.announceUrl(), 18);
        tracker.whitelist(sample.infoHash());
        Aria2Process seeder = closeLater(Aria2Process.seed(sample.torrent(), sample.folder().getParent(), MIB,
                dir.resolve("aria2-seed.log")));
        Set<String> before = everything(FIXTURE.downloadDir());
        ApacheXmlRpc xmlrpc = new ApacheXmlRpc(uri("/xmlrpc"), token.value());
        JaxWsOps soap = jaxWs();

        // no tracker in the magnet: the gateway dials the x.pe peer and fetches the metadata from it (BEP 9)
        String magnet = "magnet:?xt=urn:btih:" + sample.infoHash() + "&dn=" + sample.name() + "&x.pe=127.0.0.1:"
                + seeder.port();
        JsonNode added = xmlrpc.call("transfer.addLink", magnet);
        String id = added.get("id").asString();
        assertThat(added.get("content").get("btih").asString()).isEqualTo(sample.infoHash());

        JsonNode moving = pollUntil(() -> soap.transferGet(id), t -> t.get("bytesDone").asLong() > 0,
                Duration.ofSeconds(30), "first bytes of " + id, seeder);
        assertThat(moving.get("bytesTotal").asLong()).as("size once the metadata is in").isEqualTo(sample.totalSize());
        // the magnet's single-file placeholder (<dn>.crossnet-part) gives way to the folder of the same name
        String name = moving.get("name").asString();
        assertThat(name).isEqualTo(sample.name());

        Transfer paused = soap.port().transferPause(id);
        assertThat(paused.getState()).as("transferPause through SOAP").isEqualTo("PAUSED");
        assertThat(xmlrpc.call("transfer.get", id).get("state").asString()).as("transfer.get through XML-RPC")
                .isEqualTo("PAUSED");
        long frozen = settledBytesDone(xmlrpc, id);
        assertThat(frozen).as("paused before the end").isLessThan(sample.totalSize());
        pause(2_000);
        JsonNode stillPaused = xmlrpc.call("transfer.get", id);
        assertThat(stillPaused.get("state").asString()).isEqualTo("PAUSED");
        assertThat(stillPaused.get("bytesDone").asLong()).as("bytesDone while paused").isEqualTo(frozen);

        JsonNode resumed = xmlrpc.call("transfer.resume", id);
        assertThat(resumed.get("state").asString()).as("transfer.resume through XML-RPC").isEqualTo("DOWNLOADING");
        assertThat(soap.transferGet(id).get("state").asString()).as("transferGet through SOAP")
                .isIn("DOWNLOADING", "SEEDING");
        pollUntil(() -> soap.transferGet(id), t -> t.get("bytesDone").asLong() > frozen, Duration.ofSeconds(30),
                "more bytes of " + id + " after resume", seeder);

        Path folder = FIXTURE.downloadDir().resolve(name);
        assertThat(folder).as("the transfer's folder before remove").isDirectory();
        assertThat(regularFiles(folder)).as("part files under %s", folder)
                .containsExactlyInAnyOrder("side-a.bin.crossnet-part", "extras/side-b.bin.crossnet-part");
        soap.port().transferRemove(id, true);

        assertThat(folder).as("the transfer's folder after remove with deleteData").doesNotExist();
        assertThat(everything(FIXTURE.downloadDir())).as("download folder after remove").isEqualTo(before);
        try (Stream<Path> walk = Files.walk(FIXTURE.downloadDir().getParent())) {
            assertThat(walk.map(p -> p.getFileName().toString()))
                    .as("nothing of the transfer anywhere in the gateway's folders")
                    .noneMatch(n -> n.contains(sample.name()) || n.startsWith("side-"));
        }
        XmlRpcException fault = xmlrpc.fault("transfer.get", id);
        assertThat(fault.code).as("XML-RPC faultCode after remove: %s", fault.getMessage()).isEqualTo(101);
        GatewayFault soapFault = catchThrowableOfType(GatewayFault.class, () -> soap.port().transferGet(id));
        assertThat(soapFault).as("SOAP transferGet after remove").isNotNull();
        assertThat(soapFault.getFaultInfo().getCodeName()).isEqualTo("NOT_FOUND");
        assertThat(rest().transferList()).noneSatisfy(t -> assertThat(t.get("id").asString()).isEqualTo(id));
    }

    /** Waits until bytesDone reads the same twice 500 ms apart (blocks in flight when paused may still land). */
    private static long settledBytesDone(ApacheXmlRpc xmlrpc, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long last = xmlrpc.call("transfer.get", id).get("bytesDone").asLong();
        while (true) {
            pause(500);
            long now = xmlrpc.call("transfer.get", id).get("bytesDone").asLong();
            if (now == last) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bytesDone of paused " + id + " still moving after 15 s: " + now);
            }
            last = now;
        }
    }

    private JsonNode addTorrentThroughRest(byte[] torrent) {
        RestOps rest = rest();
        HttpResponse<String> response = rest.send(rest.request("/api/v1/transfers/torrents")
                .header("Content-Type", "application/x-bittorrent")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(torrent)).build());
        assertThat(response.statusCode()).as("POST /api/v1/transfers/torrents: %s", response.body()).isEqualTo(201);
        return RestOps.JSON.readTree(response.body());
    }

    /**
     * Calls {@code call} every 50 ms until {@code done} holds; fails after {@code timeout} with the last value and
     * the seeder's log.
     */
    private static JsonNode pollUntil(Supplier<JsonNode> call, Predicate<JsonNode> done, Duration timeout,
                                      String what, Aria2Process seeder) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value = call.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + value
                        + "\naria2c log:\n" + seeder.log());
            }
            pause(50);
        }
    }

    /**
     * The wire form without what moves while a finished transfer seeds: rates, connected-peer counts, and of each
     * tracker all but its network, URL and tier (announces go on: state, times and counts change between reads).
     */
    private static JsonNode stable(JsonNode transfer) {
        ObjectNode copy = (ObjectNode) Scenario.wireForm(transfer);
        copy.remove(List.of("downloadRate", "uploadRate", "sources"));
        if (copy.has("trackers")) {
            copy.get("trackers").forEach(t -> ((ObjectNode) t).retain("network", "url", "tier"));
        }
        return copy;
    }

    /** The regular files under {@code folder}, as {@code /}-separated relative paths. */
    private static Set<String> regularFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> relative(folder, p))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every file and folder under {@code folder} with its size (0 for folders), by relative path. */
    private static Set<String> everything(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            Map<String, Long> entries = new TreeMap<>();
            walk.filter(p -> !p.equals(folder)).forEach(p -> {
                try {
                    entries.put(relative(folder, p), Files.isRegularFile(p) ? Files.size(p) : 0L);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Set<String> out = new TreeSet<>();
            entries.forEach((path, size) -> out.add(path + " " + size));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path folder, Path p) {
        return folder.relativize(p).toString().replace('\\', '/');
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private RestOps rest() {
        return new RestOps(uri(""), token.value());
    }

    private JaxWsOps jaxWs() {
        return new JaxWsOps(uri("/soap/gateway"), token.value());
    }
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
