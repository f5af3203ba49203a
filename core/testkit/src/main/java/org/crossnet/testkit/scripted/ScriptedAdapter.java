package org.crossnet.testkit.scripted;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.Publisher;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.SourceCount;

/**
 * The scripted test adapter: search answers from the script and the served files; downloads copy a served file into
 * the store block by block on the blocking executor and verify it with SHA-1. It starts no threads of its own.
 *
 * <p>Every call into the context or a sink goes through {@link #gated}, which holds one lock and checks that the
 * adapter (and the search or session) is still open: once {@link #close()} has taken that lock and returned,
 * nothing calls out again. Sinks are non-blocking by contract, so holding the lock across them is cheap.
 */
final class ScriptedAdapter implements NetworkAdapter {
    private static final Set<AdapterCapability> CAPABILITIES =
            Set.copyOf(EnumSet.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD, AdapterCapability.PUBLISH));
    /** A whole-file check that fails this many times in a row makes the download give up. */
    private static final int MAX_FILE_ATTEMPTS = 3;

    private enum State { NEW, STARTED, CLOSED }

    private final ScriptedConfig config;
    private final AdapterContext context;
    private final NetworkId network;
    private final ServedFiles served;
    private final Object gate = new Object();
    private final Set<Download> downloads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger searches = new AtomicInteger();
    private volatile State state = State.NEW;

    ScriptedAdapter(ScriptedConfig config, AdapterContext context) {
        this.config = config;
        this.context = context;
        this.network = context.network();
        this.served = new ServedFiles(config.serveDirectory());
    }

    @Override
    public Set<AdapterCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void start() {
        if (config.serveDirectory() != null && !Files.isDirectory(config.serveDirectory())) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "serve-directory: " + config.serveDirectory()
                    + " (expected: an existing directory)");
        }
        synchronized (gate) {
            if (state != State.NEW) {
                throw new IllegalStateException("state: " + state + " (expected: NEW, start() is called once)");
            }
            state = State.STARTED;
            context.events().publish(new GatewayEvent.AdapterNotice(network, "scripted test adapter started: "
                    + config.hits().size() + " scripted hits, serving " + describeDirectory()));
        }
    }

    @Override
    public String statusLine() {
        return state.name().toLowerCase(java.util.Locale.ROOT) + ", " + config.hits().size() + " scripted hits, "
                + served.publishedCount() + " published, " + downloads.size() + " downloads, " + searches.get()
                + " searches, serving " + describeDirectory();
    }

    @Override
    public Optional<Searcher> searcher() {
        return Optional.of(this::search);
    }

    @Override
    public Optional<Downloader> downloader() {
        return Optional.of(new Downloader() {
            @Override
            public boolean canFetch(ContentId content) {
                return content.sha1() != null;
            }

            @Override
            public DownloadSession download(DownloadRequest request, DownloadSink sink) {
                return startDownload(request, sink);
            }
        });
    }

    @Override
    public Optional<Publisher> publisher() {
        return Optional.of(new Publisher() {
            @Override
            public void publish(SharedFile file) {
                requireStarted();
                served.publish(file);
            }

            @Override
            public void withdraw(ContentId content) {
                served.withdraw(content);
            }
        });
    }

    @Override
    public void close() {
        synchronized (gate) {
            state = State.CLOSED;
        }
        downloads.clear();
    }

    private SearchHandle search(SearchQuery query, SearchSink sink) {
        if (query == null || sink == null) {
            throw GatewayException.invalid("query/sink", null, "both present");
        }
        requireStarted();
        searches.incrementAndGet();
        Search search = new Search(query, sink);
        gated(() -> search.open, () -> context.blockingExecutor().execute(() -> {
            try {
                search.collect();
            } catch (RuntimeException e) {
                search.end("scripted search: " + e.getMessage());
            }
        }));
        return search::cancel;
    }

    private DownloadSession startDownload(DownloadRequest request, DownloadSink sink) {
        if (request == null || request.store() == null || sink == null) {
            throw GatewayException.invalid("request.store/sink", null, "both present");
        }
        requireStarted();
        Download download = new Download(request, sink);
        downloads.add(download);
        download.submit(download::resolve);
        return download;
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE, "network: " + network + " is " + state
                    + " (expected: STARTED)");
        }
    }

    private String describeDirectory() {
        return config.serveDirectory() == null ? "no directory" : config.serveDirectory().toString();
    }

    /**
     * Runs {@code action} under the gate when the adapter is started and {@code open} holds; returns whether it ran.
     * Every call into the context or a sink goes through here.
     */
    private boolean gated(Supplier<Boolean> open, Runnable action) {
        synchronized (gate) {
            if (state != State.STARTED || !open.get()) {
                return false;
            }
            action.run();
            return true;
        }
    }

    /** One running search: collects off the event loop, reports after the scripted delay, unless cancelled. */
    private final class Search {
        private final SearchQuery query;
        private final SearchSink sink;
        private boolean open = true; // guarded by gate

        Search(SearchQuery query, SearchSink sink) {
            this.query = query;
            this.sink = sink;
        }

        void cancel() {
            synchronized (gate) {
                open = false;
            }
        }

        /** On the blocking executor: hashing served files is disk I/O. */
        void collect() {
            List<SearchHit> hits = new ArrayList<>();
            for (ScriptedHit hit : config.hits()) {
                if (query.accepts(hit.name(), hit.size())) {
                    hits.add(hit.toSearchHit(network));
                }
            }
            for (ServedFiles.ServedFile file : served.list()) {
                if (query.accepts(file.name(), file.size())) {
                    ContentId content = new ContentId(file.size(), file.name(), file.sha1(), null, null, null, null);
                    hits.add(new SearchHit(file.name(), file.size(), content, network, 1, Map.of("origin", "served")));
                }
            }
            Duration delay = config.responseDelay();
            if (delay.isZero()) {
                report(hits);
            } else {
                gated(() -> open, () -> context.eventLoops()
                        .schedule(() -> report(hits), delay.toNanos(), TimeUnit.NANOSECONDS));
            }
        }

        void end(String reason) {
            gated(() -> open, () -> {
                sink.finished(reason);
                open = false;
            });
        }

        private void report(List<SearchHit> hits) {
            gated(() -> open, () -> {
                if (!hits.isEmpty()) {
                    sink.hits(hits);
                }
                sink.finished(null);
                open = false;
            });
        }
    }

    /**
     * One download: resolve the served file, then one 16 KiB block per executor task (so pause takes effect between
     * blocks and no thread is held for the whole file), then the whole-file check in {@code FILE} mode.
     */
    private final class Download implements DownloadSession {
        private final DownloadRequest request;
        private final StoredContent store;
        private final DownloadSink sink;
        // guarded by gate
        private boolean open = true;
        private boolean paused;
        private boolean pumping;
        private ServedFiles.ServedFile source;
        private int nextBlock;
        private int fileAttempts;

        Download(DownloadRequest request, DownloadSink sink) {
            this.request = request;
            this.store = request.store();
            this.sink = sink;
        }

        @Override
        public void pause() {
            synchronized (gate) {
                paused = true;
            }
        }

        @Override
        public void resume() {
            synchronized (gate) {
                if (!paused) {
                    return;
                }
                paused = false;
                if (source != null && !pumping) {
                    pumping = true;
                    submit(this::pump);
                }
            }
        }

        /** The scripted network does not upload: it stops when the content is complete. */
        @Override
        public boolean completed() {
            return false;
        }

        @Override
        public void close() {
            synchronized (gate) {
                open = false;
            }
            downloads.remove(this);
        }

        void submit(Runnable task) {
            gated(() -> open, () -> context.blockingExecutor().execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // A store refusing a write or a unit is an adapter bug: report it instead of stalling silently.
                    fail("scripted download: " + e.getMessage());
                }
            }));
        }

        void resolve() {
            Sha1 sha1 = request.content().sha1();
            if (sha1 == null) {
                fail("content: " + request.content() + " (expected: a sha1, the scripted adapter fetches by sha1)");
                return;
            }
            Optional<ServedFiles.ServedFile> file = served.find(sha1);
            if (file.isEmpty()) {
                fail("sha1: " + sha1 + " (expected: a file in serve-directory or a published share)");
                return;
            }
            gated(() -> open, () -> {
                long size = store.size();
                if (size != file.get().size()) {
                    fail("size: " + size + " (expected: " + file.get().size() + ", the served file's size)");
                    return;
                }
                source = file.get();
                sink.sources(new SourceCount(1, 1));
                pumping = true;
                submit(this::pump);
            });
        }

        /** Writes the next block not yet verified, then schedules itself again; on the blocking executor. */
        void pump() {
            long size = source.size();
            int blocks = (int) ((size + StoredContent.BLOCK_SIZE - 1) / StoredContent.BLOCK_SIZE);
            int[] block = {-1};
            boolean running = gated(() -> open, () -> {
                if (paused) {
                    pumping = false;
                    return;
                }
                while (nextBlock < blocks && store.isVerified(offset(nextBlock), length(nextBlock, size))) {
                    nextBlock++;
                }
                block[0] = nextBlock;
            });
            if (!running || block[0] < 0) {
                return;
            }
            if (block[0] == blocks) {
                finish(size);
                return;
            }
            int index = block[0];
            byte[] data;
            try {
                data = readSource(offset(index), length(index, size));
            } catch (IOException e) {
                fail("source: " + source.path() + " unreadable (" + e.getMessage() + ")");
                return;
            }
            gated(() -> open, () -> {
                store.write(offset(index), ByteBuffer.wrap(data));
                sink.traffic(data.length, 0);
                if (config.verification() == ScriptedConfig.Verification.BLOCK) {
                    VerificationUnit unit = new VerificationUnit(network, config.verification().unitKind(), index,
                            offset(index), data.length);
                    if (ServedFiles.sha1(readStored(offset(index), data.length), data.length)
                            .equals(ServedFiles.sha1(data, data.length))) {
                        store.markVerified(unit);
                    } else {
                        store.markCorrupt(unit);
                    }
                }
                nextBlock = index + 1;
            });
            Duration delay = config.blockDelay();
            if (delay.isZero()) {
                submit(this::pump);
            } else {
                gated(() -> open, () -> context.eventLoops()
                        .schedule(() -> submit(this::pump), delay.toNanos(), TimeUnit.NANOSECONDS));
            }
        }

        /** Every block is written: in FILE mode check the whole file, then report the transfer done. */
        private void finish(long size) {
            if (config.verification() == ScriptedConfig.Verification.BLOCK || size == 0) {
                done();
                return;
            }
            MessageDigest digest = ServedFiles.newDigest();
            for (long offset = 0; offset < size; offset += StoredContent.BLOCK_SIZE) {
                long at = offset;
                int length = (int) Math.min(StoredContent.BLOCK_SIZE, size - offset);
                if (!gated(() -> open, () -> digest.update(readStored(at, length)))) {
                    return;
                }
            }
            boolean good = new Sha1(Bytes.of(digest.digest())).equals(request.content().sha1());
            VerificationUnit unit = new VerificationUnit(network, config.verification().unitKind(), 0, 0, size);
            gated(() -> open, () -> {
                if (good) {
                    store.markVerified(unit);
                    done();
                    return;
                }
                store.markCorrupt(unit);
                fileAttempts++;
                if (fileAttempts >= MAX_FILE_ATTEMPTS) {
                    fail("sha1: stored data does not match " + request.content().sha1() + " after " + fileAttempts
                            + " attempts (expected: the served file's bytes)");
                    return;
                }
                nextBlock = 0;
                submit(this::pump);
            });
        }

        private void done() {
            gated(() -> open, () -> {
                sink.sources(new SourceCount(0, 1));
                pumping = false;
                open = false;
            });
            downloads.remove(this);
        }

        private void fail(String reason) {
            gated(() -> open, () -> {
                sink.failed(reason);
                open = false;
            });
            downloads.remove(this);
        }

        private byte[] readSource(long offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            try (FileChannel channel = FileChannel.open(source.path(), StandardOpenOption.READ)) {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException("ends before " + (offset + length) + " bytes");
                    }
                }
            }
            return buffer.array();
        }

        /** Called under the gate. */
        private byte[] readStored(long offset, int length) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (store.read(offset + buffer.position(), buffer) <= 0) {
                    break;
                }
            }
            return buffer.array();
        }

        private long offset(int index) {
            return (long) index * StoredContent.BLOCK_SIZE;
        }

        private int length(int index, long size) {
            return (int) Math.min(StoredContent.BLOCK_SIZE, size - offset(index));
        }
    }
}
