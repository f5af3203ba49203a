package org.crossnet.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.link.Ed2kLink;
import org.crossnet.spi.link.MagnetLink;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.scripted.ScriptedAdapterFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on an H2 file catalogue with the testkit's scripted adapter as the one network: shares,
 * links, search, transfers through to a byte-identical file, pause/resume/remove, and state across a restart.
 */
class GatewayEngineTest {
    private static final NetworkId SCRIPTED = new NetworkId(ScriptedAdapterFactory.ID);

    @TempDir
    Path temp;
    Path data;
    Path shared;
    Path remote;
    GatewayEngine engine;
    GatewayService gateway;

    @BeforeEach
    void open() throws IOException {
        data = temp.resolve("data");
        shared = Files.createDirectories(temp.resolve("shared"));
        remote = Files.createDirectories(temp.resolve("remote"));
        start(Map.of("serve-directory", remote.toString()));
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(Map<String, String> scriptedConfig) {
        start(scriptedConfig, List.of());
    }

    private void start(Map<String, String> scriptedConfig, List<String> shareTrackers) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("db/crossnet") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        EngineSettings settings = new EngineSettings(data, data.resolve("downloads"), List.of(shared), 1000,
                Duration.ofMinutes(5), id -> id.equals(ScriptedAdapterFactory.ID) ? scriptedConfig : Map.of(),
                shareTrackers);
        engine = GatewayEngine.open(settings, ds, List.of(new ScriptedAdapterFactory()), Clock.systemUTC());
        gateway = engine.service();
    }

    private void restart() {
        engine.close();
        engine = null;
        start(Map.of("serve-directory", remote.toString()));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private ShareView shareReady(Path file) throws InterruptedException {
        ShareView added = gateway.shareAdd(file.toString()).get(0);
        await("share hashed", () -> gateway.shareGet(added.id()).state() == ShareState.READY);
        return gateway.shareGet(added.id());
    }

    @Test
    void listsTheScriptedNetworkRunning() {
        List<NetworkView> networks = gateway.networkList();
        assertThat(networks).extracting(NetworkView::id).containsExactly(SCRIPTED);
        assertThat(networks.get(0).state()).isEqualTo(AdapterState.RUNNING);
        assertThat(gateway.gatewayInfo().networks()).isEqualTo(1);
    }

    @Test
    void sharesAFileWithEveryIdentityAndConsistentLinks() throws Exception {
        Path file = Files.write(shared.resolve("song one.ogg"), random(300_000, 1));
        ShareView share = shareReady(file);
        assertThat(share.content().size()).isEqualTo(300_000);
        assertThat(share.content().hashes()).hasSize(5);

        ShareLinks links = gateway.shareLinks(share.id());
        assertThat(MagnetLink.parse(links.magnet()).toContentId().sameContentAs(share.content())).isTrue();
        assertThat(Ed2kLink.parse(links.ed2k()).toContentId().sameContentAs(share.content())).isTrue();
        assertThat(Ed2kLink.parse(links.ed2k()).aich()).isEqualTo(share.content().aich());
        Metainfo torrent = Metainfo.parseTorrent(links.torrent().toArray());
        assertThat(torrent.infoHash()).isEqualTo(share.content().btih());
        assertThat(torrent.totalLength()).isEqualTo(300_000);
        assertThat(torrent.pieceCount()).isEqualTo((300_000 + torrent.pieceLength() - 1) / torrent.pieceLength());

        EventPage events = gateway.eventPoll(0, 1000, 0);
        assertThat(events.events()).extracting(r -> r.event().type()).contains("share.added", "share.ready");
    }

    @Test
    void shareTrackersGoIntoTheLinksOfEveryShare() throws Exception {
        engine.close();
        start(Map.of(), List.of("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969/announce"));
        ShareView share = shareReady(Files.write(shared.resolve("tracked.bin"), random(40_000, 9)));

        ShareLinks links = gateway.shareLinks(share.id());
        assertThat(MagnetLink.parse(links.magnet()).trackers())
                .containsExactly("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969/announce");
        Metainfo torrent = Metainfo.parseTorrent(links.torrent().toArray());
        assertThat(torrent.announceTiers()).containsExactly(
                List.of("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969/announce"));
        assertThat(torrent.infoHash()).isEqualTo(share.content().btih());
        assertThatThrownBy(() -> new EngineSettings(data, data, List.of(), 100, Duration.ZERO, null,
                List.of("ftp://x/announce"))).hasMessageContaining("shareTrackers: ftp://x/announce");
    }

    @Test
    void addingAFolderSharesEveryFileAndReAddingReturnsTheSameEntries() throws Exception {
        Files.write(Files.createDirectories(shared.resolve("a/b")).resolve("x.bin"), random(10, 2));
        Files.write(shared.resolve("a/y.bin"), random(20, 3));
        List<ShareView> added = gateway.shareAdd(shared.resolve("a").toString());
        assertThat(added).hasSize(2);
        List<ShareView> again = gateway.shareAdd(shared.resolve("a").toString());
        assertThat(again).extracting(ShareView::id).containsExactlyElementsOf(added.stream().map(ShareView::id).toList());
        assertThat(gateway.shareList()).hasSize(2);
    }

    @Test
    void refusesPathsOutsideTheShareRootsAndBadPaths() throws IOException {
        Path outside = Files.write(temp.resolve("secret.txt"), new byte[] {1});
        assertThatThrownBy(() -> gateway.shareAdd(outside.toString()))
                .isInstanceOf(GatewayException.class).hasMessageContaining("under a share root");
        Path link = Files.createSymbolicLink(shared.resolve("escape"), outside);
        assertThatThrownBy(() -> gateway.shareAdd(link.toString())).hasMessageContaining("under a share root");
        assertThatThrownBy(() -> gateway.shareAdd("relative/path")).hasMessageContaining("an absolute path");
        assertThatThrownBy(() -> gateway.shareAdd(shared.resolve("missing").toString()))
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.NOT_FOUND));
        assertThat(gateway.shareList()).isEmpty();
    }

    @Test
    void searchesMergesAndDownloadsAHitByteIdentical() throws Exception {
        byte[] content = random(200_000, 4);
        Files.write(remote.resolve("crossnet demo track.ogg"), content);
        SearchView search = gateway.searchStart(SearchQuery.ofKeywords("demo", "track"));
        await("search finished", () -> gateway.searchResults(search.id(), 0, 10).search().state()
                == SearchState.FINISHED);
        SearchResultsPage page = gateway.searchResults(search.id(), 0, 10);
        assertThat(page.total()).isEqualTo(1);
        MergedHit hit = page.hits().get(0);
        assertThat(hit.name()).isEqualTo("crossnet demo track.ogg");
        assertThat(hit.networks()).containsExactly(SCRIPTED);

        TransferStatus added = gateway.transferAddHit(search.id(), hit.index());
        await("transfer complete", () -> gateway.transferGet(added.id()).state() == TransferState.COMPLETED);
        TransferStatus done = gateway.transferGet(added.id());
        assertThat(done.bytesVerified()).isEqualTo(200_000);
        Path file = data.resolve("downloads/crossnet demo track.ogg");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        // a finished download joins the share library and is hashed for every network
        await("download shared", () -> gateway.shareList().stream()
                .anyMatch(s -> s.state() == ShareState.READY && s.name().equals("crossnet demo track.ogg")));
        assertThatThrownBy(() -> gateway.transferAddHit(search.id(), 0))
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.CONFLICT));
        List<String> types = new ArrayList<>();
        for (EventRecord r : gateway.eventPoll(0, 1000, 0).events()) {
            types.add(r.event().type());
        }
        assertThat(types).contains("search.updated", "transfer.added", "transfer.state");
        // removed without its data: the finished file stays, and stays shared
        gateway.transferRemove(added.id(), false);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(gateway.shareList()).extracting(ShareView::name).contains("crossnet demo track.ogg");
    }

    @Test
    void searchOnAnUnknownNetworkIsRefused() {
        SearchQuery query = new SearchQuery(List.of("x"), 0, Long.MAX_VALUE, null, java.util.Set.of(new NetworkId("nope")));
        assertThatThrownBy(() -> gateway.searchStart(query)).hasMessageContaining("networks: nope");
        SearchView stopped = gateway.searchStop(gateway.searchStart(SearchQuery.ofKeywords("anything")).id());
        assertThat(stopped.state()).isEqualTo(SearchState.STOPPED);
        assertThatThrownBy(() -> gateway.searchResults(stopped.id(), 0, 0)).hasMessageContaining("limit: 0");
    }

    @Test
    void aLinkNoNetworkCanFetchWaitsQueuedWithAReason() {
        TransferStatus t = gateway.transferAddLink(
                "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=ubuntu.iso&xl=1000");
        assertThat(t.state()).isEqualTo(TransferState.QUEUED);
        assertThat(t.detail()).contains("btih");
        assertThat(t.bytesTotal()).isEqualTo(1000);
        assertThatThrownBy(() -> gateway.transferAddLink("http://example.invalid/x"))
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> gateway.transferAddTorrent(new byte[] {'d', 'e'}))
                .hasMessageContaining("torrent");
    }

    @Test
    void pauseResumeAndRemoveWithData() throws Exception {
        engine.close();
        start(Map.of("serve-directory", remote.toString(), "block-delay", "20ms"));
        byte[] content = random(40 * 16384, 5);
        Files.write(remote.resolve("slow.bin"), content);
        SearchView search = gateway.searchStart(SearchQuery.ofKeywords("slow"));
        await("hit", () -> gateway.searchResults(search.id(), 0, 1).total() == 1);
        TransferStatus t = gateway.transferAddHit(search.id(), 0);
        await("progress", () -> gateway.transferGet(t.id()).bytesDone() > 0);
        assertThat(gateway.transferPause(t.id()).state()).isEqualTo(TransferState.PAUSED);
        long doneAtPause = gateway.transferGet(t.id()).bytesDone();
        Thread.sleep(300);
        assertThat(gateway.transferGet(t.id()).bytesDone()).isLessThanOrEqualTo(doneAtPause + 16384);
        assertThat(gateway.transferResume(t.id()).state()).isEqualTo(TransferState.DOWNLOADING);
        await("complete", () -> gateway.transferGet(t.id()).state() == TransferState.COMPLETED);
        Path file = data.resolve("downloads/slow.bin");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        await("download shared", () -> gateway.shareList().stream()
                .anyMatch(s -> s.state() == ShareState.READY && s.name().equals("slow.bin")));
        gateway.transferRemove(t.id(), true);
        assertThat(file).doesNotExist();
        // the library shared the finished file; removed with its data, it is no longer shared either
        assertThat(gateway.shareList()).extracting(ShareView::name).doesNotContain("slow.bin");
        assertThatThrownBy(() -> gateway.transferGet(t.id()))
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.NOT_FOUND));
    }

    @Test
    void sharesTransfersAndNetworkChoicesSurviveARestartWithoutReHashing() throws Exception {
        ShareView share = shareReady(Files.write(shared.resolve("keep.bin"), random(50_000, 6)));
        TransferStatus queued = gateway.transferAddLink(
                "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=wait.iso&xl=5000");
        gateway.networkDisable(SCRIPTED);
        long lastEvent = gateway.gatewayInfo().lastEventId();

        restart();

        ShareView restored = gateway.shareGet(share.id());
        assertThat(restored.state()).isEqualTo(ShareState.READY);
        assertThat(restored.content()).isEqualTo(share.content());
        assertThat(gateway.eventPoll(0, 1000, 0).events()).extracting(r -> r.event())
                .noneMatch(e -> e instanceof GatewayEvent.ShareHashing);
        TransferStatus t = gateway.transferGet(queued.id());
        assertThat(t.content()).isEqualTo(queued.content());
        assertThat(t.state()).isEqualTo(TransferState.QUEUED);
        assertThat(gateway.networkStatus(SCRIPTED).enabled()).isFalse();
        assertThat(gateway.networkStatus(SCRIPTED).state()).isEqualTo(AdapterState.DISABLED);
        assertThat(gateway.gatewayInfo().lastEventId()).isGreaterThan(lastEvent);
        gateway.networkEnable(SCRIPTED);
        assertThat(gateway.networkStatus(SCRIPTED).state()).isEqualTo(AdapterState.RUNNING);
    }

    @Test
    void aChangedFileIsHashedAgainAfterARestart() throws Exception {
        Path file = Files.write(shared.resolve("changes.bin"), random(1000, 7));
        ShareView before = shareReady(file);
        engine.close();
        engine = null;
        Files.write(file, random(2000, 8));
        start(Map.of());
        await("re-hashed", () -> gateway.shareGet(before.id()).state() == ShareState.READY
                && gateway.shareGet(before.id()).size() == 2000);
        assertThat(gateway.shareGet(before.id()).content().sha1()).isNotEqualTo(before.content().sha1());
    }

    /** A .torrent with a file list: {@code pathsAndLengths} alternates '/'-separated paths (or lists) and lengths. */
    static byte[] multiFileTorrent(String name, int pieceLength, Object... pathsAndLengths) {
        List<BValue> files = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < pathsAndLengths.length; i += 2) {
            Object path = pathsAndLengths[i];
            @SuppressWarnings("unchecked")
            List<String> components = path instanceof List ? (List<String>) path : List.of(((String) path).split("/"));
            long length = ((Number) pathsAndLengths[i + 1]).longValue();
            total += length;
            files.add(BDictionary.builder().put("length", length)
                    .put("path", new BList(components.stream().map(c -> (BValue) BString.of(c)).toList())).build());
        }
        int pieces = (int) ((total + pieceLength - 1) / pieceLength);
        BDictionary info = BDictionary.builder().put("files", new BList(files)).put("name", name)
                .put("piece length", pieceLength).put("pieces", BString.of(random(20 * pieces, 9))).build();
        return BencodeEncoder.encode(BDictionary.builder().put("announce", "http://tracker.invalid/announce")
                .put("info", info).build());
    }

    private List<String> everythingUnder(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aMultiFileTorrentIsStoredAsItsFilesInItsOwnFolderAndKeepsThemAcrossARestart() throws Exception {
        byte[] torrent = multiFileTorrent("album", 16384, "a/x.bin", 20_000, "empty", 0, "y", 5);

        TransferStatus added = gateway.transferAddTorrent(torrent);

        assertThat(added.state()).isEqualTo(TransferState.QUEUED);
        assertThat(added.name()).isEqualTo("album");
        assertThat(added.bytesTotal()).isEqualTo(20_005);
        assertThat(added.content().btih()).isEqualTo(Metainfo.parseTorrent(torrent).infoHash());
        Path downloads = data.resolve("downloads");
        List<String> layout = List.of("album", "album/a", "album/a/x.bin.crossnet-part",
                "album/empty.crossnet-part", "album/y.crossnet-part");
        assertThat(everythingUnder(downloads)).containsExactlyElementsOf(layout);
        assertThatThrownBy(() -> gateway.transferAddTorrent(torrent))
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.CONFLICT));

        restart();

        TransferStatus restored = gateway.transferGet(added.id());
        assertThat(restored.state()).isEqualTo(TransferState.QUEUED);
        assertThat(restored.name()).isEqualTo("album");
        assertThat(restored.bytesTotal()).isEqualTo(20_005);
        assertThat(everythingUnder(downloads)).containsExactlyElementsOf(layout);

        gateway.transferRemove(added.id(), true);
        assertThat(everythingUnder(downloads)).isEmpty();
    }

    @Test
    void aSecondTorrentOfTheSameNameGetsItsOwnFolder() throws IOException {
        TransferStatus one = gateway.transferAddTorrent(multiFileTorrent("album", 16384, "x", 3, "y", 4));
        TransferStatus two = gateway.transferAddTorrent(multiFileTorrent("album", 16384, "x", 5, "y", 6));

        assertThat(one.name()).isEqualTo("album");
        assertThat(two.name()).isEqualTo("album (1)");
        assertThat(data.resolve("downloads/album (1)/y.crossnet-part")).isRegularFile();
    }

    @Test
    void aHostileTorrentNeverReachesOutsideTheDownloadFolder() throws IOException {
        Path downloads = data.resolve("downloads");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(downloads.resolve("_.._evil"), outside);
        byte[] torrent = multiFileTorrent("../../evil", 16384,
                List.of("..", "..", "escape.txt"), 1,
                List.of("/etc/passwd"), 2,
                List.of("/tmp", "abs"), 3,
                List.of("a\u0000b", "x"), 4);

        TransferStatus added = gateway.transferAddTorrent(torrent);

        assertThat(added.name()).isEqualTo("_.._evil (1)");
        assertThat(everythingUnder(downloads)).containsExactly("_.._evil", "_.._evil (1)",
                "_.._evil (1)/_etc_passwd.crossnet-part", "_.._evil (1)/_tmp", "_.._evil (1)/_tmp/abs.crossnet-part",
                "_.._evil (1)/ab", "_.._evil (1)/ab/x.crossnet-part", "_.._evil (1)/unnamed",
                "_.._evil (1)/unnamed/unnamed", "_.._evil (1)/unnamed/unnamed/escape.txt.crossnet-part");
        assertThat(everythingUnder(outside)).isEmpty();
        assertThat(everythingUnder(temp)).allMatch(p -> p.startsWith("data") || p.equals("outside")
                || p.startsWith("shared") || p.startsWith("remote"));
    }
}
