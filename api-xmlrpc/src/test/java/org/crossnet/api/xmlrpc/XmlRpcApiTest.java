package org.crossnet.api.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crossnet.api.xmlrpc.XmlRpcClients.fault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.crossnet.api.xmlrpc.XmlRpcTestApplication.Observed;
import org.crossnet.api.xmlrpc.XmlRpcTestApplication.RecordingObserver;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.MediaType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The method table and wire forms through the Apache XML-RPC client against a running server. */
@SpringBootTest(classes = XmlRpcTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class XmlRpcApiTest {
    private static final long FIVE_GIB = FakeGateway.FIVE_GIB;

    @LocalServerPort
    int port;
    @Autowired
    FakeGateway gateway;
    @Autowired
    RecordingObserver observer;

    private XmlRpcClient client;

    @BeforeEach
    void setUp() {
        gateway.reset();
        observer.calls.clear();
        client = XmlRpcClients.apache(port);
    }

    @Test
    void everyOperationIsAMethodWithSignatureAndHelp() throws XmlRpcException {
        List<Object> listed = Arrays.asList((Object[]) client.execute("system.listMethods", new Object[0]));
        for (Operation operation : Operation.values()) {
            assertThat(listed).as("system.listMethods").contains(operation.xmlRpcName());
            Object[] signatures = (Object[]) client.execute("system.methodSignature",
                    new Object[] {operation.xmlRpcName()});
            assertThat(signatures).hasSize(1);
            assertThat(((Object[]) signatures[0])[0]).isIn("struct", "array", "boolean");
            assertThat((String) client.execute("system.methodHelp", new Object[] {operation.xmlRpcName()}))
                    .isNotBlank();
        }
        assertThat(listed).contains("system.listMethods", "system.methodHelp", "system.methodSignature")
                .hasSize(Operation.values().length + 3).isSorted();
        assertThat((Object[]) ((Object[]) client.execute("system.methodSignature",
                new Object[] {"crossnet.search.results"}))[0]).containsExactly("struct", "string", "int", "int");
    }

    @Test
    void gatewayInfoHasTheDocumentedMembers() throws XmlRpcException {
        Map<String, Object> info = struct(client.execute("crossnet.gateway.info", new Object[0]));
        assertThat(info).containsOnlyKeys("version", "startedAt", "networks", "transfers", "shares", "lastEventId")
                .containsEntry("version", "0.1.0-test").containsEntry("startedAt", "2026-11-25T18:00:00Z")
                .containsEntry("networks", 2).containsEntry("lastEventId", 0L);
    }

    @Test
    void networksRenderSortedCapabilitiesAndOmitNullDetail() throws XmlRpcException {
        Object[] networks = (Object[]) client.execute("crossnet.network.list", new Object[0]);
        assertThat(networks).hasSize(2);
        Map<String, Object> bittorrent = struct(networks[0]);
        assertThat(bittorrent).containsOnlyKeys("id", "displayName", "enabled", "state", "capabilities", "detail")
                .containsEntry("id", "bittorrent").containsEntry("enabled", true).containsEntry("state", "RUNNING")
                .containsEntry("detail", "12 peers");
        assertThat((Object[]) bittorrent.get("capabilities")).containsExactly("SEARCH", "DOWNLOAD", "DHT");
        Map<String, Object> ed2k = struct(client.execute("crossnet.network.status", new Object[] {"ed2k"}));
        assertThat(ed2k).doesNotContainKey("detail").containsEntry("enabled", false);

        assertThat(struct(client.execute("crossnet.network.enable", new Object[] {"ed2k"})))
                .containsEntry("state", "RUNNING").containsEntry("detail", "");
        assertThat(struct(client.execute("crossnet.network.restart", new Object[] {"ed2k"})))
                .containsEntry("enabled", true);
        assertThat(struct(client.execute("crossnet.network.disable", new Object[] {"ed2k"})))
                .containsEntry("state", "DISABLED");
        assertThat(fault(client, GatewayErrorCode.CONFLICT, "crossnet.network.restart", "ed2k"))
                .isEqualTo("CONFLICT: network ed2k is disabled");
        assertThat(fault(client, GatewayErrorCode.NOT_FOUND, "crossnet.network.status", "kad"))
                .isEqualTo("NOT_FOUND: network not found: kad");
    }

    @Test
    void fiveGibSizesRoundTripAsI8() throws XmlRpcException {
        Map<String, Object> query = Map.of("keywords", new Object[] {"debian", "dvd"}, "minSize", FIVE_GIB,
                "maxSize", Long.MAX_VALUE, "media", "CD_IMAGE", "networks", new Object[] {"ed2k", "bittorrent"});
        Map<String, Object> search = struct(client.execute("crossnet.search.start", new Object[] {query}));

        assertThat(gateway.queries).singleElement().satisfies(q -> {
            assertThat(q.minSize()).isEqualTo(FIVE_GIB);
            assertThat(q.maxSize()).isEqualTo(Long.MAX_VALUE);
            assertThat(q.media()).isEqualTo(MediaType.CD_IMAGE);
            assertThat(q.keywords()).containsExactly("debian", "dvd");
        });
        assertThat(search).containsOnlyKeys("id", "keywords", "state", "running", "finished", "hits", "startedAt")
                .containsEntry("state", "RUNNING").containsEntry("hits", 2);
        assertThat((Object[]) search.get("keywords")).containsExactly("debian", "dvd");
        assertThat((Object[]) search.get("running")).containsExactly("ed2k");

        Map<String, Object> page = struct(client.execute("crossnet.search.results",
                new Object[] {search.get("id"), 0, 10}));
        assertThat(page).containsOnlyKeys("search", "total", "offset", "hits").containsEntry("total", 2)
                .containsEntry("offset", 0);
        Map<String, Object> hit = struct(((Object[]) page.get("hits"))[0]);
        assertThat(hit).containsOnlyKeys("index", "name", "size", "content", "networks", "sources")
                .containsEntry("size", FIVE_GIB).containsEntry("index", 0).containsEntry("sources", 7);
        assertThat((Object[]) hit.get("networks")).containsExactly("bittorrent", "ed2k");
        assertThat(struct(hit.get("content"))).containsOnlyKeys("size", "name", "sha1", "btih")
                .containsEntry("size", FIVE_GIB).containsEntry("btih", "01".repeat(20))
                .containsEntry("sha1", "AEAQCAIBAEAQCAIBAEAQCAIBAEAQCAIB");

        Map<String, Object> stopped = struct(client.execute("crossnet.search.stop", new Object[] {search.get("id")}));
        assertThat(stopped).containsEntry("state", "STOPPED");
        assertThat((Object[]) stopped.get("running")).isEmpty();
        assertThat((Object[]) stopped.get("finished")).containsExactly("bittorrent", "ed2k");

        Map<String, Object> fromHit = struct(client.execute("crossnet.transfer.addHit",
                new Object[] {search.get("id"), 0}));
        assertThat(fromHit).containsEntry("bytesTotal", FIVE_GIB).containsEntry("name", "debian dvd.iso");
    }

    @Test
    void searchStartAcceptsSizesAsDecimalStringsAndDefaultsMissingMembers() throws XmlRpcException {
        client.execute("crossnet.search.start", new Object[] {Map.of("keywords", new Object[] {"x"},
                "minSize", "5368709120")});
        assertThat(gateway.queries).singleElement().satisfies(q -> {
            assertThat(q.minSize()).isEqualTo(FIVE_GIB);
            assertThat(q.maxSize()).isEqualTo(Long.MAX_VALUE);
            assertThat(q.media()).isEqualTo(MediaType.ANY);
            assertThat(q.networks()).isEmpty();
        });
    }

    @Test
    void addTorrentTakesBase64() throws Exception {
        byte[] torrent = new byte[4000];
        for (int i = 0; i < torrent.length; i++) {
            torrent[i] = (byte) (i * 31);
        }
        Map<String, Object> transfer = struct(client.execute("crossnet.transfer.addTorrent", new Object[] {torrent}));

        assertThat(gateway.torrents).singleElement().isEqualTo(torrent);
        assertThat(transfer).containsOnlyKeys("id", "name", "content", "state", "bytesDone", "bytesVerified",
                "bytesTotal", "downloadRate", "uploadRate", "progress", "sources", "addedAt", "files", "trackers",
                "downloadLimit", "uploadLimit");
        assertThat(transfer).containsEntry("downloadLimit", 0L).containsEntry("uploadLimit", 0L);
        Object[] files = (Object[]) transfer.get("files");
        assertThat(files).hasSize(2);
        assertThat(struct(files[0])).containsExactlyInAnyOrderEntriesOf(orderedMap("path", "a/first.bin", "length", FIVE_GIB / 5,
                "offset", 0L, "bytesVerified", FIVE_GIB / 5));
        assertThat(struct(files[1])).containsEntry("path", "second.bin").containsEntry("length", FIVE_GIB - FIVE_GIB / 5)
                .containsEntry("offset", FIVE_GIB / 5);
        Object[] trackers = (Object[]) transfer.get("trackers");
        assertThat(trackers).hasSize(2);
        assertThat(struct(trackers[0])).containsExactlyInAnyOrderEntriesOf(orderedMap("network", "bittorrent",
                "url", "http://tracker.invalid/announce", "tier", 0, "state", "WORKING",
                "lastAnnounce", "2026-11-25T18:00:00Z", "nextAnnounce", "2026-11-25T18:30:00Z", "peers", 50,
                "seeders", 10, "leechers", 40));
        assertThat(struct(trackers[1])).containsOnlyKeys("network", "url", "tier", "state", "peers", "seeders",
                "leechers", "error").containsEntry("seeders", -1).containsEntry("error", "connection refused");
        assertThat(transfer).containsEntry("bytesTotal", FIVE_GIB).containsEntry("bytesDone", FIVE_GIB / 2)
                .containsEntry("downloadRate", 3L << 31).containsEntry("uploadRate", 1024L)
                .containsEntry("progress", 0.25).containsEntry("state", "DOWNLOADING");
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(torrent));
        assertThat(struct(transfer.get("content"))).containsEntry("btih", sha1).containsEntry("size", FIVE_GIB);
        Object[] sources = (Object[]) transfer.get("sources");
        assertThat(sources).hasSize(2);
        assertThat(struct(sources[0])).containsExactlyInAnyOrderEntriesOf(
                Map.of("network", "bittorrent", "connected", 2, "known", 9));
        assertThat(struct(sources[1])).containsEntry("network", "ed2k");
    }

    @Test
    void transferLimitTakesI8IntAndDecimalStringAndReturnsTheTransfer() throws XmlRpcException {
        Object id = struct(client.execute("crossnet.transfer.addLink",
                new Object[] {"magnet:?xt=urn:btih:" + "04".repeat(20)})).get("id");

        Map<String, Object> limited = struct(client.execute("crossnet.transfer.limit",
                new Object[] {id, FIVE_GIB, 65_536}));
        assertThat(limited).containsEntry("id", id).containsEntry("downloadLimit", FIVE_GIB)
                .containsEntry("uploadLimit", 65_536L);
        assertThat(struct(client.execute("crossnet.transfer.limit", new Object[] {id, "0", "5368709120"})))
                .containsEntry("downloadLimit", 0L).containsEntry("uploadLimit", FIVE_GIB);
        assertThat(gateway.calls).contains("transferLimit " + id + " " + FIVE_GIB + " 65536",
                "transferLimit " + id + " 0 " + FIVE_GIB);
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.limit", id, -1, 0))
                .isEqualTo("INVALID_ARGUMENT: downloadLimit: -1 (expected: bytes/second >= 0, 0 = no limit)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.limit", id, 1.5, 0))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.limit: argument 2: double 1.5"
                        + " (expected: downloadLimit i8, int or decimal string)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.limit", id, 0))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.limit: arguments: 2 (expected: 3: transfer id string,"
                        + " downloadLimit i8, int or decimal string, uploadLimit i8, int or decimal string)");
    }

    @Test
    void transferLifecycle() throws XmlRpcException {
        Map<String, Object> added = struct(client.execute("crossnet.transfer.addLink",
                new Object[] {"magnet:?xt=urn:btih:" + "03".repeat(20)}));
        Object id = added.get("id");
        assertThat(added).containsEntry("bytesTotal", -1L).containsEntry("progress", 0.0);
        assertThat(struct(added.get("content"))).doesNotContainKey("name");
        assertThat((Object[]) client.execute("crossnet.transfer.list", new Object[0])).hasSize(1);
        assertThat(struct(client.execute("crossnet.transfer.get", new Object[] {id}))).containsEntry("id", id);
        assertThat(struct(client.execute("crossnet.transfer.pause", new Object[] {id})))
                .containsEntry("state", "PAUSED").containsEntry("detail", "paused by user");
        assertThat(struct(client.execute("crossnet.transfer.resume", new Object[] {id})))
                .containsEntry("state", "DOWNLOADING").doesNotContainKey("detail");
        assertThat(client.execute("crossnet.transfer.remove", new Object[] {id, true})).isEqualTo(true);
        assertThat(gateway.calls).contains("transferRemove " + id + " true");
        assertThat(fault(client, GatewayErrorCode.NOT_FOUND, "crossnet.transfer.get", id))
                .isEqualTo("NOT_FOUND: transfer not found: " + id);
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.addLink", "http://x"))
                .isEqualTo("INVALID_ARGUMENT: link: http://x (expected: a magnet URI or an ed2k:// file link)");
    }

    @Test
    void shareLifecycleWithTorrentBytes() throws XmlRpcException {
        Object[] added = (Object[]) client.execute("crossnet.share.add", new Object[] {"/srv/big.iso"});
        Map<String, Object> share = struct(added[0]);
        assertThat(share).containsOnlyKeys("id", "path", "name", "size", "state", "bytesHashed", "addedAt")
                .containsEntry("size", FIVE_GIB).containsEntry("bytesHashed", 3L << 31)
                .containsEntry("state", "HASHING");
        Object id = share.get("id");
        assertThat((Object[]) client.execute("crossnet.share.list", new Object[0])).hasSize(1);
        assertThat(struct(client.execute("crossnet.share.get", new Object[] {id}))).containsEntry("name", "big.iso");
        Map<String, Object> links = struct(client.execute("crossnet.share.links", new Object[] {id}));
        assertThat(links).containsOnlyKeys("magnet", "torrent");
        assertThat(new String((byte[]) links.get("torrent"), StandardCharsets.UTF_8))
                .isEqualTo("d4:infod6:lengthi5368709120eee");
        assertThat(fault(client, GatewayErrorCode.CONFLICT, "crossnet.share.add", "/srv/big.iso"))
                .isEqualTo("CONFLICT: already shared: /srv/big.iso");
        assertThat(client.execute("crossnet.share.remove", new Object[] {id})).isEqualTo(true);
        assertThat((Object[]) client.execute("crossnet.share.list", new Object[0])).isEmpty();
    }

    @Test
    void eventsCarryStringDataAndAnI8Cursor() throws XmlRpcException {
        Map<String, Object> t = struct(client.execute("crossnet.transfer.addLink", new Object[] {"ed2k://|file|a|1|"}));
        client.execute("crossnet.transfer.pause", new Object[] {t.get("id")});

        Map<String, Object> page = struct(client.execute("crossnet.event.poll", new Object[] {0L, 10, 0L}));
        assertThat(page).containsOnlyKeys("events", "next", "gap").containsEntry("next", 2L)
                .containsEntry("gap", false);
        Object[] events = (Object[]) page.get("events");
        assertThat(events).hasSize(2);
        Map<String, Object> added = struct(events[0]);
        assertThat(added).containsOnlyKeys("id", "at", "type", "data").containsEntry("id", 1L)
                .containsEntry("type", "transfer.added").containsEntry("at", "2026-11-25T18:00:00Z");
        assertThat(struct(added.get("data"))).containsEntry("transfer", t.get("id")).containsEntry("name", "linked")
                .containsEntry("content.size", "-1").containsKey("content.btih")
                .allSatisfy((k, v) -> assertThat(v).isInstanceOf(String.class));
        assertThat(struct(struct(events[1]).get("data"))).containsEntry("from", "DOWNLOADING")
                .containsEntry("to", "PAUSED").containsEntry("reason", "paused by user");

        Map<String, Object> empty = struct(client.execute("crossnet.event.poll", new Object[] {FIVE_GIB, 10, 1}));
        assertThat(empty).containsEntry("next", FIVE_GIB);
        assertThat((Object[]) empty.get("events")).isEmpty();
        assertThat(gateway.calls).contains("eventPoll 5368709120 10 1");
    }

    @Test
    void argumentErrorsArePreciseAndNeverReachTheFacade() {
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.get", 42))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.get: argument 1: int 42"
                        + " (expected: transfer id string)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.get"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.get: arguments: 0 (expected: 1: transfer id string)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.list", "extra"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.list: arguments: 1 (expected: none)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.get", "not-a-uuid"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.get: argument 1: id: not-a-uuid"
                        + " (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.share.links", (Object) null))
                .isEqualTo("INVALID_ARGUMENT: crossnet.share.links: argument 1: nil (expected: share id string)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.network.status", "Bad Id"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.network.status: argument 1: network: Bad Id"
                        + " (expected: [a-z][a-z0-9-]{1,31})");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.remove",
                "123e4567-e89b-12d3-a456-426614174000", "yes"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.remove: argument 2: string \"yes\""
                        + " (expected: deleteData boolean)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.results",
                "123e4567-e89b-12d3-a456-426614174000", 0, 1L << 40))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.results: argument 3: i8 1099511627776"
                        + " (expected: limit int)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.event.poll", "ten", 1, 0))
                .isEqualTo("INVALID_ARGUMENT: crossnet.event.poll: argument 1: string \"ten\""
                        + " (expected: after i8, int or decimal string)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.addTorrent", "ZGF0YQ=="))
                .isEqualTo("INVALID_ARGUMENT: crossnet.transfer.addTorrent: argument 1: string \"ZGF0YQ==\""
                        + " (expected: torrent file base64)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start", "debian"))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: string \"debian\""
                        + " (expected: query struct)");
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void queryStructErrorsNameTheMember() {
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[] {"a"}, "size", 1)))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: member: size"
                        + " (expected: keywords, minSize, maxSize, media, networks)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start", Map.of("media", "ANY")))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: keywords: missing"
                        + " (expected: array of 1..16 strings)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[] {"a"}, "media", "MOVIE")))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: media: MOVIE (expected: one of"
                        + " [ANY, AUDIO, VIDEO, IMAGE, DOCUMENT, ARCHIVE, PROGRAM, CD_IMAGE])");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[] {"a", 7})))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: keywords: array (2 items)"
                        + " (expected: array of strings)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[] {"a"}, "minSize", 10, "maxSize", 5)))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: size range: 10..5"
                        + " (expected: 0 <= minSize <= maxSize)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[0])))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: keywords: 0 words"
                        + " (expected: 1..16 words)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.search.start",
                Map.of("keywords", new Object[] {"a"}, "networks", new Object[] {"NOPE"})))
                .isEqualTo("INVALID_ARGUMENT: crossnet.search.start: argument 1: network: NOPE"
                        + " (expected: [a-z][a-z0-9-]{1,31})");
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void unknownMethodsAreInvalidArgumentFaultsNamingTheMethod() {
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.explode"))
                .isEqualTo("INVALID_ARGUMENT: method: crossnet.transfer.explode"
                        + " (expected: a method listed by system.listMethods)");
        assertThat(fault(client, GatewayErrorCode.INVALID_ARGUMENT, "system.methodHelp", "nope"))
                .isEqualTo("INVALID_ARGUMENT: method: nope (expected: a method listed by system.listMethods)");
    }

    @Test
    void everyErrorCodeMapsToItsNumberAndName() {
        for (GatewayErrorCode code : GatewayErrorCode.values()) {
            gateway.failNext(new GatewayException(code, "detail of " + code));
            assertThat(fault(client, code, "crossnet.gateway.info"))
                    .isEqualTo(code.name() + ": detail of " + code);
        }
    }

    @Test
    void unexpectedExceptionsBecomeInternalWithoutTheirMessage() {
        gateway.failNext(new IllegalStateException("secret internals at /var/lib/crossnet/db"));
        assertThat(fault(client, GatewayErrorCode.INTERNAL, "crossnet.transfer.list"))
                .isEqualTo("INTERNAL: internal error (details are in the gateway log)")
                .doesNotContain("secret", "IllegalStateException");
    }

    @Test
    void theInterceptorReportsEachOperationWithItsOutcome() throws XmlRpcException {
        client.execute("crossnet.transfer.list", new Object[0]);
        fault(client, GatewayErrorCode.INVALID_ARGUMENT, "crossnet.transfer.get", "x");
        fault(client, GatewayErrorCode.NOT_FOUND, "crossnet.share.get", "123e4567-e89b-12d3-a456-426614174000");
        client.execute("system.listMethods", new Object[0]);

        assertThat(observer.calls).extracting(Observed::operation, Observed::failure).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Operation.TRANSFER_LIST, null),
                org.assertj.core.groups.Tuple.tuple(Operation.TRANSFER_GET, GatewayErrorCode.INVALID_ARGUMENT),
                org.assertj.core.groups.Tuple.tuple(Operation.SHARE_GET, GatewayErrorCode.NOT_FOUND));
        assertThat(observer.calls).allSatisfy(c -> assertThat(c.elapsed()).isPositive());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> struct(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** A map of key-value pairs, to compare a whole struct member by member. */
    private static Map<String, Object> orderedMap(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
