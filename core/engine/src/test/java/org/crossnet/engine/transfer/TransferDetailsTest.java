package org.crossnet.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crossnet.engine.transfer.EngineRun.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TrackerState;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a transfer's status shows beyond its totals, and what the engine hands each network, through the facade with
 * two recording test networks: per-file progress from the verified ranges, each network's own tracker list, rate
 * limits (set, handed to every session now and later, kept across a restart, refused when negative), and the
 * sources of a search hit going only to the network that found them.
 */
class TransferDetailsTest {
    static final InfoHash BTIH = new InfoHash(Bytes.fromHex("00112233445566778899aabbccddeeff00112233"));
    static final ContentId BY_BTIH = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, null, null, BTIH);
    static final String MAGNET = "magnet:?xt=urn:btih:" + BTIH.bytes().hex() + "&dn=trio";
    /** Three files: one ending inside the second 32 KiB piece, a one-byte file, one ending the content. */
    static final List<ContentFile> FILES = List.of(
            new ContentFile(List.of("disc 1", "a.bin"), 40_000, 0),
            new ContentFile(List.of("b.bin"), 1, 40_000),
            new ContentFile(List.of("c.bin"), 60_000, 40_001));
    static final int SIZE = 100_001;
    static final int PIECE = 32 * 1024;

    @TempDir
    Path temp;
    final RecordingAdapterFactory.Network alpha = RecordingAdapterFactory.network("alpha");
    final RecordingAdapterFactory.Network beta = RecordingAdapterFactory.network("beta");
    EngineRun run;
    GatewayService gateway;

    @BeforeEach
    void open() {
        alpha.fetches = BY_BTIH;
        beta.fetches = BY_BTIH;
        run = new EngineRun(temp, List.of(new RecordingAdapterFactory(alpha), new RecordingAdapterFactory(beta)));
        gateway = run.gateway();
    }

    @AfterEach
    void close() {
        run.close();
    }

    private static void verify(StoredContent store, String network, long offset, long length) {
        store.markVerified(new VerificationUnit(new org.crossnet.spi.model.NetworkId(network), "bt-piece",
                (int) (offset / PIECE), offset, length));
    }

    private static List<Long> verifiedPerFile(TransferStatus status) {
        return status.files().stream().map(FileStatus::bytesVerified).toList();
    }

    @Test
    void aMultiFileTransferShowsEachFilesVerifiedBytesAsTheRangesArrive() {
        TransferStatus added = gateway.transferAddLink(MAGNET);
        assertThat(added.files()).as("files while the size is unknown").isEmpty();
        RecordingAdapterFactory.Session session = alpha.last();
        session.sink.contentResolved(new ContentId(SIZE, "trio", null, null, null, null, BTIH));
        session.sink.filesResolved(FILES);

        TransferStatus resolved = gateway.transferGet(added.id());
        assertThat(resolved.files()).containsExactly(
                new FileStatus("disc 1/a.bin", 40_000, 0, 0),
                new FileStatus("b.bin", 1, 40_000, 0),
                new FileStatus("c.bin", 60_000, 40_001, 0));

        StoredContent store = session.request.store();
        verify(store, "alpha", 0, PIECE);
        assertThat(verifiedPerFile(gateway.transferGet(added.id()))).containsExactly((long) PIECE, 0L, 0L);
        // the second piece ends file 1, holds all of file 2 and starts file 3
        verify(store, "beta", PIECE, PIECE);
        assertThat(verifiedPerFile(gateway.transferGet(added.id()))).containsExactly(40_000L, 1L, 65_536L - 40_001);
        // the last piece, short, verified by the other network: only file 3 grows; a range inside it too
        verify(store, "alpha", 3L * PIECE, SIZE - 3L * PIECE);
        verify(store, "beta", 70_000, 1_000);
        TransferStatus status = gateway.transferGet(added.id());
        assertThat(verifiedPerFile(status)).containsExactly(40_000L, 1L,
                (65_536L - 40_001) + 1_000 + (SIZE - 3L * PIECE));
        assertThat(status.files().stream().mapToLong(FileStatus::bytesVerified).sum())
                .as("the files add up to the transfer").isEqualTo(status.bytesVerified());
    }

    @Test
    void singleFileContentHasOneFileOnceItsSizeIsKnown() {
        TransferStatus added = gateway.transferAddLink(MAGNET);
        assertThat(added.files()).isEmpty();
        RecordingAdapterFactory.Session session = alpha.last();
        session.sink.filesResolved(List.of(new ContentFile(List.of("whatever"), 50_000, 0)));

        assertThat(gateway.transferGet(added.id()).files()).containsExactly(new FileStatus("trio", 50_000, 0, 0));
        session.request.store().write(0, ByteBuffer.wrap(new byte[20_000]));
        verify(session.request.store(), "alpha", 0, 20_000);
        assertThat(gateway.transferGet(added.id()).files()).containsExactly(new FileStatus("trio", 50_000, 0,
                20_000));
    }

    @Test
    void eachNetworkReportsItsOwnTrackersAndLosesThemWhenItLeaves() {
        TransferId id = gateway.transferAddLink(MAGNET).id();
        TrackerStatus a1 = tracker("alpha", "http://a.example/announce", 0, TrackerState.WORKING);
        TrackerStatus a2 = tracker("alpha", "udp://b.example:1337/announce", 1, TrackerState.FAILED);
        TrackerStatus b1 = tracker("beta", "http://c.example/announce", 0, TrackerState.UPDATING);

        // beta first, and alpha's report carries an entry claiming to be beta's: dropped
        beta.last().sink.trackers(List.of(b1));
        alpha.last().sink.trackers(List.of(a1, tracker("beta", "http://forged.example/", 0, TrackerState.IDLE), a2));
        assertThat(gateway.transferGet(id).trackers()).as("sorted by network, each in its own order")
                .containsExactly(a1, a2, b1);

        TrackerStatus a1Again = tracker("alpha", "http://a.example/announce", 0, TrackerState.UPDATING);
        alpha.last().sink.trackers(List.of(a1Again));
        assertThat(gateway.transferGet(id).trackers()).as("a report replaces the network's list")
                .containsExactly(a1Again, b1);

        alpha.last().sink.trackers(List.of());
        assertThat(gateway.transferGet(id).trackers()).containsExactly(b1);

        beta.last().sink.failed("no peers");
        assertThat(gateway.transferGet(id).trackers()).as("after beta gave up").isEmpty();
        beta.last().sink.trackers(List.of(b1));
        assertThat(gateway.transferGet(id).trackers()).as("a detached session's report is ignored").isEmpty();

        alpha.last().sink.trackers(List.of(a1));
        gateway.networkDisable(alpha.networkId());
        assertThat(gateway.transferGet(id).trackers()).as("after alpha stopped").isEmpty();
    }

    private static TrackerStatus tracker(String network, String url, int tier, TrackerState state) {
        Instant last = state == TrackerState.WORKING ? Instant.parse("2026-01-02T03:04:05Z") : null;
        return new TrackerStatus(new org.crossnet.spi.model.NetworkId(network), url, tier, state, last,
                last == null ? null : last.plusSeconds(1800), state == TrackerState.WORKING ? 12 : 0,
                state == TrackerState.WORKING ? 3 : -1, state == TrackerState.WORKING ? 9 : -1,
                state == TrackerState.FAILED ? "connection refused" : null);
    }

    @Test
    void limitsReachEverySessionNowAndLaterAndSurviveARestart() {
        gateway.networkDisable(beta.networkId());
        TransferStatus added = gateway.transferAddLink(MAGNET);
        assertThat(added.downloadLimit()).isZero();
        assertThat(added.uploadLimit()).isZero();
        assertThat(alpha.last().calls("rateLimits")).as("no limit, nothing handed").isEmpty();

        TransferStatus limited = gateway.transferLimit(added.id(), 3_000_000_000L, 65_536);
        assertThat(limited.downloadLimit()).isEqualTo(3_000_000_000L);
        assertThat(limited.uploadLimit()).isEqualTo(65_536);
        assertThat(alpha.last().calls("rateLimits")).containsExactly("rateLimits 3000000000 65536");

        gateway.networkEnable(beta.networkId());
        assertThat(beta.last().calls("rateLimits")).as("a network attaching later").containsExactly(
                "rateLimits 3000000000 65536");

        run.restart();
        gateway = run.gateway();
        TransferStatus after = gateway.transferGet(added.id());
        assertThat(after.downloadLimit()).isEqualTo(3_000_000_000L);
        assertThat(after.uploadLimit()).isEqualTo(65_536);
        assertThat(alpha.last().calls("rateLimits")).as("after the restart").containsExactly(
                "rateLimits 3000000000 65536");

        gateway.transferLimit(added.id(), 0, 0);
        assertThat(alpha.last().calls("rateLimits")).as("lifted").endsWith("rateLimits 0 0");
        assertThat(beta.last().calls("rateLimits")).endsWith("rateLimits 0 0");
        assertThat(gateway.transferGet(added.id()).downloadLimit()).isZero();
    }

    @Test
    void negativeLimitsAndUnknownTransfersAreRefusedPrecisely() {
        TransferId id = gateway.transferAddLink(MAGNET).id();
        assertThatThrownBy(() -> gateway.transferLimit(id, -1, 0)).isInstanceOfSatisfying(GatewayException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo(
                            "downloadLimit: -1 (expected: bytes/second >= 0, 0 = no limit)");
                });
        assertThatThrownBy(() -> gateway.transferLimit(id, 10, Long.MIN_VALUE))
                .hasMessage("uploadLimit: " + Long.MIN_VALUE + " (expected: bytes/second >= 0, 0 = no limit)");
        assertThatThrownBy(() -> gateway.transferLimit(TransferId.random(), 1, 1))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> gateway.transferLimit(null, 1, 1)).hasMessage("transfer: null (expected: a value)");
        assertThat(gateway.transferGet(id).downloadLimit()).as("nothing changed").isZero();
        assertThat(alpha.last().calls("rateLimits")).isEmpty();
    }

    @Test
    void aHitsSourcesGoOnlyToTheNetworkThatFoundThemAlsoAfterARestart() throws Exception {
        Sha1 sha1 = new Sha1(Bytes.fromHex("0123456789abcdef0123456789abcdef01234567"));
        ContentId content = new ContentId(5_000, "zebra.bin", sha1, null, null, null, null);
        alpha.fetches = content;
        beta.fetches = content;
        alpha.hits = List.of(new SearchHit("zebra.bin", 5_000, content, alpha.networkId(), 1,
                Map.of(SearchHit.PEER_HANDLE_KEY, "192.0.2.1:6346", "other", "x")));
        beta.hits = List.of(new SearchHit("zebra.bin", 5_000, content, beta.networkId(), 1,
                Map.of(SearchHit.PEER_HANDLE_KEY, "[2001:db8::7]:4662")));
        SearchView search = gateway.searchStart(new SearchQuery(List.of("zebra"), 0, Long.MAX_VALUE, MediaType.ANY,
                Set.of()));
        await("search finished", () -> gateway.searchResults(search.id(), 0, 10).search().state()
                != SearchState.RUNNING);
        List<MergedHit> hits = gateway.searchResults(search.id(), 0, 10).hits();
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).networks()).containsExactlyInAnyOrder(alpha.networkId(), beta.networkId());

        TransferId id = gateway.transferAddHit(search.id(), 0).id();
        assertThat(alpha.last().request.peers()).containsExactly("192.0.2.1:6346");
        assertThat(beta.last().request.peers()).containsExactly("[2001:db8::7]:4662");

        run.restart();
        gateway = run.gateway();
        assertThat(gateway.transferGet(id).name()).isEqualTo("zebra.bin");
        assertThat(alpha.last().request.transfer()).isEqualTo(id);
        assertThat(alpha.last().request.peers()).as("alpha after the restart").containsExactly("192.0.2.1:6346");
        assertThat(beta.last().request.peers()).as("beta after the restart").containsExactly("[2001:db8::7]:4662");
    }

    @Test
    void aLinksSourcesStillGoToEveryNetwork() {
        gateway.transferAddLink(MAGNET + "&x.pe=192.0.2.9:6881");
        assertThat(alpha.last().request.peers()).containsExactly("192.0.2.9:6881");
        assertThat(beta.last().request.peers()).containsExactly("192.0.2.9:6881");
    }
}
