package org.crossnet.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.crossnet.engine.facade.Operation;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The happy path of every route: status, headers, the exact member set of the wire form, and the facade call. */
class RoutesTest extends RestApiTestBase {
    private static final String CONTENT_JSON = "{\"size\":1234,\"name\":\"a.iso\","
            + "\"sha1\":\"AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT\",\"ed2k\":\"000102030405060708090a0b0c0d0e0f\","
            + "\"aich\":\"GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF\",\"tth\":\"MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU6Y\","
            + "\"btih\":\"c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb\"}";

    @Autowired
    RestTestApplication.RecordingObserver observer;

    @Test
    void gatewayInfo() {
        fake.publish(new GatewayEvent.ShareRemoved(ShareId.random()));
        JsonNode body = json(get("/api/v1/gateway"), 200);
        assertThat(body).isEqualTo(JSON.readTree("{\"version\":\"0.1.0-test\",\"startedAt\":\"2026-11-25T18:00:00Z\","
                + "\"networks\":2,\"transfers\":0,\"shares\":0,\"lastEventId\":1}"));
    }

    @Test
    void networkListSortsCapabilitiesAndKeepsEmptyDetail() {
        JsonNode body = json(get("/api/v1/networks"), 200);
        assertThat(body).isEqualTo(JSON.readTree("[{\"id\":\"bittorrent\",\"displayName\":\"BitTorrent\","
                + "\"enabled\":true,\"state\":\"RUNNING\",\"capabilities\":[\"SEARCH\",\"DOWNLOAD\",\"DHT\"],"
                + "\"detail\":\"3 peers\"},{\"id\":\"ed2k\",\"displayName\":\"eDonkey\",\"enabled\":false,"
                + "\"state\":\"DISABLED\",\"capabilities\":[\"SEARCH\",\"SERVER\"],\"detail\":\"\"}]"));
    }

    @Test
    void networkStatusEnableDisableRestart() {
        assertThat(json(get("/api/v1/networks/ed2k"), 200).get("state").asString()).isEqualTo("DISABLED");
        JsonNode enabled = json(post("/api/v1/networks/ed2k/enable"), 200);
        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(enabled.get("state").asString()).isEqualTo("STARTING");
        assertThat(json(post("/api/v1/networks/ed2k/restart"), 200).get("detail").asString()).isEqualTo("restarting");
        JsonNode disabled = json(post("/api/v1/networks/ed2k/disable"), 200);
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(fake.calls).containsExactly(List.of("networkStatus", FakeGatewayService.ED2K),
                List.of("networkEnable", FakeGatewayService.ED2K), List.of("networkRestart", FakeGatewayService.ED2K),
                List.of("networkDisable", FakeGatewayService.ED2K));
    }

    @Test
    void searchStartIsCreatedWithLocationAndDefaults() {
        HttpResponse<String> response = postJson("/api/v1/searches", "{\"keywords\":[\"linux\",\"iso\"]}");
        JsonNode body = json(response, 201);
        String id = body.get("id").asString();
        assertThat(response.headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + port + "/api/v1/searches/" + id + "/results");
        assertThat(body).isEqualTo(JSON.readTree("{\"id\":\"" + id + "\",\"keywords\":[\"linux\",\"iso\"],"
                + "\"state\":\"RUNNING\",\"running\":[\"bittorrent\",\"ed2k\"],\"finished\":[],\"hits\":0,"
                + "\"startedAt\":\"2026-11-25T18:00:00Z\"}"));
        assertThat(fake.calls).containsExactly(List.of("searchStart",
                new SearchQuery(List.of("linux", "iso"), 0, Long.MAX_VALUE, MediaType.ANY, Set.of())));
    }

    @Test
    void searchStartPassesEveryQueryMember() {
        json(postJson("/api/v1/searches", "{\"keywords\":[\"a\"],\"minSize\":10,\"maxSize\":5000000000,"
                + "\"media\":\"VIDEO\",\"networks\":[\"ed2k\"]}"), 201);
        assertThat(fake.calls).containsExactly(List.of("searchStart", new SearchQuery(List.of("a"), 10,
                5_000_000_000L, MediaType.VIDEO, Set.of(FakeGatewayService.ED2K))));
    }

    @Test
    void searchResultsAndStop() {
        SearchView search = fake.putSearch(new SearchView(SearchId.random(), SearchQuery.ofKeywords("a"),
                SearchState.RUNNING, Set.of(FakeGatewayService.BT), Set.of(FakeGatewayService.ED2K), 1,
                FakeGatewayService.T0));
        JsonNode page = json(get("/api/v1/searches/" + search.id() + "/results?offset=3&limit=7"), 200);
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("offset").asInt()).isEqualTo(3);
        assertThat(page.get("search").get("id").asString()).isEqualTo(search.id().toString());
        assertThat(page.get("hits")).isEqualTo(JSON.readTree("[{\"index\":3,\"name\":\"a.iso\",\"size\":1234,"
                + "\"content\":" + CONTENT_JSON + ",\"networks\":[\"bittorrent\",\"ed2k\"],\"sources\":9}]"));
        JsonNode defaults = json(get("/api/v1/searches/" + search.id() + "/results"), 200);
        assertThat(defaults.get("offset").asInt()).isZero();

        JsonNode stopped = json(post("/api/v1/searches/" + search.id() + "/stop"), 200);
        assertThat(stopped.get("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("finished")).isEqualTo(JSON.readTree("[\"bittorrent\",\"ed2k\"]"));
        assertThat(fake.calls).containsExactly(List.of("searchResults", search.id(), 3, 7),
                List.of("searchResults", search.id(), 0, 50), List.of("searchStop", search.id()));
    }

    @Test
    void transferAddLinkOmitsNullMembers() {
        HttpResponse<String> response = postJson("/api/v1/transfers/links",
                "{\"link\":\"magnet:?xt=urn:btih:c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb\"}");
        JsonNode body = json(response, 201);
        String id = body.get("id").asString();
        assertThat(response.headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + port + "/api/v1/transfers/" + id);
        assertThat(body).isEqualTo(JSON.readTree("{\"id\":\"" + id + "\",\"name\":\"magnet\","
                + "\"content\":{\"size\":-1,\"btih\":\"c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb\"},"
                + "\"state\":\"QUEUED\",\"bytesDone\":0,\"bytesVerified\":0,\"bytesTotal\":-1,\"downloadRate\":0,"
                + "\"uploadRate\":0,\"progress\":0.0,\"sources\":[],\"detail\":\"waiting for metadata\","
                + "\"addedAt\":\"2026-11-25T18:00:00Z\",\"files\":[],\"trackers\":[],\"downloadLimit\":0,"
                + "\"uploadLimit\":0}"));
    }

    @Test
    void transferAddTorrentRawBody() {
        byte[] torrent = "d4:infod6:lengthi1e4:name1:aee".getBytes();
        HttpResponse<String> response = send(request("/api/v1/transfers/torrents")
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(torrent)).build());
        JsonNode body = json(response, 201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/api/v1/transfers/" + body.get("id").asString()));
        assertThat(fake.lastTorrent).isEqualTo(torrent);
    }

    @Test
    void transferAddTorrentBase64Json() {
        byte[] torrent = "d4:infod6:lengthi1e4:name1:bee".getBytes();
        json(postJson("/api/v1/transfers/torrents",
                "{\"torrent\":\"" + Base64.getEncoder().encodeToString(torrent) + "\"}"), 201);
        assertThat(fake.lastTorrent).isEqualTo(torrent);
    }

    @Test
    void transferAddHit() {
        SearchView search = fake.putSearch(new SearchView(SearchId.random(), SearchQuery.ofKeywords("a"),
                SearchState.FINISHED, Set.of(), Set.of(), 1, FakeGatewayService.T0));
        JsonNode body = json(postJson("/api/v1/transfers/hits",
                "{\"search\":\"" + search.id() + "\",\"index\":2}"), 201);
        assertThat(body.get("state").asString()).isEqualTo("QUEUED");
        assertThat(fake.calls).containsExactly(List.of("transferAddHit", search.id(), 2));
    }

    @Test
    void transferGetRendersEveryMemberSourcesSortedAndProgress() {
        TransferStatus status = fake.putTransfer(FakeGatewayService.transfer(TransferId.random(), "a.iso",
                FakeGatewayService.CONTENT, TransferState.DOWNLOADING));
        JsonNode body = json(get("/api/v1/transfers/" + status.id()), 200);
        assertThat(body).isEqualTo(JSON.readTree("{\"id\":\"" + status.id() + "\",\"name\":\"a.iso\","
                + "\"content\":" + CONTENT_JSON + ",\"state\":\"DOWNLOADING\",\"bytesDone\":600,"
                + "\"bytesVerified\":500,\"bytesTotal\":1000,\"downloadRate\":20,\"uploadRate\":10,\"progress\":0.5,"
                + "\"sources\":[{\"network\":\"bittorrent\",\"connected\":2,\"known\":7},"
                + "{\"network\":\"ed2k\",\"connected\":1,\"known\":4}],\"addedAt\":\"2026-11-25T18:00:00Z\","
                + "\"files\":[{\"path\":\"disc 1/a.iso\",\"length\":700,\"offset\":0,\"bytesVerified\":450},"
                + "{\"path\":\"b.txt\",\"length\":300,\"offset\":700,\"bytesVerified\":50}],"
                + "\"trackers\":[{\"network\":\"bittorrent\",\"url\":\"udp://tracker.example:1337/announce\","
                + "\"tier\":0,\"state\":\"WORKING\",\"lastAnnounce\":\"2026-11-25T18:01:00Z\","
                + "\"nextAnnounce\":\"2026-11-25T18:31:00Z\",\"peers\":12,\"seeders\":3,\"leechers\":9},"
                + "{\"network\":\"bittorrent\",\"url\":\"http://backup.example/announce\",\"tier\":1,"
                + "\"state\":\"IDLE\",\"peers\":0,\"seeders\":-1,\"leechers\":-1}],"
                + "\"downloadLimit\":0,\"uploadLimit\":5000000000}"));
    }

    @Test
    void transferLimitReplacesBothLimitsWithPut() {
        TransferStatus status = fake.putTransfer(FakeGatewayService.transfer(TransferId.random(), "a.iso",
                FakeGatewayService.CONTENT, TransferState.SEEDING));
        JsonNode body = json(putJson("/api/v1/transfers/" + status.id() + "/limits",
                "{\"downloadLimit\":9000000000,\"uploadLimit\":0}"), 200);
        assertThat(body.get("downloadLimit").asLong()).isEqualTo(9_000_000_000L);
        assertThat(body.get("uploadLimit").asLong()).isZero();
        assertThat(body.get("state").asString()).isEqualTo("SEEDING");
        assertThat(fake.calls).containsExactly(List.of("transferLimit", status.id(), 9_000_000_000L, 0L));
    }

    @Test
    void transferListPauseResumeRemove() {
        TransferStatus status = fake.putTransfer(FakeGatewayService.transfer(TransferId.random(), "a.iso",
                FakeGatewayService.CONTENT, TransferState.DOWNLOADING));
        JsonNode list = json(get("/api/v1/transfers"), 200);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo(status.id().toString());
        assertThat(json(post("/api/v1/transfers/" + status.id() + "/pause"), 200).get("state").asString())
                .isEqualTo("PAUSED");
        assertThat(json(post("/api/v1/transfers/" + status.id() + "/resume"), 200).get("state").asString())
                .isEqualTo("DOWNLOADING");
        HttpResponse<String> removed = delete("/api/v1/transfers/" + status.id() + "?deleteData=true");
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(removed.body()).isEmpty();
        assertThat(fake.calls).contains(List.of("transferRemove", status.id(), true));
        TransferStatus other = fake.putTransfer(FakeGatewayService.transfer(TransferId.random(), "b",
                FakeGatewayService.CONTENT, TransferState.PAUSED));
        assertThat(delete("/api/v1/transfers/" + other.id()).statusCode()).isEqualTo(204);
        assertThat(fake.calls).contains(List.of("transferRemove", other.id(), false));
    }

    @Test
    void shareAddIsAcceptedAndOmitsContentUntilHashed() {
        HttpResponse<String> response = postJson("/api/v1/shares", "{\"path\":\"/srv/a.iso\"}");
        JsonNode body = json(response, 202);
        assertThat(body).hasSize(1);
        String id = body.get(0).get("id").asString();
        assertThat(body.get(0)).isEqualTo(JSON.readTree("{\"id\":\"" + id + "\",\"path\":\"/srv/a.iso\","
                + "\"name\":\"a.iso\",\"size\":1234,\"state\":\"HASHING\",\"bytesHashed\":0,"
                + "\"addedAt\":\"2026-11-25T18:00:00Z\"}"));
    }

    @Test
    void shareListGetLinksRemove() {
        ShareView share = fake.putShare(new ShareView(ShareId.random(), "/srv/a.iso", "a.iso", 1234, ShareState.READY,
                1234, FakeGatewayService.CONTENT, null, FakeGatewayService.T0));
        assertThat(json(get("/api/v1/shares"), 200)).hasSize(1);
        JsonNode one = json(get("/api/v1/shares/" + share.id()), 200);
        assertThat(one.get("content")).isEqualTo(JSON.readTree(CONTENT_JSON));
        assertThat(one.get("state").asString()).isEqualTo("READY");
        assertThat(json(get("/api/v1/shares/" + share.id() + "/links"), 200)).isEqualTo(JSON.readTree(
                "{\"magnet\":\"magnet:?xt=urn:btih:c8c9\",\"ed2k\":\"ed2k://|file|a.iso|1234|000102|/\","
                        + "\"torrent\":\"" + Base64.getEncoder().encodeToString(new byte[] {'d', 'e'}) + "\"}"));
        HttpResponse<String> removed = delete("/api/v1/shares/" + share.id());
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(fake.calls).contains(List.of("shareRemove", share.id()));
    }

    @Test
    void eventPollRendersDataFromEventFields() {
        TransferId transfer = TransferId.random();
        fake.publish(new GatewayEvent.TransferStateChanged(transfer, TransferState.QUEUED, TransferState.DOWNLOADING,
                null));
        fake.publish(new GatewayEvent.TransferAdded(transfer, "a.iso", FakeGatewayService.BTIH_ONLY));
        JsonNode page = json(get("/api/v1/events?after=0&limit=10&wait=0"), 200);
        assertThat(page).isEqualTo(JSON.readTree("{\"events\":[{\"id\":1,\"at\":\"2026-11-25T18:00:01Z\","
                + "\"type\":\"transfer.state\",\"data\":{\"from\":\"QUEUED\",\"to\":\"DOWNLOADING\",\"transfer\":\""
                + transfer + "\"}},{\"id\":2,\"at\":\"2026-11-25T18:00:02Z\",\"type\":\"transfer.added\","
                + "\"data\":{\"content.btih\":\"c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb\",\"content.size\":\"-1\","
                + "\"name\":\"a.iso\",\"transfer\":\"" + transfer + "\"}}],\"next\":2,\"gap\":false}"));
        JsonNode after = json(get("/api/v1/events?after=1"), 200);
        assertThat(after.get("events")).hasSize(1);
        assertThat(fake.calls).contains(List.of("eventPoll", 0L, 10, 0L), List.of("eventPoll", 1L, 100, 0L));
    }

    @Test
    void interceptorReportsEachCallByOperation() {
        observer.calls.clear();
        json(get("/api/v1/gateway"), 200);
        get("/api/v1/transfers/" + TransferId.random());
        assertThat(new ArrayList<>(observer.calls)).extracting(c -> c.operation() + " " + c.status())
                .containsExactly(Operation.GATEWAY_INFO + " 200", Operation.TRANSFER_GET + " 404");
        assertThat(observer.calls).allSatisfy(c -> assertThat(c.elapsed()).isPositive());
    }
}
