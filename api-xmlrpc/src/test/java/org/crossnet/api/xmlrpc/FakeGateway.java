package org.crossnet.api.xmlrpc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.TrackerState;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;

/**
 * An in-memory GatewayService for the front-end's tests: keeps networks, searches, transfers, shares and events in
 * maps, records every call it receives (so attack tests can assert that nothing reached the facade), and can be told
 * to fail the next call with a given exception.
 */
final class FakeGateway implements GatewayService {
    static final long FIVE_GIB = 5L << 30;
    static final Instant STARTED = Instant.parse("2026-11-25T18:00:00Z");
    static final NetworkId BITTORRENT = new NetworkId("bittorrent");
    static final NetworkId ED2K = new NetworkId("ed2k");

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<SearchQuery> queries = new CopyOnWriteArrayList<>();
    final List<byte[]> torrents = new CopyOnWriteArrayList<>();

    private final Map<NetworkId, NetworkView> networks = new LinkedHashMap<>();
    private final Map<SearchId, SearchView> searches = new LinkedHashMap<>();
    private final Map<TransferId, TransferStatus> transfers = new LinkedHashMap<>();
    private final Map<ShareId, ShareView> shares = new LinkedHashMap<>();
    private final List<EventRecord> events = new ArrayList<>();
    private RuntimeException nextFailure;

    FakeGateway() {
        reset();
    }

    synchronized void reset() {
        calls.clear();
        queries.clear();
        torrents.clear();
        searches.clear();
        transfers.clear();
        shares.clear();
        events.clear();
        networks.clear();
        nextFailure = null;
        networks.put(BITTORRENT, new NetworkView(BITTORRENT, "BitTorrent", true, AdapterState.RUNNING,
                EnumSet.of(AdapterCapability.DHT, AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD),
                "12 peers"));
        networks.put(ED2K, new NetworkView(ED2K, "eDonkey", false, AdapterState.DISABLED,
                EnumSet.of(AdapterCapability.SEARCH), null));
    }

    /** The next facade call throws this instead of doing its work. */
    synchronized void failNext(RuntimeException failure) {
        nextFailure = failure;
    }

    private void enter(String call) {
        calls.add(call);
        RuntimeException failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure;
        }
    }

    private void publish(GatewayEvent event) {
        events.add(new EventRecord(events.size() + 1L, STARTED.plusSeconds(events.size()), event));
    }

    @Override
    public synchronized GatewayInfo gatewayInfo() {
        enter("gatewayInfo");
        return new GatewayInfo("0.1.0-test", STARTED, networks.size(), transfers.size(), shares.size(),
                events.size());
    }

    @Override
    public synchronized List<NetworkView> networkList() {
        enter("networkList");
        return List.copyOf(networks.values());
    }

    @Override
    public synchronized NetworkView networkStatus(NetworkId network) {
        enter("networkStatus " + network);
        return network(network);
    }

    @Override
    public synchronized NetworkView networkEnable(NetworkId network) {
        enter("networkEnable " + network);
        NetworkView v = network(network);
        return put(new NetworkView(v.id(), v.displayName(), true, AdapterState.RUNNING, v.capabilities(), ""));
    }

    @Override
    public synchronized NetworkView networkDisable(NetworkId network) {
        enter("networkDisable " + network);
        NetworkView v = network(network);
        return put(new NetworkView(v.id(), v.displayName(), false, AdapterState.DISABLED, v.capabilities(), null));
    }

    @Override
    public synchronized NetworkView networkRestart(NetworkId network) {
        enter("networkRestart " + network);
        NetworkView v = network(network);
        if (!v.enabled()) {
            throw new GatewayException(GatewayErrorCode.CONFLICT, "network " + network + " is disabled");
        }
        return v;
    }

    private NetworkView network(NetworkId id) {
        NetworkView v = networks.get(id);
        if (v == null) {
            throw GatewayException.notFound("network", id);
        }
        return v;
    }

    private NetworkView put(NetworkView view) {
        networks.put(view.id(), view);
        publish(new GatewayEvent.AdapterStateChanged(view.id(), view.state().name(), view.detail()));
        return view;
    }

    @Override
    public synchronized SearchView searchStart(SearchQuery query) {
        enter("searchStart " + query.keywords());
        queries.add(query);
        SearchView view = new SearchView(SearchId.random(), query, SearchState.RUNNING, Set.of(ED2K),
                Set.of(BITTORRENT), 2, STARTED);
        searches.put(view.id(), view);
        return view;
    }

    @Override
    public synchronized SearchResultsPage searchResults(SearchId search, int offset, int limit) {
        enter("searchResults " + search);
        SearchView view = search(search);
        if (offset < 0 || limit < 1) {
            throw GatewayException.invalid("offset/limit", offset + "/" + limit, "offset >= 0, limit >= 1");
        }
        List<MergedHit> all = hits(view);
        List<MergedHit> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        return new SearchResultsPage(view, all.size(), offset, page);
    }

    private static List<MergedHit> hits(SearchView view) {
        String name = String.join(" ", view.query().keywords());
        long size = view.query().minSize() > 0 ? view.query().minSize() : FIVE_GIB;
        return List.of(
                new MergedHit(0, name + ".iso", size, content(name + ".iso", size, (byte) 1),
                        Set.of(ED2K, BITTORRENT), 7),
                new MergedHit(1, name + ".txt", 12, content(name + ".txt", 12, (byte) 2), Set.of(BITTORRENT), 1));
    }

    @Override
    public synchronized SearchView searchStop(SearchId search) {
        enter("searchStop " + search);
        SearchView v = search(search);
        SearchView stopped = new SearchView(v.id(), v.query(), SearchState.STOPPED, Set.of(),
                Set.of(ED2K, BITTORRENT), v.hits(), v.startedAt());
        searches.put(v.id(), stopped);
        return stopped;
    }

    private SearchView search(SearchId id) {
        SearchView v = searches.get(id);
        if (v == null) {
            throw GatewayException.notFound("search", id);
        }
        return v;
    }

    @Override
    public synchronized TransferStatus transferAddLink(String link) {
        enter("transferAddLink " + link);
        if (!link.startsWith("magnet:?") && !link.startsWith("ed2k://")) {
            throw GatewayException.invalid("link", link, "a magnet URI or an ed2k:// file link");
        }
        return add("linked", ContentId.UNKNOWN_SIZE, content(null, ContentId.UNKNOWN_SIZE, (byte) 3));
    }

    @Override
    public synchronized TransferStatus transferAddTorrent(byte[] torrent) {
        enter("transferAddTorrent " + torrent.length);
        torrents.add(torrent.clone());
        return add("torrent-" + torrent.length, FIVE_GIB, new ContentId(FIVE_GIB, "from.torrent", null, null, null,
                null, new InfoHash(Bytes.of(sha1(torrent)))));
    }

    @Override
    public synchronized TransferStatus transferAddHit(SearchId search, int hitIndex) {
        enter("transferAddHit " + search + " " + hitIndex);
        List<MergedHit> all = hits(search(search));
        if (hitIndex < 0 || hitIndex >= all.size()) {
            throw GatewayException.notFound("hit", hitIndex);
        }
        MergedHit hit = all.get(hitIndex);
        return add(hit.name(), hit.size(), hit.content());
    }

    /** Known sizes get two files (the second above 2^32 bytes for a 5 GiB content) and two trackers. */
    private TransferStatus add(String name, long size, ContentId content) {
        List<FileStatus> files = size < 0 ? List.of() : List.of(new FileStatus("a/first.bin", size / 5, 0, size / 5),
                new FileStatus("second.bin", size - size / 5, size / 5, size / 4 - size / 5));
        List<TrackerStatus> trackers = List.of(
                new TrackerStatus(BITTORRENT, "http://tracker.invalid/announce", 0, TrackerState.WORKING, STARTED,
                        STARTED.plusSeconds(1800), 50, 10, 40, null),
                new TrackerStatus(BITTORRENT, "udp://down.invalid:80", 1, TrackerState.FAILED, null, null, 0, -1, -1,
                        "connection refused"));
        TransferStatus status = new TransferStatus(TransferId.random(), name, content, TransferState.DOWNLOADING,
                size > 0 ? size / 2 : 0, size > 0 ? size / 4 : 0, size, 3L << 31, 1024,
                Map.of(ED2K, new SourceCount(1, 4), BITTORRENT, new SourceCount(2, 9)), null, STARTED, files,
                trackers, 0, 0);
        transfers.put(status.id(), status);
        publish(new GatewayEvent.TransferAdded(status.id(), name, content));
        return status;
    }

    @Override
    public synchronized List<TransferStatus> transferList() {
        enter("transferList");
        return List.copyOf(transfers.values());
    }

    @Override
    public synchronized TransferStatus transferGet(TransferId transfer) {
        enter("transferGet " + transfer);
        return transfer(transfer);
    }

    @Override
    public synchronized TransferStatus transferPause(TransferId transfer) {
        enter("transferPause " + transfer);
        return state(transfer(transfer), TransferState.PAUSED, "paused by user");
    }

    @Override
    public synchronized TransferStatus transferResume(TransferId transfer) {
        enter("transferResume " + transfer);
        return state(transfer(transfer), TransferState.DOWNLOADING, null);
    }

    private TransferStatus state(TransferStatus t, TransferState to, String detail) {
        TransferStatus next = new TransferStatus(t.id(), t.name(), t.content(), to, t.bytesDone(),
                t.bytesVerified(), t.bytesTotal(), 0, 0, t.sources(), detail, t.addedAt(), t.files(), t.trackers(),
                t.downloadLimit(), t.uploadLimit());
        transfers.put(t.id(), next);
        publish(new GatewayEvent.TransferStateChanged(t.id(), t.state(), to, detail));
        return next;
    }

    @Override
    public synchronized TransferStatus transferLimit(TransferId transfer, long downloadLimit, long uploadLimit) {
        enter("transferLimit " + transfer + " " + downloadLimit + " " + uploadLimit);
        if (downloadLimit < 0 || uploadLimit < 0) {
            throw GatewayException.invalid(downloadLimit < 0 ? "downloadLimit" : "uploadLimit",
                    Math.min(downloadLimit, uploadLimit), "bytes/second >= 0, 0 = no limit");
        }
        TransferStatus t = transfer(transfer);
        TransferStatus next = new TransferStatus(t.id(), t.name(), t.content(), t.state(), t.bytesDone(),
                t.bytesVerified(), t.bytesTotal(), t.downloadRate(), t.uploadRate(), t.sources(), t.detail(),
                t.addedAt(), t.files(), t.trackers(), downloadLimit, uploadLimit);
        transfers.put(t.id(), next);
        return next;
    }

    @Override
    public synchronized void transferRemove(TransferId transfer, boolean deleteData) {
        enter("transferRemove " + transfer + " " + deleteData);
        transfer(transfer);
        transfers.remove(transfer);
        publish(new GatewayEvent.TransferRemoved(transfer, deleteData));
    }

    private TransferStatus transfer(TransferId id) {
        TransferStatus t = transfers.get(id);
        if (t == null) {
            throw GatewayException.notFound("transfer", id);
        }
        return t;
    }

    @Override
    public synchronized List<ShareView> shareAdd(String path) {
        enter("shareAdd " + path);
        if (!path.startsWith("/")) {
            throw GatewayException.invalid("path", path, "an absolute path");
        }
        for (ShareView existing : shares.values()) {
            if (existing.path().equals(path)) {
                throw new GatewayException(GatewayErrorCode.CONFLICT, "already shared: " + path);
            }
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        ShareView view = new ShareView(ShareId.random(), path, name, FIVE_GIB, ShareState.HASHING, 3L << 31, null,
                null, STARTED);
        shares.put(view.id(), view);
        publish(new GatewayEvent.ShareAdded(view.id(), name, FIVE_GIB));
        return List.of(view);
    }

    @Override
    public synchronized List<ShareView> shareList() {
        enter("shareList");
        return List.copyOf(shares.values());
    }

    @Override
    public synchronized ShareView shareGet(ShareId share) {
        enter("shareGet " + share);
        return share(share);
    }

    @Override
    public synchronized void shareRemove(ShareId share) {
        enter("shareRemove " + share);
        share(share);
        shares.remove(share);
        publish(new GatewayEvent.ShareRemoved(share));
    }

    @Override
    public synchronized ShareLinks shareLinks(ShareId share) {
        enter("shareLinks " + share);
        ShareView v = share(share);
        return new ShareLinks("magnet:?xt=urn:btih:" + "ab".repeat(20) + "&dn=" + v.name(), null,
                Bytes.of(("d4:infod6:lengthi" + v.size() + "eee").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private ShareView share(ShareId id) {
        ShareView v = shares.get(id);
        if (v == null) {
            throw GatewayException.notFound("share", id);
        }
        return v;
    }

    @Override
    public synchronized EventPage eventPoll(long after, int limit, long waitMillis) {
        enter("eventPoll " + after + " " + limit + " " + waitMillis);
        if (limit < 1) {
            throw GatewayException.invalid("limit", limit, ">= 1");
        }
        List<EventRecord> page = events.stream().filter(e -> e.id() > after).limit(limit).toList();
        return new EventPage(page, page.isEmpty() ? after : page.get(page.size() - 1).id(), false);
    }

    private static ContentId content(String name, long size, byte seed) {
        byte[] hash = new byte[Sha1.LENGTH];
        java.util.Arrays.fill(hash, seed);
        return new ContentId(size, name, new Sha1(Bytes.of(hash)), null, null, null, new InfoHash(Bytes.of(hash)));
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
