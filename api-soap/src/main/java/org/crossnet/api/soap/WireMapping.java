package org.crossnet.api.soap;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.crossnet.api.soap.wire.Content;
import org.crossnet.api.soap.wire.Event;
import org.crossnet.api.soap.wire.EventField;
import org.crossnet.api.soap.wire.EventPage;
import org.crossnet.api.soap.wire.Hit;
import org.crossnet.api.soap.wire.Info;
import org.crossnet.api.soap.wire.Links;
import org.crossnet.api.soap.wire.Network;
import org.crossnet.api.soap.wire.Search;
import org.crossnet.api.soap.wire.SearchResults;
import org.crossnet.api.soap.wire.Share;
import org.crossnet.api.soap.wire.Transfer;
import org.crossnet.api.soap.wire.TransferFile;
import org.crossnet.api.soap.wire.TransferSource;
import org.crossnet.api.soap.wire.TransferTracker;
import org.crossnet.engine.facade.EventFields;
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
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TransferStatus;

/**
 * Facade views to the wire forms of docs/api.md. Sets become lists sorted so that the three APIs render the same
 * order: network ids by text, capabilities in declaration order; null members stay null (and so are omitted).
 */
final class WireMapping {
    private WireMapping() {
    }

    static Info info(GatewayInfo info) {
        return new Info(info.version(), time(info.startedAt()), info.networks(), info.transfers(), info.shares(),
                info.lastEventId());
    }

    static Network network(NetworkView view) {
        List<String> capabilities = view.capabilities().stream().sorted().map(Enum::name).toList();
        return new Network(view.id().value(), view.displayName(), view.enabled(), name(view.state()), capabilities,
                view.detail());
    }

    static List<Network> networks(List<NetworkView> views) {
        return views.stream().map(WireMapping::network).toList();
    }

    static Search search(SearchView view) {
        return new Search(view.id().toString(), view.query().keywords(), name(view.state()), ids(view.running()),
                ids(view.finished()), view.hits(), time(view.startedAt()));
    }

    static SearchResults searchResults(SearchResultsPage page) {
        return new SearchResults(search(page.search()), page.total(), page.offset(),
                page.hits().stream().map(WireMapping::hit).toList());
    }

    static Hit hit(MergedHit hit) {
        return new Hit(hit.index(), hit.name(), hit.size(), content(hit.content()), ids(hit.networks()),
                hit.sources());
    }

    static Transfer transfer(TransferStatus status) {
        List<TransferSource> sources = status.sources().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<NetworkId, SourceCount> e) -> e.getKey().value()))
                .map(e -> new TransferSource(e.getKey().value(), e.getValue().connected(), e.getValue().known()))
                .toList();
        List<TransferFile> files = status.files().stream()
                .map(f -> new TransferFile(f.path(), f.length(), f.offset(), f.bytesVerified()))
                .toList();
        List<TransferTracker> trackers = status.trackers().stream()
                .map(t -> new TransferTracker(t.network().value(), t.url(), t.tier(), name(t.state()),
                        time(t.lastAnnounce()), time(t.nextAnnounce()), t.peers(), t.seeders(), t.leechers(),
                        t.error()))
                .toList();
        return new Transfer(status.id().toString(), status.name(), content(status.content()), name(status.state()),
                status.bytesDone(), status.bytesVerified(), status.bytesTotal(), status.downloadRate(),
                status.uploadRate(), status.progress(), sources, status.detail(), time(status.addedAt()), files,
                trackers, status.downloadLimit(), status.uploadLimit());
    }

    static List<Transfer> transfers(List<TransferStatus> statuses) {
        return statuses.stream().map(WireMapping::transfer).toList();
    }

    static Share share(ShareView view) {
        return new Share(view.id().toString(), view.path(), view.name(), view.size(), name(view.state()),
                view.bytesHashed(), content(view.content()), view.detail(), time(view.addedAt()));
    }

    static List<Share> shares(List<ShareView> views) {
        return views.stream().map(WireMapping::share).toList();
    }

    static Links links(ShareLinks links) {
        return new Links(links.magnet(), links.ed2k(), links.torrent() == null ? null : links.torrent().toArray());
    }

    static EventPage eventPage(org.crossnet.engine.facade.EventPage page) {
        return new EventPage(page.events().stream().map(WireMapping::event).toList(), page.next(), page.gap());
    }

    static Event event(EventRecord record) {
        List<EventField> data = EventFields.of(record.event()).entrySet().stream()
                .map(e -> new EventField(e.getKey(), e.getValue()))
                .toList();
        return new Event(record.id(), time(record.at()), record.event().type(), data);
    }

    /** The content's members; hashes in the encodings of {@link EventFields#hashText}. */
    static Content content(ContentId content) {
        if (content == null) {
            return null;
        }
        return new Content(content.size(), content.name(), hash(content.sha1()), hash(content.ed2k()),
                hash(content.aich()), hash(content.tth()), hash(content.btih()));
    }

    private static String hash(ContentHash hash) {
        return hash == null ? null : EventFields.hashText(hash);
    }

    private static List<String> ids(Collection<NetworkId> ids) {
        return ids.stream().map(NetworkId::value).sorted().toList();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
