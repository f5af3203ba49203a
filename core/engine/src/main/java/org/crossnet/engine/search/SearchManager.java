package org.crossnet.engine.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crossnet.engine.facade.MergedHit;
import org.crossnet.engine.facade.SearchResultsPage;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.registry.AdapterRegistry;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs searches on every eligible network at once and merges the hits by content identity. Searches expire a while
 * after they finish; the number of live searches and of hits per search are capped. Thread-safe.
 */
public final class SearchManager {
    private static final Logger LOG = LoggerFactory.getLogger(SearchManager.class);

    /** Live searches at most; the oldest finished one is evicted first. */
    public static final int MAX_SEARCHES = 64;
    /** Merged hits kept per search. */
    public static final int MAX_HITS = 10_000;
    /** Largest page. */
    public static final int MAX_PAGE = 500;

    private final AdapterRegistry registry;
    private final EventSink events;
    private final Clock clock;
    private final Duration retention;
    private final Map<SearchId, RunningSearch> searches = new ConcurrentHashMap<>();

    public SearchManager(AdapterRegistry registry, EventSink events, Clock clock, Duration retention) {
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.retention = retention;
    }

    public SearchView start(SearchQuery query) {
        Map<NetworkId, NetworkAdapter> searchable = registry.running(AdapterCapability.SEARCH);
        Map<NetworkId, NetworkAdapter> targets = new LinkedHashMap<>();
        if (query.networks().isEmpty()) {
            targets.putAll(searchable);
        } else {
            for (NetworkId id : query.networks()) {
                if (!registry.exists(id)) {
                    throw GatewayException.invalid("networks", id, "ids of known networks");
                }
                NetworkAdapter adapter = searchable.get(id);
                if (adapter == null) {
                    throw new GatewayException(GatewayErrorCode.UNAVAILABLE,
                            "network " + id + " is not running or cannot search");
                }
                targets.put(id, adapter);
            }
        }
        evictExpired();
        if (searches.size() >= MAX_SEARCHES) {
            throw new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED,
                    "searches: " + searches.size() + " live (expected: at most " + MAX_SEARCHES + "; stop one first)");
        }
        RunningSearch search = new RunningSearch(SearchId.random(), query, clock.instant(), targets.keySet());
        searches.put(search.id, search);
        for (Map.Entry<NetworkId, NetworkAdapter> target : targets.entrySet()) {
            NetworkId network = target.getKey();
            try {
                SearchHandle handle = target.getValue().searcher().orElseThrow()
                        .search(query, new NetworkSink(search, network));
                search.attach(network, handle);
            } catch (RuntimeException e) {
                LOG.warn("search on {} failed to start: {}", network, e.toString());
                search.finish(network);
            }
        }
        return search.view();
    }

    public SearchResultsPage results(SearchId id, int offset, int limit) {
        if (offset < 0) {
            throw GatewayException.invalid("offset", offset, ">= 0");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw GatewayException.invalid("limit", limit, "1.." + MAX_PAGE);
        }
        return find(id).page(offset, limit);
    }

    public SearchView stop(SearchId id) {
        RunningSearch search = find(id);
        search.stop();
        return search.view();
    }

    /** A hit by its index in the merged list. */
    public MergedHitWithSources hit(SearchId id, int index) {
        return find(id).hit(index);
    }

    /** Cancels every search (shutdown). */
    public void close() {
        searches.values().forEach(RunningSearch::stop);
    }

    private RunningSearch find(SearchId id) {
        RunningSearch search = searches.get(id);
        if (search == null) {
            throw GatewayException.notFound("search", id);
        }
        return search;
    }

    private void evictExpired() {
        Instant cutoff = clock.instant().minus(retention);
        searches.values().removeIf(s -> s.expired(cutoff));
    }

    /** A merged hit plus the per-network hits it came from (their handles locate sources). */
    public record MergedHitWithSources(MergedHit hit, List<SearchHit> networkHits) {
    }

    private final class NetworkSink implements org.crossnet.spi.SearchSink {
        private final RunningSearch search;
        private final NetworkId network;

        NetworkSink(RunningSearch search, NetworkId network) {
            this.search = search;
            this.network = network;
        }

        @Override
        public void hits(List<SearchHit> hits) {
            int total = search.add(network, hits);
            if (total >= 0) {
                events.publish(new GatewayEvent.SearchUpdated(search.id, total, false));
            }
        }

        @Override
        public void finished(String reason) {
            if (reason != null) {
                LOG.debug("search {} on {} ended: {}", search.id, network, reason);
            }
            search.finish(network);
        }
    }

    private final class RunningSearch {
        final SearchId id;
        final SearchQuery query;
        final Instant startedAt;
        final Set<NetworkId> running;
        final Set<NetworkId> finished = new HashSet<>();
        final Map<NetworkId, SearchHandle> handles = new LinkedHashMap<>();
        final List<Group> groups = new ArrayList<>();
        boolean stopped;
        Instant endedAt;

        RunningSearch(SearchId id, SearchQuery query, Instant startedAt, Set<NetworkId> targets) {
            this.id = id;
            this.query = query;
            this.startedAt = startedAt;
            this.running = new HashSet<>(targets);
            if (running.isEmpty()) {
                endedAt = startedAt;
            }
        }

        synchronized void attach(NetworkId network, SearchHandle handle) {
            if (stopped || !running.contains(network)) {
                handle.cancel();
            } else {
                handles.put(network, handle);
            }
        }

        /** Adds hits; returns the merged total, or -1 when ignored (stopped or finished network). */
        synchronized int add(NetworkId network, List<SearchHit> hits) {
            if (stopped || !running.contains(network)) {
                return -1;
            }
            for (SearchHit hit : hits) {
                if (!network.equals(hit.network()) || !query.accepts(hit.name(), hit.size())) {
                    continue; // an adapter's hit that does not answer the query is not shown
                }
                Group match = null;
                for (Group g : groups) {
                    if (g.content().sameContentAs(hit.content())) {
                        match = g;
                        break;
                    }
                }
                if (match != null) {
                    match.add(hit);
                } else if (groups.size() < MAX_HITS) {
                    groups.add(new Group(groups.size(), hit));
                }
            }
            return groups.size();
        }

        void finish(NetworkId network) {
            boolean done;
            int total;
            synchronized (this) {
                if (!running.remove(network)) {
                    return;
                }
                handles.remove(network);
                finished.add(network);
                done = running.isEmpty();
                if (done && endedAt == null) {
                    endedAt = clock.instant();
                }
                total = groups.size();
            }
            if (done) {
                events.publish(new GatewayEvent.SearchUpdated(id, total, true));
            }
        }

        void stop() {
            List<SearchHandle> toCancel;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                finished.addAll(running);
                running.clear();
                toCancel = new ArrayList<>(handles.values());
                handles.clear();
                if (endedAt == null) {
                    endedAt = clock.instant();
                }
            }
            for (SearchHandle handle : toCancel) {
                try {
                    handle.cancel();
                } catch (RuntimeException e) {
                    LOG.warn("cancelling search {} failed: {}", id, e.toString());
                }
            }
        }

        synchronized boolean expired(Instant cutoff) {
            return endedAt != null && endedAt.isBefore(cutoff);
        }

        synchronized SearchView view() {
            org.crossnet.engine.facade.SearchState state = stopped ? org.crossnet.engine.facade.SearchState.STOPPED
                    : running.isEmpty() ? org.crossnet.engine.facade.SearchState.FINISHED
                    : org.crossnet.engine.facade.SearchState.RUNNING;
            return new SearchView(id, query, state, running, finished, groups.size(), startedAt);
        }

        synchronized SearchResultsPage page(int offset, int limit) {
            List<Group> sorted = new ArrayList<>(groups);
            sorted.sort(Comparator.comparingInt(Group::sources).reversed().thenComparingInt(g -> g.index));
            List<MergedHit> page = new ArrayList<>();
            for (int i = offset; i < Math.min(sorted.size(), offset + limit); i++) {
                page.add(sorted.get(i).view());
            }
            return new SearchResultsPage(view(), groups.size(), offset, page);
        }

        synchronized MergedHitWithSources hit(int index) {
            if (index < 0 || index >= groups.size()) {
                throw GatewayException.invalid("index", index, "0.." + (groups.size() - 1) + " for search " + id);
            }
            Group g = groups.get(index);
            return new MergedHitWithSources(g.view(), List.copyOf(g.hits));
        }
    }

    private static final class Group {
        final int index;
        final List<SearchHit> hits = new ArrayList<>(2);
        org.crossnet.spi.model.ContentId content;

        Group(int index, SearchHit first) {
            this.index = index;
            this.content = first.content().sizeKnown() ? first.content() : first.content().withSize(first.size());
            hits.add(first);
        }

        org.crossnet.spi.model.ContentId content() {
            return content;
        }

        void add(SearchHit hit) {
            content = content.merge(hit.content());
            hits.add(hit);
        }

        int sources() {
            return hits.stream().mapToInt(SearchHit::sources).sum();
        }

        MergedHit view() {
            Map<String, Integer> names = new LinkedHashMap<>();
            Set<NetworkId> networks = new HashSet<>();
            for (SearchHit h : hits) {
                names.merge(h.name(), 1, Integer::sum);
                networks.add(h.network());
            }
            String name = names.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return new MergedHit(index, name, hits.get(0).size(), content, networks, sources());
        }
    }
}
