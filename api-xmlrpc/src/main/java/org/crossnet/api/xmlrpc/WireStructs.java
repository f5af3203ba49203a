package org.crossnet.api.xmlrpc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crossnet.engine.facade.EventFields;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.engine.facade.GatewayInfo;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareLinks;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerStatus;
import org.crossnet.spi.model.TransferStatus;

/**
 * Facade views rendered as XML-RPC structs with the member names of docs/api.md "Wire forms". Null members are left
 * out; 64-bit values are {@link Long} (written as {@code <ex:i8>}), counts {@link Integer}, times ISO-8601 UTC
 * strings, enums their names, ids their text, binary {@code byte[]} ({@code <base64>}). Stateless.
 */
final class WireStructs {
    private WireStructs() {
    }

    static Map<String, Object> info(GatewayInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "version", info.version());
        put(m, "startedAt", time(info.startedAt()));
        put(m, "networks", info.networks());
        put(m, "transfers", info.transfers());
        put(m, "shares", info.shares());
        put(m, "lastEventId", info.lastEventId());
        return m;
    }

    static Map<String, Object> network(NetworkView network) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", text(network.id()));
        put(m, "displayName", network.displayName());
        put(m, "enabled", network.enabled());
        put(m, "state", name(network.state()));
        put(m, "capabilities", network.capabilities().stream().sorted().map(Enum::name).toList());
        put(m, "detail", network.detail());
        return m;
    }

    static Map<String, Object> search(SearchView search) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", text(search.id()));
        put(m, "keywords", search.query() == null ? null : search.query().keywords());
        put(m, "state", name(search.state()));
        put(m, "running", networkIds(search.running()));
        put(m, "finished", networkIds(search.finished()));
        put(m, "hits", search.hits());
        put(m, "startedAt", time(search.startedAt()));
        return m;
    }

    static Map<String, Object> searchResults(SearchResultsPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "search", page.search() == null ? null : search(page.search()));
        put(m, "total", page.total());
        put(m, "offset", page.offset());
        put(m, "hits", list(page.hits(), WireStructs::hit));
        return m;
    }

    static Map<String, Object> hit(MergedHit hit) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "index", hit.index());
        put(m, "name", hit.name());
        put(m, "size", hit.size());
        put(m, "content", hit.content() == null ? null : content(hit.content()));
        put(m, "networks", networkIds(hit.networks()));
        put(m, "sources", hit.sources());
        return m;
    }

    static Map<String, Object> transfer(TransferStatus transfer) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", text(transfer.id()));
        put(m, "name", transfer.name());
        put(m, "content", transfer.content() == null ? null : content(transfer.content()));
        put(m, "state", name(transfer.state()));
        put(m, "bytesDone", transfer.bytesDone());
        put(m, "bytesVerified", transfer.bytesVerified());
        put(m, "bytesTotal", transfer.bytesTotal());
        put(m, "downloadRate", transfer.downloadRate());
        put(m, "uploadRate", transfer.uploadRate());
        put(m, "progress", transfer.progress());
        List<Map<String, Object>> sources = new ArrayList<>();
        transfer.sources().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(NetworkId::value)))
                .forEach(e -> sources.add(source(e.getKey(), e.getValue())));
        put(m, "sources", sources);
        put(m, "detail", transfer.detail());
        put(m, "addedAt", time(transfer.addedAt()));
        put(m, "files", list(transfer.files(), WireStructs::file));
        put(m, "trackers", list(transfer.trackers(), WireStructs::tracker));
        put(m, "downloadLimit", transfer.downloadLimit());
        put(m, "uploadLimit", transfer.uploadLimit());
        return m;
    }

    static Map<String, Object> file(FileStatus file) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "path", file.path());
        put(m, "length", file.length());
        put(m, "offset", file.offset());
        put(m, "bytesVerified", file.bytesVerified());
        return m;
    }

    static Map<String, Object> tracker(TrackerStatus tracker) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "network", text(tracker.network()));
        put(m, "url", tracker.url());
        put(m, "tier", tracker.tier());
        put(m, "state", name(tracker.state()));
        put(m, "lastAnnounce", time(tracker.lastAnnounce()));
        put(m, "nextAnnounce", time(tracker.nextAnnounce()));
        put(m, "peers", tracker.peers());
        put(m, "seeders", tracker.seeders());
        put(m, "leechers", tracker.leechers());
        put(m, "error", tracker.error());
        return m;
    }

    static Map<String, Object> share(ShareView share) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", text(share.id()));
        put(m, "path", share.path());
        put(m, "name", share.name());
        put(m, "size", share.size());
        put(m, "state", name(share.state()));
        put(m, "bytesHashed", share.bytesHashed());
        put(m, "content", share.content() == null ? null : content(share.content()));
        put(m, "detail", share.detail());
        put(m, "addedAt", time(share.addedAt()));
        return m;
    }

    static Map<String, Object> links(ShareLinks links) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "magnet", links.magnet());
        put(m, "ed2k", links.ed2k());
        put(m, "torrent", links.torrent() == null ? null : links.torrent().toArray());
        return m;
    }

    static Map<String, Object> eventPage(EventPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "events", list(page.events(), WireStructs::event));
        put(m, "next", page.next());
        put(m, "gap", page.gap());
        return m;
    }

    static Map<String, Object> event(EventRecord event) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", event.id());
        put(m, "at", time(event.at()));
        put(m, "type", event.event().type());
        put(m, "data", new LinkedHashMap<String, Object>(EventFields.of(event.event())));
        return m;
    }

    static Map<String, Object> content(ContentId content) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "size", content.size());
        put(m, "name", content.name());
        for (ContentHash hash : content.hashes()) {
            put(m, EventFields.hashName(hash), EventFields.hashText(hash));
        }
        return m;
    }

    static <T> List<Map<String, Object>> list(Collection<T> items, Function<T, Map<String, Object>> render) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(render.apply(item));
        }
        return out;
    }

    private static Map<String, Object> source(NetworkId network, SourceCount count) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "network", network.value());
        put(m, "connected", count.connected());
        put(m, "known", count.known());
        return m;
    }

    private static List<String> networkIds(Collection<NetworkId> ids) {
        return ids.stream().map(NetworkId::value).sorted().toList();
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String text(Object id) {
        return id == null ? null : id.toString();
    }

    private static void put(Map<String, Object> struct, String key, Object value) {
        if (value != null) {
            struct.put(key, value);
        }
    }
}
