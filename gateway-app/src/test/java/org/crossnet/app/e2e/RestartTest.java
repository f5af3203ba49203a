package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.app.ApiToken;
import org.crossnet.app.CrossnetApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * State survives a restart of the whole application on the same data folder: a hashed share, a queued transfer, a
 * disabled network and the API token are as they were, and the share is READY at once, without hashing it again.
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
