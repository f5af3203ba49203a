package org.crossnet.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.engine.events.EventBus;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.GatewayInfo;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.engine.registry.AdapterRegistry;
import org.crossnet.engine.search.SearchManager;
import org.crossnet.engine.share.ShareLibrary;
import org.crossnet.engine.transfer.TransferManager;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.Links;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.link.TransferLink;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferStatus;
import org.crossnet.spi.torrent.Metainfo;

/**
 * The facade over the engine's parts: checks arguments the parts do not, and delegates. Every method maps to one
 * {@link org.crossnet.engine.facade.Operation}.
 */
final class DefaultGatewayService implements GatewayService {
    /** Longest link text accepted. */
    static final int MAX_LINK_LENGTH = 1 << 20;
    /** Largest event page. */
    static final int MAX_EVENTS = 1000;
    /** Sources kept per network from one merged hit (they are stored with the transfer). */
    static final int MAX_HIT_PEERS = 50;

    private final String version;
    private final Instant startedAt;
    private final AdapterRegistry registry;
    private final SearchManager searches;
    private final TransferManager transfers;
    private final ShareLibrary shares;
    private final EventBus bus;

    DefaultGatewayService(String version, Instant startedAt, AdapterRegistry registry, SearchManager searches,
                          TransferManager transfers, ShareLibrary shares, EventBus bus) {
        this.version = version;
        this.startedAt = startedAt;
        this.registry = registry;
        this.searches = searches;
        this.transfers = transfers;
        this.shares = shares;
        this.bus = bus;
    }

    @Override
    public GatewayInfo gatewayInfo() {
        return new GatewayInfo(version, startedAt, registry.list().size(), transfers.list().size(), shares.size(),
                bus.lastId());
    }

    @Override
    public List<NetworkView> networkList() {
        return registry.list();
    }

    @Override
    public NetworkView networkStatus(NetworkId network) {
        return registry.status(required("network", network));
    }

    @Override
    public NetworkView networkEnable(NetworkId network) {
        return registry.enable(required("network", network));
    }

    @Override
    public NetworkView networkDisable(NetworkId network) {
        return registry.disable(required("network", network));
    }

    @Override
    public NetworkView networkRestart(NetworkId network) {
        return registry.restart(required("network", network));
    }

    @Override
    public SearchView searchStart(SearchQuery query) {
        return searches.start(required("query", query));
    }

    @Override
    public SearchResultsPage searchResults(SearchId search, int offset, int limit) {
        return searches.results(required("search", search), offset, limit);
    }

    @Override
    public SearchView searchStop(SearchId search) {
        return searches.stop(required("search", search));
    }

    @Override
    public TransferStatus transferAddLink(String link) {
        if (link == null || link.isBlank()) {
            throw GatewayException.invalid("link", link, "a magnet URI or an ed2k:// file link");
        }
        if (link.length() > MAX_LINK_LENGTH) {
            throw new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED,
                    "link: " + link.length() + " characters (expected: at most " + MAX_LINK_LENGTH + ")");
        }
        TransferLink parsed = Links.parse(link);
        List<String> peers = parsed.peers().stream().map(PeerAddress::toString).toList();
        return transfers.add(parsed.toContentId(), peers, parsed.trackers(), null);
    }

    @Override
    public TransferStatus transferAddTorrent(byte[] torrent) {
        Metainfo meta = Metainfo.parseTorrent(torrent);
        // a torrent with a file list is stored as its files in <download>/<name>, even when the list has one file
        return transfers.add(meta.contentId(), List.of(), meta.trackers(), Bytes.of(torrent),
                meta.singleFile() ? List.of() : meta.files());
    }

    /**
     * Each network is given the sources of its own hits only: a peer handle is an address on the network that found
     * it (an eDonkey client's port means nothing to BitTorrent). At most {@link #MAX_HIT_PEERS} per network are
     * kept; the networks find more sources themselves once the transfer runs.
     */
    @Override
    public TransferStatus transferAddHit(SearchId search, int hitIndex) {
        SearchManager.MergedHitWithSources hit = searches.hit(required("search", search), hitIndex);
        Map<NetworkId, List<String>> peers = new LinkedHashMap<>();
        for (SearchHit networkHit : hit.networkHits()) {
            String peer = networkHit.handle().get(SearchHit.PEER_HANDLE_KEY);
            if (peer == null) {
                continue;
            }
            List<String> own = peers.computeIfAbsent(networkHit.network(), n -> new ArrayList<>());
            if (!own.contains(peer) && own.size() < MAX_HIT_PEERS) {
                own.add(peer);
            }
        }
        return transfers.add(hit.hit().content().withName(hit.hit().name()), List.of(), peers, List.of(), null,
                List.of());
    }

    @Override
    public List<TransferStatus> transferList() {
        return transfers.list();
    }

    @Override
    public TransferStatus transferGet(TransferId transfer) {
        return transfers.get(required("transfer", transfer));
    }

    @Override
    public TransferStatus transferPause(TransferId transfer) {
        return transfers.pause(required("transfer", transfer));
    }

    @Override
    public TransferStatus transferResume(TransferId transfer) {
        return transfers.resume(required("transfer", transfer));
    }

    @Override
    public TransferStatus transferLimit(TransferId transfer, long downloadLimit, long uploadLimit) {
        return transfers.limit(required("transfer", transfer), downloadLimit, uploadLimit);
    }

    @Override
    public void transferRemove(TransferId transfer, boolean deleteData) {
        transfers.remove(required("transfer", transfer), deleteData);
    }

    @Override
    public List<ShareView> shareAdd(String path) {
        return shares.add(path);
    }

    @Override
    public List<ShareView> shareList() {
        return shares.list();
    }

    @Override
    public ShareView shareGet(ShareId share) {
        return shares.get(required("share", share));
    }

    @Override
    public void shareRemove(ShareId share) {
        shares.remove(required("share", share));
    }

    @Override
    public ShareLinks shareLinks(ShareId share) {
        return shares.links(required("share", share));
    }

    @Override
    public EventPage eventPoll(long after, int limit, long waitMillis) {
        if (after < 0) {
            throw GatewayException.invalid("after", after, ">= 0");
        }
        if (limit < 1 || limit > MAX_EVENTS) {
            throw GatewayException.invalid("limit", limit, "1.." + MAX_EVENTS);
        }
        if (waitMillis < 0 || waitMillis > EventBus.MAX_WAIT_MILLIS) {
            throw GatewayException.invalid("waitMillis", waitMillis, "0.." + EventBus.MAX_WAIT_MILLIS);
        }
        try {
            return bus.poll(after, limit, waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "event poll interrupted: gateway stopping");
        }
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw GatewayException.invalid(name, null, "a value");
        }
        return value;
    }
}
