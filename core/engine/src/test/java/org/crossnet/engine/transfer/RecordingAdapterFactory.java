package org.crossnet.engine.transfer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * A TEST network that does nothing by itself and records everything the engine asks of it: each
 * {@link DownloadSession} it opened, with its request, its sink and the calls made on it. The test drives the data
 * (writes and verifies through {@code request().store()}, reports through {@code sink()}) and decides what the
 * network answers: which content it fetches, whether it seeds on completion, which hits a search returns.
 */
public final class RecordingAdapterFactory implements NetworkAdapterFactory<RecordingAdapterFactory.Config> {

    /** No settings: the test drives the adapter through its {@link Network}. */
    public record Config() {
    }

    /** The network's behaviour and record, shared with the test; survives engine restarts. */
    public static final class Network {
        final String id;
        /** What {@code canFetch} accepts (same content as); null fetches nothing. */
        volatile ContentId fetches;
        /** What {@code completed()} answers: true keeps the session to seed. */
        volatile boolean seeds;
        /** Hits every search returns (the network field is replaced by this network's id). */
        volatile List<SearchHit> hits = List.of();
        /** Every session opened, oldest first, across engine restarts. */
        final List<Session> sessions = new CopyOnWriteArrayList<>();

        Network(String id) {
            this.id = id;
        }

        NetworkId networkId() {
            return new NetworkId(id);
        }

        /** The newest session. */
        Session last() {
            if (sessions.isEmpty()) {
                throw new AssertionError("network " + id + " opened no session");
            }
            return sessions.get(sessions.size() - 1);
        }
    }

    /** One download the engine opened, and the calls made on it in order ("pause", "rateLimits 10 20", …). */
    public static final class Session implements DownloadSession {
        final DownloadRequest request;
        final DownloadSink sink;
        /** Bytes verified in the store when the engine opened the session. */
        final long verifiedAtStart;
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final boolean seeds;
        volatile boolean closed;

        Session(DownloadRequest request, DownloadSink sink, boolean seeds) {
            this.request = request;
            this.sink = sink;
            this.seeds = seeds;
            this.verifiedAtStart = request.store().bytesVerified();
        }

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public boolean completed() {
            calls.add("completed");
            return seeds;
        }

        @Override
        public void rateLimits(long downloadBytesPerSecond, long uploadBytesPerSecond) {
            calls.add("rateLimits " + downloadBytesPerSecond + " " + uploadBytesPerSecond);
        }

        @Override
        public void close() {
            closed = true;
            calls.add("close");
        }

        List<String> calls(String prefix) {
            List<String> out = new ArrayList<>();
            calls.forEach(c -> {
                if (c.startsWith(prefix)) {
                    out.add(c);
                }
            });
            return out;
        }
    }

    private final Network network;

    public RecordingAdapterFactory(Network network) {
        this.network = network;
    }

    /** A network with this id, to share between the engines a test opens. */
    public static Network network(String id) {
        return new Network(id);
    }

    @Override
    public String id() {
        return network.id;
    }

    @Override
    public String displayName() {
        return "Recording (test adapter " + network.id + ")";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public NetworkAdapter create(Config config, AdapterContext context) {
        return new Adapter(context.network());
    }

    private final class Adapter implements NetworkAdapter, Downloader, Searcher {
        private final NetworkId id;

        Adapter(NetworkId id) {
            this.id = id;
        }

        @Override
        public Set<AdapterCapability> capabilities() {
            return EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD);
        }

        @Override
        public void start() {
            // nothing to connect to
        }

        @Override
        public String statusLine() {
            return network.sessions.size() + " sessions";
        }

        @Override
        public Optional<Downloader> downloader() {
            return Optional.of(this);
        }

        @Override
        public Optional<Searcher> searcher() {
            return Optional.of(this);
        }

        @Override
        public void close() {
            // sessions are closed by the engine
        }

        @Override
        public boolean canFetch(ContentId content) {
            ContentId fetches = network.fetches;
            return fetches != null && fetches.sameContentAs(content);
        }

        @Override
        public DownloadSession download(DownloadRequest request, DownloadSink sink) {
            Session session = new Session(request, sink, network.seeds);
            network.sessions.add(session);
            return session;
        }

        @Override
        public SearchHandle search(SearchQuery query, SearchSink sink) {
            List<SearchHit> hits = new ArrayList<>();
            for (SearchHit h : network.hits) {
                hits.add(new SearchHit(h.name(), h.size(), h.content(), id, h.sources(), h.handle()));
            }
            if (!hits.isEmpty()) {
                sink.hits(hits);
            }
            sink.finished(null);
            return () -> { };
        }
    }
}
