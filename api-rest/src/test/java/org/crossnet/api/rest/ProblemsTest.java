package org.crossnet.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** Every failure reaches the client as an RFC 9457 problem with a stable code and a precise detail. */
class ProblemsTest extends RestApiTestBase {
    private static final int TORRENT_CAP = 64 * 1024;

    @ParameterizedTest
    @EnumSource(GatewayErrorCode.class)
    void everyGatewayErrorCodeMapsToItsProblem(GatewayErrorCode code) {
        fake.failWith(new GatewayException(code, "transfer: busy (expected: idle)"));
        JsonNode body = problem(get("/api/v1/transfers"), code.httpStatus(), code.name(), code.number());
        assertThat(body.get("detail").asString()).isEqualTo("transfer: busy (expected: idle)");
        assertThat(body.get("title").asString()).isEqualTo(GatewayProblems.title(code));
        assertThat(body.get("instance").asString()).isEqualTo("/api/v1/transfers");
    }

    @Test
    void titlesReadAsWords() {
        assertThat(GatewayProblems.title(GatewayErrorCode.INVALID_ARGUMENT)).isEqualTo("Invalid argument");
        assertThat(GatewayProblems.title(GatewayErrorCode.LIMIT_EXCEEDED)).isEqualTo("Limit exceeded");
    }

    @Test
    void unexpectedExceptionIsInternalWithAGenericDetail() {
        fake.failWith(new IllegalStateException("secret /var/lib/crossnet/db password=hunter2"));
        JsonNode body = problem(get("/api/v1/gateway"), 500, "INTERNAL", 199);
        assertThat(body.get("detail").asString()).isEqualTo("internal error; the gateway log has the details");
        assertThat(body.toString()).doesNotContain("secret", "hunter2", "IllegalState");
    }

    @Test
    void notFoundFromTheFacade() {
        TransferId id = TransferId.random();
        JsonNode body = problem(get("/api/v1/transfers/" + id), 404, "NOT_FOUND", 101);
        assertThat(body.get("detail").asString()).isEqualTo("transfer not found: " + id);
    }

    @Test
    void badUuidsInEveryIdPosition() {
        for (String path : new String[] {"/api/v1/transfers/nope", "/api/v1/shares/nope/links",
                "/api/v1/searches/nope/results"}) {
            JsonNode body = problem(get(path), 400, "INVALID_ARGUMENT", 100);
            assertThat(body.get("detail").asString())
                    .isEqualTo("id: nope (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        }
        assertThat(problem(delete("/api/v1/shares/12"), 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .startsWith("id: 12 (expected: a UUID");
        assertThat(problem(putJson("/api/v1/transfers/nope/limits", "{\"downloadLimit\":1,\"uploadLimit\":1}"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString()).startsWith("id: nope (expected: a UUID");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void badNetworkId() {
        assertThat(problem(post("/api/v1/networks/BitTorrent/enable"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("network: BitTorrent (expected: [a-z][a-z0-9-]{1,31})");
    }

    @Test
    void malformedJson() {
        JsonNode body = problem(postJson("/api/v1/searches", "{\"keywords\": [\"a\",}"), 400, "INVALID_ARGUMENT",
                100);
        assertThat(body.get("detail").asString()).matches(
                "body: malformed JSON at line 1, column \\d+ \\(expected: a JSON object\\)");
    }

    @Test
    void missingBody() {
        assertThat(problem(postJson("/api/v1/transfers/links", ""), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("body: missing (expected: a JSON object)");
    }

    @Test
    void bodyOfTheWrongShape() {
        assertThat(problem(postJson("/api/v1/transfers/links", "[1,2]"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("body: a list (expected: a JSON object)");
    }

    @Test
    void wrongTypesInTheBody() {
        assertThat(problem(postJson("/api/v1/transfers/hits", "{\"search\":\"" + SearchId.random()
                + "\",\"index\":\"three\"}"), 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("index: \"three\" (expected: a 32-bit integer)");
        assertThat(problem(postJson("/api/v1/searches", "{\"keywords\":{\"a\":1}}"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("keywords: an object (expected: a list)");
        assertThat(problem(putJson("/api/v1/transfers/" + TransferId.random() + "/limits",
                "{\"downloadLimit\":\"fast\",\"uploadLimit\":0}"), 400, "INVALID_ARGUMENT", 100).get("detail")
                .asString()).isEqualTo("downloadLimit: \"fast\" (expected: a 64-bit integer)");
        assertThat(problem(postJson("/api/v1/searches", "{\"keywords\":[\"a\"],\"minSize\":99999999999999999999}"),
                400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("minSize: out of range (expected: a 64-bit integer)");
    }

    @Test
    void invalidValuesInTheBody() {
        assertThat(problem(postJson("/api/v1/searches", "{\"keywords\":[]}"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("keywords: 0 words (expected: 1..16 words)");
        assertThat(problem(postJson("/api/v1/searches", "{\"keywords\":[\"a\"],\"media\":\"movie\"}"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("media: movie (expected: one of [ANY, AUDIO, VIDEO, IMAGE, DOCUMENT, ARCHIVE, PROGRAM, "
                        + "CD_IMAGE])");
        assertThat(problem(postJson("/api/v1/transfers/hits", "{\"search\":\"" + SearchId.random() + "\"}"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("index: missing (expected: an integer >= 0)");
        TransferId transfer = TransferId.random();
        assertThat(problem(putJson("/api/v1/transfers/" + transfer + "/limits", "{\"downloadLimit\":5}"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("uploadLimit: missing (expected: bytes/second >= 0, 0 = no limit)");
        assertThat(problem(putJson("/api/v1/transfers/" + transfer + "/limits", "{\"uploadLimit\":5}"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("downloadLimit: missing (expected: bytes/second >= 0, 0 = no limit)");
        assertThat(problem(postJson("/api/v1/transfers/links", "{}"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("link: missing (expected: a magnet URI or an ed2k:// file link)");
        assertThat(problem(postJson("/api/v1/shares", "{\"path\":\" \"}"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("path: blank (expected: a file or folder path)");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void aNegativeLimitIsTheFacadesInvalidArgument() {
        TransferStatus status = fake.putTransfer(FakeGatewayService.transfer(TransferId.random(), "a.iso",
                FakeGatewayService.CONTENT, TransferState.DOWNLOADING));
        assertThat(problem(putJson("/api/v1/transfers/" + status.id() + "/limits",
                "{\"downloadLimit\":-1,\"uploadLimit\":0}"), 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("downloadLimit: -1 (expected: bytes/second >= 0, 0 = no limit)");
    }

    @Test
    void wrongTypesInQueryParameters() {
        SearchId id = SearchId.random();
        assertThat(problem(get("/api/v1/searches/" + id + "/results?offset=x"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).isEqualTo("offset: \"x\" (expected: a 32-bit integer)");
        assertThat(problem(delete("/api/v1/transfers/" + TransferId.random() + "?deleteData=maybe"), 400,
                "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("deleteData: \"maybe\" (expected: true or false)");
        assertThat(problem(get("/api/v1/events?after=-"), 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("after: \"-\" (expected: a 64-bit integer)");
    }

    @Test
    void unknownRoute() {
        JsonNode body = problem(get("/api/v1/nothing/here"), 404, "NOT_FOUND", 101);
        assertThat(body.get("detail").asString())
                .isEqualTo("route: GET /api/v1/nothing/here (expected: a route listed in docs/api-rest.md)");
        problem(get("/api/v1"), 404, "NOT_FOUND", 101);
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
        HttpResponse<String> response = send(request("/api/v1/gateway")
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        JsonNode body = problem(response, 405, "INVALID_ARGUMENT", 100);
        assertThat(body.get("detail").asString()).isEqualTo("method: PUT /api/v1/gateway (expected: GET)");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        JsonNode del = problem(delete("/api/v1/searches"), 405, "INVALID_ARGUMENT", 100);
        assertThat(del.get("detail").asString()).isEqualTo("method: DELETE /api/v1/searches (expected: POST)");
    }

    @Test
    void optionsListsTheAllowedMethods() {
        HttpResponse<String> response = send(request("/api/v1/transfers")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET").doesNotContain("DELETE"));
    }

    @Test
    void unsupportedMediaType() {
        HttpResponse<String> response = send(request("/api/v1/transfers/links").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("magnet:?")).build());
        assertThat(problem(response, 415, "INVALID_ARGUMENT", 100).get("detail").asString())
                .startsWith("Content-Type: text/plain").endsWith(" (expected: application/json)");
        HttpResponse<String> none = send(request("/api/v1/shares").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(problem(none, 415, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("Content-Type: missing (expected: application/json)");
        HttpResponse<String> torrent = send(request("/api/v1/transfers/torrents").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("d4:infoe")).build());
        assertThat(problem(torrent, 415, "INVALID_ARGUMENT", 100).get("detail").asString())
                .startsWith("Content-Type: text/plain")
                .endsWith(" (expected: application/x-bittorrent, application/json)");
    }

    @Test
    void notAcceptable() {
        HttpResponse<String> response = send(request("/api/v1/gateway").header("Accept", "text/csv").GET().build());
        assertThat(problem(response, 406, "INVALID_ARGUMENT", 100).get("detail").asString())
                .startsWith("Accept: \"text/csv\" (expected: application/json");
    }

    @Test
    void oversizedRawTorrentIsRefusedBeforeTheFacade() {
        byte[] big = new byte[TORRENT_CAP + 1];
        HttpResponse<String> response = send(request("/api/v1/transfers/torrents")
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
        assertThat(problem(response, 413, "LIMIT_EXCEEDED", 106).get("detail").asString())
                .isEqualTo("torrent: 65537 bytes (expected: at most 65536 bytes)");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void oversizedChunkedTorrentIsCutOffWhileReading() {
        byte[] chunk = new byte[16 * 1024];
        HttpResponse<String> response = send(request("/api/v1/transfers/torrents")
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(Arrays.asList(chunk, chunk, chunk, chunk, chunk)))
                .build());
        assertThat(problem(response, 413, "LIMIT_EXCEEDED", 106).get("detail").asString())
                .isEqualTo("torrent: more than 65536 bytes (expected: at most 65536 bytes)");
    }

    @Test
    void badTorrentBodies() {
        HttpResponse<String> empty = send(request("/api/v1/transfers/torrents")
                .header("Content-Type", "application/x-bittorrent").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(problem(empty, 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("torrent: empty (expected: the bytes of a .torrent file)");
        assertThat(problem(postJson("/api/v1/transfers/torrents", "{\"torrent\":\"@@@\"}"), 400, "INVALID_ARGUMENT",
                100).get("detail").asString()).isEqualTo("torrent: not base64 (expected: the .torrent file in "
                + "standard base64)");
        assertThat(problem(postJson("/api/v1/transfers/torrents", "{\"torrent\":12"), 400, "INVALID_ARGUMENT", 100)
                .get("detail").asString()).startsWith("body: malformed JSON at line 1");
        String tooBig = Base64.getEncoder().encodeToString(new byte[TORRENT_CAP + 3]);
        assertThat(problem(postJson("/api/v1/transfers/torrents", "{\"torrent\":\"" + tooBig + "\"}"), 413,
                "LIMIT_EXCEEDED", 106).get("detail").asString())
                .isEqualTo("torrent: 65539 bytes (expected: at most 65536 bytes)");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void oversizedJsonBody() {
        String big = "{\"path\":\"" + "a".repeat(20_000) + "\"}";
        assertThat(problem(postJson("/api/v1/shares", big), 413, "LIMIT_EXCEEDED", 106).get("detail").asString())
                .isEqualTo("body: 20011 bytes (expected: at most 16384 bytes)");
    }
}
