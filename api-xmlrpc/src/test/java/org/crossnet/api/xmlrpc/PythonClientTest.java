package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossnet.api.xmlrpc.XmlRpcTestApplication.CredentialRecorder;
import org.crossnet.engine.facade.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Python's standard-library {@code xmlrpc.client} against the running endpoint, in a subprocess, with both the
 * system interpreter and the one first on PATH: proves that a client with no Crossnet code reads our i8 and base64
 * values, sends its token both ways docs/api-xmlrpc.md shows, and sees faults with the documented codes.
 */
@SpringBootTest(classes = XmlRpcTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PythonClientTest {
    private static final String TOKEN = "s3cret-token";
    private static final long FIVE_GIB = FakeGateway.FIVE_GIB;

    @LocalServerPort
    int port;
    @Autowired
    FakeGateway gateway;
    @Autowired
    CredentialRecorder credentials;

    @BeforeEach
    void setUp() {
        gateway.reset();
        credentials.seen.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/bin/python3", "python3"})
    void stdlibClientReadsEveryWireForm(String python, @TempDir Path dir) throws Exception {
        Path script = dir.resolve("xmlrpc_client_check.py");
        try (InputStream in = getClass().getResourceAsStream("/python/xmlrpc_client_check.py")) {
            Files.copy(in, script);
        }

        JsonNode out = run(python, script);

        List<String> methods = new ArrayList<>();
        out.get("methods").forEach(m -> methods.add(m.asString()));
        for (Operation operation : Operation.values()) {
            assertThat(methods).contains(operation.xmlRpcName());
        }
        assertThat(out.get("info").get("version").asString()).isEqualTo("0.1.0-test");
        assertThat(out.get("info").get("lastEventId").asLong()).isZero();

        assertThat(gateway.queries).singleElement().satisfies(q -> assertThat(q.minSize()).isEqualTo(FIVE_GIB));
        JsonNode hit = out.get("results").get("hits").get(0);
        assertThat(hit.get("size").asLong()).isEqualTo(FIVE_GIB);
        assertThat(hit.get("content").get("size").asLong()).isEqualTo(FIVE_GIB);

        byte[] torrent = gateway.torrents.get(0);
        assertThat(new String(torrent, StandardCharsets.US_ASCII)).startsWith("d8:announce22:http://tracker.invalid");
        JsonNode transfer = out.get("transfer");
        assertThat(transfer.get("bytesTotal").asLong()).isEqualTo(FIVE_GIB);
        assertThat(transfer.get("progress").asDouble()).isEqualTo(0.25);
        assertThat(transfer.get("content").get("btih").asString())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(torrent)));
        assertThat(transfer.get("files").get(1).get("length").asLong()).as("a 64-bit file length")
                .isEqualTo(FIVE_GIB - FIVE_GIB / 5);
        assertThat(transfer.get("trackers").get(0).get("state").asString()).isEqualTo("WORKING");
        assertThat(transfer.get("trackers").get(1).has("lastAnnounce")).isFalse();
        assertThat(out.get("limited").get("downloadLimit").asLong()).as("sent as a decimal string").isEqualTo(FIVE_GIB);
        assertThat(out.get("limited").get("uploadLimit").asLong()).isEqualTo(65_536);
        assertThat(out.get("removed").asBoolean()).isTrue();

        assertThat(out.get("torrentType").asString()).isEqualTo("bytes");
        assertThat(new String(Base64.getDecoder().decode(out.get("torrentBytes").asString()), StandardCharsets.UTF_8))
                .isEqualTo("d4:infod6:lengthi5368709120eee");

        JsonNode events = out.get("events").get("events");
        assertThat(events.size()).isEqualTo(3);
        assertThat(events.get(0).get("type").asString()).isEqualTo("transfer.added");
        assertThat(events.get(1).get("data").get("dataDeleted").asString()).isEqualTo("false");
        assertThat(events.get(2).get("data").get("size").asString()).isEqualTo("5368709120");
        assertThat(out.get("events").get("next").asLong()).isEqualTo(3);

        assertThat(out.get("fault").get("faultCode").asInt()).isEqualTo(100);
        assertThat(out.get("fault").get("faultString").asString()).isEqualTo("INVALID_ARGUMENT: crossnet.transfer.get:"
                + " argument 1: id: not-a-uuid (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");

        String basic = Base64.getEncoder().encodeToString(("crossnet:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(credentials.seen).contains("Authorization: Basic " + basic, "X-Crossnet-Token: " + TOKEN);
    }

    private JsonNode run(String python, Path script) throws IOException, InterruptedException {
        Path stderr = script.resolveSibling("stderr.txt");
        Process process = new ProcessBuilder(python, script.toString(), Integer.toString(port), TOKEN)
                .redirectError(stderr.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as("python exit; stderr: %s", Files.readString(stderr)).isZero();
        return JsonMapper.builder().build().readTree(new String(stdout, StandardCharsets.UTF_8));
    }
}
