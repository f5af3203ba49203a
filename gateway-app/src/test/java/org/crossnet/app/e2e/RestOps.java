package org.crossnet.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The REST API through the JDK's {@link HttpClient} with the token as {@code Authorization: Bearer}. */
final class RestOps implements GatewayOps {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    RestOps(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public JsonNode gatewayInfo() {
        return get("/api/v1/gateway");
    }

    @Override
    public JsonNode networkList() {
        return get("/api/v1/networks");
    }

    @Override
    public JsonNode shareAdd(String path) {
        return post("/api/v1/shares", object().put("path", path), 202);
    }

    @Override
    public JsonNode shareGet(String id) {
        return get("/api/v1/shares/" + id);
    }

    @Override
    public JsonNode shareLinks(String id) {
        return get("/api/v1/shares/" + id + "/links");
    }

    @Override
    public JsonNode searchStart(String keyword) {
        ObjectNode query = object();
        query.putArray("keywords").add(keyword);
        return post("/api/v1/searches", query, 201);
    }

    @Override
    public JsonNode searchResults(String id) {
        return get("/api/v1/searches/" + id + "/results?offset=0&limit=50");
    }

    @Override
    public JsonNode searchStop(String id) {
        return post("/api/v1/searches/" + id + "/stop", null, 200);
    }

    @Override
    public JsonNode transferAddHit(String search, int index) {
        return post("/api/v1/transfers/hits", object().put("search", search).put("index", index), 201);
    }

    /** transfer.addLink: {@code POST /transfers/links}, expecting 201. */
    JsonNode transferAddLink(String link) {
        return json(send(addLinkRequest(link)), 201);
    }

    /** The POST of transfer.addLink, for tests that look at a refusal too. */
    HttpRequest addLinkRequest(String link) {
        return request("/api/v1/transfers/links").header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(object().put("link", link))))
                .build();
    }

    /** The POST of transfer.addHit, for tests that look at a refusal too. */
    HttpRequest addHitRequest(String search, int index) {
        return request("/api/v1/transfers/hits").header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(object().put("search", search).put("index", index))))
                .build();
    }

    /** search.start with keywords and the networks to ask (all when empty). */
    JsonNode searchStart(List<String> keywords, List<String> networks) {
        ObjectNode query = object();
        keywords.forEach(query.putArray("keywords")::add);
        if (!networks.isEmpty()) {
            networks.forEach(query.putArray("networks")::add);
        }
        return post("/api/v1/searches", query, 201);
    }

    @Override
    public JsonNode transferList() {
        return get("/api/v1/transfers");
    }

    @Override
    public JsonNode transferGet(String id) {
        return get("/api/v1/transfers/" + id);
    }

    @Override
    public JsonNode transferLimit(String id, long downloadLimit, long uploadLimit) {
        return json(send(limitRequest(id, downloadLimit, uploadLimit)), 200);
    }

    /** The PUT of transfer.limit, for tests that look at a refusal too. */
    HttpRequest limitRequest(String id, long downloadLimit, long uploadLimit) {
        ObjectNode body = object().put("downloadLimit", downloadLimit).put("uploadLimit", uploadLimit);
        return request("/api/v1/transfers/" + id + "/limits").header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    @Override
    public JsonNode eventPoll(long after) {
        return get("/api/v1/events?after=" + after + "&limit=1000&wait=0");
    }

    /** GET with the token; expects 200 and JSON. */
    JsonNode get(String path) {
        return json(send(request(path).header("Accept", "application/json").GET().build()), 200);
    }

    /** POST of a JSON body (or none) with the token; expects {@code status} and JSON. */
    JsonNode post(String path, JsonNode body, int status) {
        HttpRequest.Builder request = request(path);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return json(send(request.build()), status);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + request, e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s %s, body %s", response.request().method(),
                response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
