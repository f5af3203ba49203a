package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.crossnet.testkit.peers.Aria2Process;
import org.crossnet.testkit.peers.OpenTrackerProcess;
import org.junit.jupiter.api.AfterAll;
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

/**
 * A file shared through REST is seeded over BitTorrent by the real gateway: the gateway announces it to the
 * opentracker named in {@code crossnet.adapters.bittorrent.publish-trackers}, and aria2c, given the .torrent from
 * share.links and that tracker, downloads it with the gateway as the only seeder.
 *
 * <p>The tracker must be known before the gateway starts, so this class has its own tracker and its own gateway
 * context (closed after the class); the tracker is fresh because the class holds one test.
 */
@SpringBootTest(classes = CrossnetApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Timeout(120)
class BitTorrentShareSeedingTest {
    private static final GatewayFixture FIXTURE = GatewayFixture.create("crossnet-bt-seed-e2e-");
    private static final String NAME = "estuary-hydrophone.bin";
    /** Several 256 KiB .. 1 MiB pieces and a short last one, whatever piece length the gateway picks. */
    private static final int SIZE = 12 * (1 << 20) + 4_321;
    private static OpenTrackerProcess tracker;

    @LocalServerPort
    int port;

    @Autowired
    ApiToken token;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        FIXTURE.register(registry);
        registry.add("crossnet.adapters.bittorrent.publish-trackers", () -> tracker().announceUrl());
    }

    private static synchronized OpenTrackerProcess tracker() {
        if (tracker == null) {
            tracker = OpenTrackerProcess.start(FIXTURE.dataDir().getParent());
        }
        return tracker;
    }

    @AfterAll
    static void stopTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void aria2cDownloadsASharedFileFromTheGatewayAsTheOnlySeeder() throws IOException, InterruptedException {
        byte[] data = new byte[SIZE];
        new Random(5_005L).nextBytes(data);
        Path file = FIXTURE.shareRoot().resolve(NAME);
        Files.write(file, data);
        RestOps rest = new RestOps(URI.create("http://127.0.0.1:" + port), token.value());

        String id = rest.shareAdd(file.toString()).get(0).get("id").asString();
        JsonNode share = pollShare(rest, id);
        assertThat(share.get("state").asString()).as("share %s", share).isEqualTo("READY");
        String btih = share.get("content").get("btih").asString();

        byte[] torrent = Base64.getDecoder().decode(rest.shareLinks(id).get("torrent").asString());
        IndependentHashes.Torrent parsed = IndependentHashes.torrent(torrent);
        assertThat(HexFormat.of().formatHex(IndependentHashes.digest("SHA-1", parsed.infoBytes())))
                .as("SHA-1 of the info dictionary of share.links' torrent").isEqualTo(btih);
        assertThat(new String((byte[]) parsed.info().get("name"), StandardCharsets.UTF_8)).isEqualTo(NAME);
        assertThat(parsed.info().get("length")).isEqualTo((long) SIZE);
        tracker().whitelist(btih);

        Path torrentFile = dir.resolve(NAME + ".torrent");
        Files.write(torrentFile, torrent);
        Path downloads = Files.createDirectories(dir.resolve("aria2-downloads"));
        long started = System.nanoTime();
        // share.links' torrent names no tracker (see the report), so aria2c is told the gateway's publish tracker
        try (Aria2Process leecher = Aria2Process.download(torrentFile, downloads, List.of(tracker().announceUrl()),
                dir.resolve("aria2-get.log"))) {
            int exit = leecher.awaitExit(Duration.ofSeconds(90));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(exit).as("aria2c exit code (-1: still running); aria2c log:%n%s%nopentracker log:%n%s",
                    leecher.log(), tracker().log()).isZero();
            System.out.printf("BitTorrent e2e: aria2c fetched %d bytes from the gateway's share in %.2f s%n", SIZE,
                    seconds);
        }
        try (var listing = Files.list(downloads)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("aria2c's download folder")
                    .containsExactly(NAME);
        }
        assertThat(Files.readAllBytes(downloads.resolve(NAME))).as("bytes aria2c fetched").isEqualTo(data);
    }

    private static JsonNode pollShare(RestOps rest, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode share = rest.shareGet(id);
            if (!share.get("state").asString().equals("HASHING")) {
                return share;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("share " + id + " still hashing after 60 s: " + share);
            }
            Thread.sleep(50);
        }
    }
}
