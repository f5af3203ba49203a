package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.crossnet.testkit.peers.Aria2Process;
import org.crossnet.testkit.peers.OpenTrackerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * State survives a restart of the whole application on the same data folder: a hashed share, a queued transfer, a
 * disabled network and the API token are as they were, and the share is READY at once, without hashing it again. A
 * torrent the gateway was seeding is SEEDING again after the restart, with its limits, and aria2c downloads it from
 * the gateway as the only seeder.
 */
class RestartTest {
    /** A btih-only magnet with no peers: the BitTorrent adapter takes it and waits for metadata (DOWNLOADING). */
    private static final String MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"
            + "&dn=restart-check.iso&xl=4700000000";

    @Test
    void shareTransferNetworkAndTokenSurviveARestart(@TempDir Path folder) throws Exception {
        GatewayFixture fixture = GatewayFixture.in(folder);
        JsonNode share;
        JsonNode transfer;
        String tokenBefore;
        long lastEventBefore;
        try (ConfigurableApplicationContext first = start(fixture)) {
            RestOps rest = rest(first);
            tokenBefore = first.getBean(ApiToken.class).value();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    fixture.dataDir().resolve("api-token")))).as("token file permissions").isEqualTo("rw-------");
            String shareId = rest.shareAdd(fixture.sharedFile().toString()).get(0).get("id").asString();
            share = Scenario.poll(() -> rest.shareGet(shareId), s -> s.get("state").asString().equals("READY"),
                    "share READY");
            transfer = rest.post("/api/v1/transfers/links", RestOps.JSON.createObjectNode().put("link", MAGNET), 201);
            // the BitTorrent adapter runs in the gateway and takes the btih magnet at once (fetching metadata)
            assertThat(transfer.get("state").asString()).isEqualTo("DOWNLOADING");
            JsonNode disabled = rest.post("/api/v1/networks/scripted/disable", null, 200);
            assertThat(disabled.get("enabled").asBoolean()).isFalse();
            assertThat(disabled.get("state").asString()).isEqualTo("DISABLED");
            lastEventBefore = rest.gatewayInfo().get("lastEventId").asLong();
        }

        try (ConfigurableApplicationContext second = start(fixture)) {
            RestOps rest = rest(second);
            assertThat(second.getBean(ApiToken.class).value()).as("token after restart").isEqualTo(tokenBefore);
            assertThat(Files.readString(fixture.dataDir().resolve("api-token")).trim()).isEqualTo(tokenBefore);

            JsonNode shareAfter = rest.shareGet(share.get("id").asString());
            assertThat(shareAfter).as("share after restart").isEqualTo(share);
            assertThat(rest.shareLinks(share.get("id").asString()).get("magnet").asString())
                    .contains(share.get("content").get("sha1").asString());

            JsonNode transferAfter = rest.transferGet(transfer.get("id").asString());
            assertThat(transferAfter.get("state").asString()).isEqualTo("DOWNLOADING");
            for (String member : List.of("id", "name", "content", "bytesTotal", "addedAt")) {
                assertThat(transferAfter.get(member)).as("transfer %s", member).isEqualTo(transfer.get(member));
            }

            JsonNode network = rest.get("/api/v1/networks/scripted");
            assertThat(network.get("enabled").asBoolean()).isFalse();
            assertThat(network.get("state").asString()).isEqualTo("DISABLED");

            // Give a (wrongly) queued re-hash time to report, then look at everything since the restart.
            Thread.sleep(500);
            JsonNode page = rest.get("/api/v1/events?after=0&limit=1000&wait=0");
            List<String> types = new ArrayList<>();
            page.get("events").forEach(e -> types.add(e.get("type").asString()));
            assertThat(types).as("events after the restart").doesNotContain("share.hashing", "share.ready",
                    "share.added", "share.failed");
            page.get("events").forEach(e -> assertThat(e.get("id").asLong()).as("event ids continue")
                    .isGreaterThan(lastEventBefore));
            assertThat(rest.gatewayInfo().get("shares").asInt()).isEqualTo(1);
            assertThat(rest.gatewayInfo().get("transfers").asInt()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(240)
    void aSeedingTorrentSeedsAgainAfterARestartAndAria2cFetchesItFromTheGatewayAlone(@TempDir Path folder)
            throws Exception {
        GatewayFixture fixture = GatewayFixture.in(Files.createDirectories(folder.resolve("gateway")));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("crossing.bin", 3 * (1 << 20) + 5);
        sizes.put("notes/log.txt", 70_001);
        try (OpenTrackerProcess tracker = OpenTrackerProcess.start(folder)) {
            SampleTorrent sample = SampleTorrent.create(Files.createDirectories(folder.resolve("seed")), "night-ferry",
                    sizes, 6_006L, tracker.announceUrl(), 18);
            tracker.whitelist(sample.infoHash());
            String id;
            JsonNode seeding;
            try (ConfigurableApplicationContext first = start(fixture)) {
                RestOps rest = rest(first);
                try (Aria2Process seeder = Aria2Process.seed(sample.torrent(), sample.folder().getParent(), 0,
                        folder.resolve("aria2-seed.log"))) {
                    HttpResponse<String> added = rest.send(rest.request("/api/v1/transfers/torrents")
                            .header("Content-Type", "application/x-bittorrent").header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(sample.bytes())).build());
                    assertThat(added.statusCode()).as("add torrent: %s", added.body()).isEqualTo(201);
                    id = RestOps.JSON.readTree(added.body()).get("id").asString();
                    seeding = poll(() -> rest.transferGet(id), t -> Set.of("SEEDING", "COMPLETED", "FAILED")
                            .contains(t.get("state").asString()), Duration.ofSeconds(90), "transfer " + id
                            + " finished; aria2c log:\n" + seeder.log());
                }
                assertThat(seeding.get("state").asString()).isEqualTo("SEEDING");
                rest.transferLimit(id, 0, 50_000_000);
            }

            // the original seeder is gone: from now on the gateway holds the only copy
            try (ConfigurableApplicationContext second = start(fixture)) {
                RestOps rest = rest(second);
                JsonNode after = rest.transferGet(id);
                assertThat(after.get("state").asString()).as("state after the restart").isEqualTo("SEEDING");
                assertThat(after.get("bytesVerified").asLong()).isEqualTo(sample.totalSize());
                assertThat(after.get("uploadLimit").asLong()).isEqualTo(50_000_000);
                assertThat(after.get("files")).hasSize(2);
                after.get("files").forEach(f -> assertThat(f.get("bytesVerified").asLong()).as("%s", f)
                        .isEqualTo(f.get("length").asLong()));
                for (String member : List.of("id", "name", "content", "bytesTotal", "addedAt", "files")) {
                    assertThat(after.get(member)).as("transfer %s", member).isEqualTo(seeding.get(member));
                }

                Path downloads = Files.createDirectories(folder.resolve("aria2-downloads"));
                try (Aria2Process leecher = Aria2Process.download(sample.torrent(), downloads, List.of(),
                        folder.resolve("aria2-get.log"))) {
                    int exit = leecher.awaitExit(Duration.ofSeconds(90));
                    assertThat(exit).as("aria2c exit code (-1: still running); aria2c log:%n%s%nopentracker log:%n%s",
                            leecher.log(), tracker.log()).isZero();
                }
                for (Map.Entry<String, byte[]> file : sample.files().entrySet()) {
                    assertThat(Files.readAllBytes(downloads.resolve(sample.name()).resolve(file.getKey())))
                            .as("bytes of %s fetched from the restarted gateway", file.getKey())
                            .isEqualTo(file.getValue());
                }
                assertThat(rest.transferGet(id).get("state").asString()).isEqualTo("SEEDING");
            }
        }
    }

    private static JsonNode poll(java.util.function.Supplier<JsonNode> call,
                                 java.util.function.Predicate<JsonNode> done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value = call.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + value);
            }
            Thread.sleep(100);
        }
    }

    private static ConfigurableApplicationContext start(GatewayFixture fixture) {
        List<String> args = new ArrayList<>();
        fixture.properties().forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        return new SpringApplicationBuilder(CrossnetApplication.class).run(args.toArray(String[]::new));
    }

    private static RestOps rest(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return new RestOps(URI.create("http://127.0.0.1:" + port), context.getBean(ApiToken.class).value());
    }
}
