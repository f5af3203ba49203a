package org.crossnet.api.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.GatewayInfo;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.AichRoot;
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
import org.crossnet.spi.model.TigerTreeRoot;
import org.crossnet.spi.model.TrackerState;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;

/**
 * In-memory stand-in for the engine: keeps networks, searches, transfers, shares and an event buffer with a
 * blocking poll, records the arguments it was called with, and can be told to fail the next calls.
 */
final class FakeGatewayService implements GatewayService {
    static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");
    static final NetworkId BT = new NetworkId("bittorrent");
    static final NetworkId ED2K = new NetworkId("ed2k");
    static final ContentId CONTENT = new ContentId(1234, "a.iso", new Sha1(seq(0, 20)), new Ed2kHash(seq(0, 16)),
            new AichRoot(seq(50, 20)), new TigerTreeRoot(seq(100, 24)), new InfoHash(seq(200, 20)));
    static final ContentId BTIH_ONLY = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, null, null,
            new InfoHash(seq(200, 20)));

    private final Map<NetworkId, NetworkView> networks = new ConcurrentHashMap<>();
    private final Map<SearchId, SearchView> searches = new ConcurrentHashMap<>();
    private final Map<TransferId, TransferStatus> transfers = new ConcurrentHashMap<>();
    private final Map<ShareId, ShareView> shares = new ConcurrentHashMap<>();
    private final List<EventRecord> events = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    final List<Object> calls = new CopyOnWriteArrayList<>();
    volatile byte[] lastTorrent;

    FakeGatewayService() {
        reset();
    }

    synchronized void reset() {
        networks.clear();
        searches.clear();
        transfers.clear();
        shares.clear();
        events.clear();
        calls.clear();
        failure.set(null);
        lastTorrent = null;
        networks.put(BT, new NetworkView(BT, "BitTorrent", true, AdapterState.RUNNING,
                EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD, AdapterCapability.DHT), "3 peers"));
        networks.put(ED2K, new NetworkView(ED2K, "eDonkey", false, AdapterState.DISABLED,
                EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.SERVER), ""));
    }

    /** Every following call throws {@code e} until {@link #reset()}. */
    void failWith(RuntimeException e) {
        failure.set(e);
    }

    /** Appends an event to the buffer, stamped with the next id, and wakes pollers. */
    synchronized EventRecord publish(GatewayEvent event) {
        long id = events.isEmpty() ? 1 : events.get(events.size() - 1).id() + 1;
        EventRecord record = new EventRecord(id, T0.plusSeconds(id), event);
        events.add(record);
        notifyAll();
        return record;
    }

    TransferStatus putTransfer(TransferStatus status) {
        transfers.put(status.id(), status);
        return status;
    }

    ShareView putShare(ShareView share) {
        shares.put(share.id(), share);
        return share;
    }

    SearchView putSearch(SearchView search) {
        searches.put(search.id(), search);
        return search;
    }

    /** Two files, two trackers (one never answered: its times and error absent), an upload limit above 2^32. */
    static TransferStatus transfer(TransferId id, String name, ContentId content, TransferState state) {
        return new TransferStatus(id, name, content, state, 600, 500, 1000, 20, 10,
                Map.of(ED2K, new SourceCount(1, 4), BT, new SourceCount(2, 7)), null, T0,
                List.of(new FileStatus("disc 1/a.iso", 700, 0, 450), new FileStatus("b.txt", 300, 700, 50)),
                List.of(new TrackerStatus(BT, "udp://tracker.example:1337/announce", 0, TrackerState.WORKING,
                                T0.plusSeconds(60), T0.plusSeconds(1860), 12, 3, 9, null),
                        new TrackerStatus(BT, "http://backup.example/announce", 1, TrackerState.IDLE, null, null, 0,
                                -1, -1, null)),
                0, 5_000_000_000L);
    }

    private void call(Object... what) {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
        calls.add(List.of(what));
    }

    @Override
    public GatewayInfo gatewayInfo() {
        call("gatewayInfo");
        return new GatewayInfo("0.1.0-test", T0, networks.size(), transfers.size(), shares.size(), lastEventId());
    }

    private synchronized long lastEventId() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
    }

    @Override
    public List<NetworkView> networkList() {
        call("networkList");
        return networks.values().stream().sorted(Comparator.comparing(n -> n.id().value())).toList();
    }

    @Override
    public NetworkView networkStatus(NetworkId network) {
        call("networkStatus", network);
        return network(network);
    }

    private NetworkView network(NetworkId network) {
        NetworkView view = networks.get(network);
        if (view == null) {
            throw GatewayException.notFound("network", network);
        }
        return view;
    }

    @Override
    public NetworkView networkEnable(NetworkId network) {
        call("networkEnable", network);
        NetworkView v = network(network);
        return put(new NetworkView(v.id(), v.displayName(), true, AdapterState.STARTING, v.capabilities(), v.detail()));
    }

    @Override
    public NetworkView networkDisable(NetworkId network) {
        call("networkDisable", network);
        NetworkView v = network(network);
        return put(new NetworkView(v.id(), v.displayName(), false, AdapterState.DISABLED, v.capabilities(), ""));
    }

    @Override
    public NetworkView networkRestart(NetworkId network) {
        call("networkRestart", network);
        NetworkView v = network(network);
        return put(new NetworkView(v.id(), v.displayName(), true, AdapterState.STARTING, v.capabilities(), "restarting"));
    }

    private NetworkView put(NetworkView view) {
        networks.put(view.id(), view);
        return view;
    }

    @Override
    public SearchView searchStart(SearchQuery query) {
        call("searchStart", query);
        return putSearch(new SearchView(SearchId.random(), query, SearchState.RUNNING, Set.of(ED2K, BT), Set.of(), 0,
                T0));
    }

    @Override
    public SearchResultsPage searchResults(SearchId search, int offset, int limit) {
        call("searchResults", search, offset, limit);
        SearchView view = search(search);
        List<MergedHit> hits = List.of(new MergedHit(offset, "a.iso", 1234, CONTENT, Set.of(ED2K, BT), 9));
        return new SearchResultsPage(view, 1 + offset, offset, hits);
    }

    private SearchView search(SearchId search) {
        SearchView view = searches.get(search);
        if (view == null) {
            throw GatewayException.notFound("search", search);
        }
        return view;
    }

    @Override
    public SearchView searchStop(SearchId search) {
        call("searchStop", search);
        SearchView v = search(search);
        return putSearch(new SearchView(v.id(), v.query(), SearchState.STOPPED, Set.of(), Set.of(BT, ED2K), v.hits(),
                v.startedAt()));
    }

    @Override
    public TransferStatus transferAddLink(String link) {
        call("transferAddLink", link);
        return putTransfer(new TransferStatus(TransferId.random(), "magnet", BTIH_ONLY, TransferState.QUEUED, 0, 0,
                ContentId.UNKNOWN_SIZE, 0, 0, Map.of(), "waiting for metadata", T0));
    }

    @Override
    public TransferStatus transferAddTorrent(byte[] torrent) {
        call("transferAddTorrent", torrent.length);
        lastTorrent = torrent.clone();
        return putTransfer(transfer(TransferId.random(), "a.iso", CONTENT, TransferState.DOWNLOADING));
    }

    @Override
    public TransferStatus transferAddHit(SearchId search, int hitIndex) {
        call("transferAddHit", search, hitIndex);
        search(search);
        return putTransfer(transfer(TransferId.random(), "a.iso", CONTENT, TransferState.QUEUED));
    }

    @Override
    public List<TransferStatus> transferList() {
        call("transferList");
        return List.copyOf(transfers.values());
    }

    @Override
    public TransferStatus transferGet(TransferId transfer) {
        call("transferGet", transfer);
        return transfer(transfer);
    }

    private TransferStatus transfer(TransferId transfer) {
        TransferStatus status = transfers.get(transfer);
        if (status == null) {
            throw GatewayException.notFound("transfer", transfer);
        }
        return status;
    }

    @Override
    public TransferStatus transferPause(TransferId transfer) {
        call("transferPause", transfer);
        return putTransfer(withState(transfer(transfer), TransferState.PAUSED));
    }

    @Override
    public TransferStatus transferResume(TransferId transfer) {
        call("transferResume", transfer);
        return putTransfer(withState(transfer(transfer), TransferState.DOWNLOADING));
    }

    private static TransferStatus withState(TransferStatus s, TransferState state) {
        return new TransferStatus(s.id(), s.name(), s.content(), state, s.bytesDone(), s.bytesVerified(),
                s.bytesTotal(), s.downloadRate(), s.uploadRate(), s.sources(), s.detail(), s.addedAt(), s.files(),
                s.trackers(), s.downloadLimit(), s.uploadLimit());
    }

    @Override
    public TransferStatus transferLimit(TransferId transfer, long downloadLimit, long uploadLimit) {
        call("transferLimit", transfer, downloadLimit, uploadLimit);
        if (downloadLimit < 0) {
            throw GatewayException.invalid("downloadLimit", downloadLimit, "bytes/second >= 0, 0 = no limit");
        }
        TransferStatus s = transfer(transfer);
        return putTransfer(new TransferStatus(s.id(), s.name(), s.content(), s.state(), s.bytesDone(),
                s.bytesVerified(), s.bytesTotal(), s.downloadRate(), s.uploadRate(), s.sources(), s.detail(),
                s.addedAt(), s.files(), s.trackers(), downloadLimit, uploadLimit));
    }

    @Override
    public void transferRemove(TransferId transfer, boolean deleteData) {
        call("transferRemove", transfer, deleteData);
        transfer(transfer);
        transfers.remove(transfer);
    }

    @Override
    public List<ShareView> shareAdd(String path) {
        call("shareAdd", path);
        return List.of(putShare(new ShareView(ShareId.random(), path, "a.iso", 1234, ShareState.HASHING, 0, null, null,
                T0)));
    }

    @Override
    public List<ShareView> shareList() {
        call("shareList");
        return List.copyOf(shares.values());
    }

    @Override
    public ShareView shareGet(ShareId share) {
        call("shareGet", share);
        return share(share);
    }

    private ShareView share(ShareId share) {
        ShareView view = shares.get(share);
        if (view == null) {
            throw GatewayException.notFound("share", share);
        }
        return view;
    }

    @Override
    public void shareRemove(ShareId share) {
        call("shareRemove", share);
        share(share);
        shares.remove(share);
    }

    @Override
    public ShareLinks shareLinks(ShareId share) {
        call("shareLinks", share);
        share(share);
        return new ShareLinks("magnet:?xt=urn:btih:c8c9", "ed2k://|file|a.iso|1234|000102|/",
                Bytes.of(new byte[] {'d', 'e'}));
    }

    @Override
    public EventPage eventPoll(long after, int limit, long waitMillis) {
        call("eventPoll", after, limit, waitMillis);
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        synchronized (this) {
            while (true) {
                List<EventRecord> page = events.stream().filter(e -> e.id() > after).limit(limit).toList();
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (!page.isEmpty() || remaining <= 0) {
                    return new EventPage(page, page.isEmpty() ? after : page.get(page.size() - 1).id(), false);
                }
                try {
                    wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new EventPage(List.of(), after, false);
                }
            }
        }
    }

    private static Bytes seq(int from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (from + i);
        }
        return Bytes.of(b);
    }
}
