package org.crossnet.api.soap;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.GatewayInfo;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerState;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;

/** Facade views with every kind of member the wire forms carry: 64-bit sizes, unsorted sets, nulls, hashes. */
final class Fixtures {
    static final Instant STARTED = Instant.parse("2026-11-25T18:00:00Z");
    static final Instant ADDED = Instant.parse("2026-11-25T18:05:30Z");
    static final long BIG = 5_000_000_000L;
    static final NetworkId BITTORRENT = new NetworkId("bittorrent");
    static final NetworkId EDONKEY = new NetworkId("edonkey");
    static final NetworkId GNUTELLA = new NetworkId("gnutella");
    static final TransferId TRANSFER = new TransferId(UUID.fromString("11111111-2222-3333-4444-555555555555"));
    static final ShareId SHARE = new ShareId(UUID.fromString("66666666-7777-8888-9999-aaaaaaaaaaaa"));
    static final SearchId SEARCH = new SearchId(UUID.fromString("bbbbbbbb-cccc-dddd-eeee-ffffffffffff"));
    /** 20 bytes 0x00..0x13: sha1 base32 and btih hex are checked against these. */
    static final Bytes TWENTY = Bytes.of(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19});
    static final Bytes SIXTEEN = Bytes.fromHex("31d6cfe0d16ae931b73c59d7e0c089c0");
    static final byte[] TORRENT = "d4:infod6:lengthi1e4:name1:aee".getBytes(StandardCharsets.US_ASCII);

    private Fixtures() {
    }

    static ContentId content() {
        return new ContentId(BIG, "movie.mkv", new Sha1(TWENTY), new Ed2kHash(SIXTEEN), null, null,
                new InfoHash(TWENTY));
    }

    static GatewayInfo info() {
        return new GatewayInfo("0.1.0", STARTED, 3, 2, 1, 9_000_000_000L);
    }

    static NetworkView network(NetworkId id, boolean enabled, AdapterState state) {
        return new NetworkView(id, id.value() + " network", enabled, state,
                Set.of(AdapterCapability.SERVER, AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD), null);
    }

    /** Two files (one above 2^32 bytes), two trackers (the second never answered), a download limit. */
    static TransferStatus transfer(TransferState state) {
        return new TransferStatus(TRANSFER, "movie.mkv", content(), state, BIG - 1, BIG - 2, BIG, 1_048_576L, 0L,
                Map.of(GNUTELLA, new SourceCount(1, 4), BITTORRENT, new SourceCount(3, 12)), null, ADDED,
                List.of(new FileStatus("movie.mkv", BIG - 100, 0, BIG - 102), new FileStatus("subs/en.srt", 100,
                        BIG - 100, 100)),
                List.of(new TrackerStatus(BITTORRENT, "http://tracker.example/announce", 0, TrackerState.WORKING,
                                ADDED, ADDED.plusSeconds(900), 40, 7, 33, null),
                        new TrackerStatus(BITTORRENT, "udp://tracker.example:6969", 1, TrackerState.FAILED, null, null,
                                0, -1, -1, "timed out")),
                BIG + 1, 0);
    }

    static SearchView search(SearchState state) {
        return new SearchView(SEARCH, SearchQuery.ofKeywords("ubuntu", "iso"), state, Set.of(GNUTELLA, EDONKEY),
                Set.of(BITTORRENT), 2, STARTED);
    }

    static SearchResultsPage results() {
        MergedHit hit = new MergedHit(0, "ubuntu.iso", BIG, content(), Set.of(GNUTELLA, BITTORRENT), 7);
        return new SearchResultsPage(search(SearchState.RUNNING), 5, 0, List.of(hit));
    }

    static ShareView share(ShareState state) {
        return new ShareView(SHARE, "/srv/share/movie.mkv", "movie.mkv", BIG, state,
                state == ShareState.READY ? BIG : 0, state == ShareState.READY ? content() : null,
                state == ShareState.FAILED ? "unreadable" : null, ADDED);
    }

    static ShareLinks links() {
        return new ShareLinks("magnet:?xt=urn:btih:000102030405060708090a0b0c0d0e0f10111213",
                "ed2k://|file|movie.mkv|5000000000|31d6cfe0d16ae931b73c59d7e0c089c0|/", Bytes.of(TORRENT));
    }

    static EventPage events() {
        return new EventPage(List.of(
                new EventRecord(41, STARTED, new GatewayEvent.TransferStateChanged(TRANSFER, TransferState.QUEUED,
                        TransferState.DOWNLOADING, null)),
                new EventRecord(42, ADDED, new GatewayEvent.ShareReady(SHARE, content()))), 42, true);
    }
}
