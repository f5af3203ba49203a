package org.crossnet.api.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.model.TransferState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A third-party SOAP stack (python3-zeep, the Debian package) loads the WSDL and calls the endpoint. */
class ZeepInteropTest extends SoapEndpointTestBase {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void zeepLoadsTheWsdlAndDecodesInfoTransfersAndFaults(@TempDir Path dir) throws Exception {
        assumeTrue(zeepAvailable(), "needs /usr/bin/python3 with python3-zeep (apt-get install python3-zeep)");
        when(service.gatewayInfo()).thenReturn(Fixtures.info());
        when(service.transferList()).thenReturn(List.of(Fixtures.transfer(TransferState.DOWNLOADING),
                Fixtures.transfer(TransferState.SEEDING)));
        when(service.transferLimit(Fixtures.TRANSFER, 9_000_000_000L, 0)).thenReturn(
                Fixtures.transfer(TransferState.SEEDING));
        Path script = dir.resolve("gateway_client.py");
        try (InputStream in = getClass().getResourceAsStream("/zeep/gateway_client.py")) {
            Files.copy(in, script);
        }

        Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), endpoint() + "?wsdl",
                Fixtures.TRANSFER.toString())
                .redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();

        JsonNode result = JsonMapper.builder().build().readTree(out);
        JsonNode info = result.get("info");
        assertThat(info.get("version").asString()).isEqualTo("0.1.0");
        assertThat(info.get("startedAt").asString()).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(info.get("networks").asInt()).isEqualTo(3);
        assertThat(info.get("lastEventId").asLong()).isEqualTo(9_000_000_000L);
        JsonNode transfers = result.get("transfers");
        assertThat(transfers.size()).isEqualTo(2);
        JsonNode first = transfers.get(0);
        assertThat(first.get("id").asString()).isEqualTo(Fixtures.TRANSFER.toString());
        assertThat(first.get("state").asString()).isEqualTo("DOWNLOADING");
        assertThat(first.get("bytesTotal").asLong()).isEqualTo(Fixtures.BIG);
        assertThat(first.get("content").get("btih").asString()).isEqualTo(Fixtures.TWENTY.hex());
        assertThat(first.get("content").get("aich").isNull()).isTrue();
        assertThat(first.get("sources").get(0).get("network").asString()).isEqualTo("bittorrent");
        assertThat(first.get("sources").get(1).get("known").asInt()).isEqualTo(4);
        assertThat(transfers.get(1).get("state").asString()).isEqualTo("SEEDING");
        assertThat(first.get("files").get(0).get("length").asLong()).isEqualTo(Fixtures.BIG - 100);
        assertThat(first.get("files").get(1).get("path").asString()).isEqualTo("subs/en.srt");
        assertThat(first.get("trackers").get(0).get("seeders").asInt()).isEqualTo(7);
        assertThat(first.get("trackers").get(1).get("lastAnnounce").isNull()).as("absent, decoded as None").isTrue();
        assertThat(first.get("trackers").get(1).get("error").asString()).isEqualTo("timed out");
        assertThat(first.get("downloadLimit").asLong()).isEqualTo(Fixtures.BIG + 1);
        verify(service).transferLimit(Fixtures.TRANSFER, 9_000_000_000L, 0);
        assertThat(result.get("limited").get("state").asString()).isEqualTo("SEEDING");
        JsonNode fault = result.get("fault");
        assertThat(fault.get("code").asString()).endsWith("Client");
        assertThat(fault.get("message").asString())
                .isEqualTo("id: not-a-uuid (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        assertThat(fault.get("detailCode").asString()).isEqualTo("100");
        assertThat(fault.get("detailCodeName").asString()).isEqualTo("INVALID_ARGUMENT");
    }

    private static boolean zeepAvailable() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import zeep").start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
