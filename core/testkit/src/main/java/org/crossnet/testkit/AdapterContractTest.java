package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The contract every network adapter must meet, as a JUnit Jupiter test class to extend. A subclass supplies its
 * {@link #factory()} and, optionally through the hooks, a config, a query that finds something and content that can
 * be downloaded; the checks that need them are skipped (reported as aborted) when a hook returns empty.
 *
 * <p>What is checked:
 * <ul>
 *   <li>the factory: a valid, stable {@link NetworkId}; a public no-argument constructor (ServiceLoader needs it);
 *       a record config type whose component names bind from kebab-case keys; a non-null default config;</li>
 *   <li>{@code create()} does no I/O: no new thread (compared by identity with the threads alive before), no new
 *       socket (compared through {@code /proc/self/fd} where it exists; skipped elsewhere), no blocking work handed
 *       to the context's executor, no storage writes;</li>
 *   <li>capabilities are constant and each facet is present exactly when its capability is declared;</li>
 *   <li>{@code statusLine()} returns a non-null line within {@link #nonBlockingBudget()};</li>
 *   <li>search, where declared: hits arrive and satisfy the query; after {@code cancel()} no hit arrives;</li>
 *   <li>download, where declared: every byte ends up written and verified, equal to the expected data;</li>
 *   <li>{@code close()} is idempotent, works without {@code start()}, stops the adapter's threads, and after it
 *       returns nothing calls the context or a sink for {@link #quietPeriod()}.</li>
 * </ul>
 *
 * <p>The class is {@link Isolated}: thread and socket counts mean something only while no other test runs. Each test
 * gets a fresh {@link TestAdapterContext} (see {@link #newContext}) closed after it, with every adapter it created.
 *
 * @param <C> the adapter's config record
 */
@Isolated("compares the JVM's threads and sockets before and after create()")
public abstract class AdapterContractTest<C extends Record> {
    /** The keyword searched for when the subclass gives no query: a search that likely finds nothing. */
    protected static final String PROBE_KEYWORD = "crossnet-contract-probe";

    private static final Pattern COMPONENT_NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");
    // Threads the JVM starts on its own whenever it likes; never the adapter's doing.
    private static final List<String> JVM_THREADS = List.of("Attach Listener", "process reaper", "Common-Cleaner",
            "ForkJoinPool.commonPool-worker-");

    private TestAdapterContext context;
    private final List<NetworkAdapter> adapters = new ArrayList<>();

    /** The factory under test; may return a new instance on each call. */
    protected abstract NetworkAdapterFactory<C> factory();

    /** The config to create adapters with; empty means {@link NetworkAdapterFactory#defaultConfig()}. */
    protected Optional<C> config() {
        return Optional.empty();
    }

    /** A query that finds at least one hit within {@link #timeout()}; empty skips the hit check. */
    protected Optional<SearchQuery> searchQuery() {
        return Optional.empty();
    }

    /** Content the adapter can download within {@link #timeout()}; empty skips the download check. */
    protected Optional<DownloadFixture> downloadableContent() {
        return Optional.empty();
    }

    /** How long to wait for hits, downloads and threads to end. */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /** How long to watch for calls after {@code close()} or {@code cancel()} returned. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(300);
    }

    /** How long a non-blocking call ({@code statusLine()}, {@code search()}) may take. */
    protected Duration nonBlockingBudget() {
        return Duration.ofMillis(500);
    }

    /** The context each test runs with; override to use another clock. */
    protected TestAdapterContext newContext(NetworkId network) {
        return new TestAdapterContext(network);
    }

    /** This test's context. */
    protected final TestAdapterContext context() {
        return context;
    }

    /** Creates an adapter with {@link #config()} in this test's context; it is closed after the test. */
    protected final NetworkAdapter createAdapter() {
        NetworkAdapterFactory<C> factory = factory();
        C config = config().orElseGet(factory::defaultConfig);
        NetworkAdapter adapter = factory.create(config, context);
        assertThat(adapter).as("create() result").isNotNull();
        adapters.add(adapter);
        return adapter;
    }

    @BeforeEach
    final void openContext() {
        NetworkId network;
        try {
            network = new NetworkId(factory().id());
        } catch (IllegalArgumentException e) {
            // The id check reports this precisely; the other checks still run under a neutral id.
            network = new NetworkId("invalid-id");
        }
        context = newContext(network);
    }

    @AfterEach
    final void closeAdaptersAndContext() {
        try {
            for (NetworkAdapter adapter : adapters) {
                adapter.close();
            }
        } finally {
            context.close();
        }
    }

    @Test
    void factoryIdIsAValidStableNetworkId() throws ReflectiveOperationException {
        NetworkAdapterFactory<C> factory = factory();
        String id = factory.id();
        assertThatCode(() -> new NetworkId(id)).as("id(): %s", id).doesNotThrowAnyException();
        assertThat(factory.id()).as("id() called again").isEqualTo(id);
        Class<?> type = factory.getClass();
        assertThat(Modifier.isPublic(type.getModifiers()))
                .as("factory class %s (expected: public, for ServiceLoader)", type.getName()).isTrue();
        Object fresh = type.getConstructor().newInstance();
        assertThat(((NetworkAdapterFactory<?>) fresh).id()).as("id() of a new factory instance").isEqualTo(id);
        assertThat(factory.displayName()).as("displayName()").isNotBlank();
    }

    @Test
    void configTypeIsARecordWithADefault() {
        NetworkAdapterFactory<C> factory = factory();
        Class<C> type = factory.configType();
        assertThat(type).as("configType()").isNotNull();
        assertThat(type.isRecord()).as("configType() %s is a record", type.getName()).isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            assertThat(component.getName())
                    .as("config component %s (expected: camelCase, bound from a kebab-case key)", component.getName())
                    .matches(COMPONENT_NAME);
        }
        C defaults = factory.defaultConfig();
        assertThat(defaults).as("defaultConfig()").isNotNull().isInstanceOf(type);
        config().ifPresent(c -> assertThat(c).as("config()").isInstanceOf(type));
    }

    @Test
    void createStartsNoThreadsOpensNoSocketsAndDoesNoWork() {
        Set<Thread> threadsBefore = liveThreads();
        Optional<Set<String>> socketsBefore = openSockets();
        int callsBefore = context.log().calls().size();

        createAdapter();

        assertThat(newThreads(threadsBefore, false)).as("threads started by create() (expected: none before start())")
                .isEmpty();
        socketsBefore.ifPresent(before -> {
            Set<String> opened = new HashSet<>(openSockets().orElse(Set.of()));
            opened.removeAll(before);
            assertThat(opened).as("sockets opened by create() (expected: none before start())").isEmpty();
        });
        List<CallLog.Call> calls = context.log().calls();
        List<CallLog.Call> work = calls.subList(callsBefore, calls.size()).stream()
                .filter(c -> c.target().equals("executor") || c.method().equals("write")
                        || c.method().startsWith("mark"))
                .toList();
        assertThat(work).as("blocking work or storage writes in create() (expected: none before start())").isEmpty();
    }

    @Test
    void capabilitiesAreConstantAndMatchFacets() {
        NetworkAdapter adapter = createAdapter();
        Set<AdapterCapability> beforeStart = adapter.capabilities();
        assertThat(beforeStart).as("capabilities() before start()").isNotNull();
        adapter.start();
        Set<AdapterCapability> declared = adapter.capabilities();
        assertThat(declared).as("capabilities() after start() (expected: constant for the adapter's life)")
                .isEqualTo(beforeStart);
        assertThat(adapter.capabilities()).as("capabilities() called again").isEqualTo(declared);
        assertFacet(declared, AdapterCapability.SEARCH, adapter.searcher(), "searcher()");
        assertFacet(declared, AdapterCapability.DOWNLOAD, adapter.downloader(), "downloader()");
        assertFacet(declared, AdapterCapability.PUBLISH, adapter.publisher(), "publisher()");
    }

    @Test
    void statusLineIsNonNullAndNonBlocking() {
        NetworkAdapter adapter = createAdapter();
        adapter.start();
        String line = assertTimeoutPreemptively(nonBlockingBudget(), adapter::statusLine,
                "statusLine() must not block");
        assertThat(line).as("statusLine()").isNotNull();
    }

    @Test
    void searchDeliversHitsThatSatisfyTheQuery() {
        NetworkAdapter adapter = startedAdapterDeclaring(AdapterCapability.SEARCH);
        Optional<SearchQuery> given = searchQuery();
        assumeTrue(given.isPresent(), "no searchQuery() given");
        SearchQuery query = given.get();
        Searcher searcher = facet(adapter.searcher(), AdapterCapability.SEARCH, "searcher()");
        RecordingSearchSink sink = context.newSearchSink();

        long started = System.nanoTime();
        SearchHandle handle = searcher.search(query, sink);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(handle).as("search() handle").isNotNull();
        assertThat(took).as("time search() took (expected: it returns at once)").isLessThanOrEqualTo(nonBlockingBudget());
        assertThat(sink.awaitHits(1, timeout())).as("a hit for %s within %s", query, timeout()).isTrue();
        for (SearchHit hit : sink.receivedHits()) {
            assertThat(query.accepts(hit.name(), hit.size())).as("hit %s satisfies %s", hit, query).isTrue();
            assertThat(hit.network()).as("network of hit %s", hit).isEqualTo(context.network());
        }
        handle.cancel();
        assertThat(sink.violations()).as("search sink contract").isEmpty();
    }

    @Test
    void cancelledSearchDeliversNoMoreHits() {
        NetworkAdapter adapter = startedAdapterDeclaring(AdapterCapability.SEARCH);
        Searcher searcher = facet(adapter.searcher(), AdapterCapability.SEARCH, "searcher()");
        // A log of its own: marking it closed right after cancel() returned flags every later hit.
        CallLog afterCancel = new CallLog();
        RecordingSearchSink sink = new RecordingSearchSink(afterCancel);

        SearchHandle handle = searcher.search(searchQuery().orElse(SearchQuery.ofKeywords(PROBE_KEYWORD)), sink);
        assertThat(handle).as("search() handle").isNotNull();
        handle.cancel();
        afterCancel.markClosed();
        assertThatCode(handle::cancel).as("cancel() called again").doesNotThrowAnyException();
        pause(quietPeriod());

        assertThat(afterCancel.callsAfterClose().stream().filter(c -> c.method().equals("hits")).toList())
                .as("hits delivered after cancel() returned (expected: none)").isEmpty();
        assertThat(sink.violations()).as("search sink contract").isEmpty();
    }

    @Test
    void downloadWritesVerifiedData() {
        NetworkAdapter adapter = startedAdapterDeclaring(AdapterCapability.DOWNLOAD);
        Optional<DownloadFixture> given = downloadableContent();
        assumeTrue(given.isPresent(), "no downloadableContent() given");
        DownloadFixture fixture = given.get();
        Downloader downloader = facet(adapter.downloader(), AdapterCapability.DOWNLOAD, "downloader()");
        assertThat(downloader.canFetch(fixture.content())).as("canFetch(%s)", fixture.content()).isTrue();
        long size = fixture.content().size();
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = context.store().addTransfer(transfer, size);
        RecordingDownloadSink sink = context.newDownloadSink();

        DownloadSession session = downloader.download(request(transfer, fixture, store), sink);

        assertThat(session).as("download() session").isNotNull();
        boolean ended = Await.until(() -> store.verifiedBytes() == size || sink.failure().isPresent(), timeout());
        assertThat(sink.failure()).as("failure reported by the adapter").isEmpty();
        assertThat(ended).as("all %d bytes verified within %s (verified: %d)", size, timeout(), store.verifiedBytes())
                .isTrue();
        assertThat(store.data()).as("stored bytes").isEqualTo(fixture.data().toArray());
        if (size > 0) {
            assertThat(sink.bytesDown()).as("download traffic reported").isPositive();
        }
        assertThat(sink.violations()).as("download sink contract").isEmpty();
        session.close();
        assertThatCode(session::close).as("session close() called again").doesNotThrowAnyException();
    }

    @Test
    void closeIsIdempotent() {
        NetworkAdapter adapter = createAdapter();
        adapter.start();
        adapter.close();
        assertThatCode(adapter::close).as("close() called again").doesNotThrowAnyException();
    }

    @Test
    void closeWithoutStartWorks() {
        NetworkAdapter adapter = createAdapter();
        assertThatCode(adapter::close).as("close() without start()").doesNotThrowAnyException();
        assertThatCode(adapter::close).as("close() called again").doesNotThrowAnyException();
    }

    @Test
    void noCallbackAfterClose() {
        NetworkAdapter adapter = createAdapter();
        adapter.start();
        exercise(adapter);

        adapter.close();
        context.markAdapterClosed();
        pause(quietPeriod());

        assertThat(context.callsAfterClose())
                .as("calls into the context or a sink after close() returned (expected: none)").isEmpty();
    }

    @Test
    void closeStopsTheAdapterThreads() {
        Set<Thread> before = liveThreads();
        NetworkAdapter adapter = createAdapter();
        adapter.start();
        exercise(adapter);

        adapter.close();
        Await.until(() -> newThreads(before, true).isEmpty(), timeout());

        assertThat(newThreads(before, true)).as("adapter threads still alive %s after close()", timeout()).isEmpty();
    }

    /** Starts a search and a download where the adapter can, and leaves them running. */
    private void exercise(NetworkAdapter adapter) {
        Set<AdapterCapability> declared = adapter.capabilities();
        if (declared.contains(AdapterCapability.SEARCH)) {
            adapter.searcher().ifPresent(s -> s.search(searchQuery().orElse(SearchQuery.ofKeywords(PROBE_KEYWORD)),
                    context.newSearchSink()));
        }
        Optional<DownloadFixture> fixture = downloadableContent();
        if (declared.contains(AdapterCapability.DOWNLOAD) && fixture.isPresent()) {
            adapter.downloader().ifPresent(d -> {
                TransferId transfer = TransferId.random();
                InMemoryStoredContent store = context.store().addTransfer(transfer, fixture.get().content().size());
                d.download(request(transfer, fixture.get(), store), context.newDownloadSink());
            });
        }
    }

    private NetworkAdapter startedAdapterDeclaring(AdapterCapability capability) {
        NetworkAdapter adapter = createAdapter();
        assumeTrue(adapter.capabilities().contains(capability), "adapter does not declare " + capability);
        adapter.start();
        return adapter;
    }

    private static DownloadRequest request(TransferId transfer, DownloadFixture fixture, InMemoryStoredContent store) {
        return new DownloadRequest(transfer, fixture.content(), store, fixture.peers(), fixture.trackers(),
                fixture.metainfo());
    }

    private static <T> T facet(Optional<T> facet, AdapterCapability capability, String name) {
        assertThat(facet).as("%s (expected: present, %s is declared)", name, capability).isNotNull().isPresent();
        return facet.get();
    }

    private static void assertFacet(Set<AdapterCapability> declared, AdapterCapability capability, Optional<?> facet,
                                    String name) {
        assertThat(facet).as("%s returned null (expected: an Optional)", name).isNotNull();
        assertThat(facet.isPresent())
                .as("%s present=%s while %s is %s (expected: present exactly when declared)", name, facet.isPresent(),
                        capability, declared.contains(capability) ? "declared" : "not declared")
                .isEqualTo(declared.contains(capability));
    }

    private static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Names of live threads not in {@code before}, minus the JVM's own and optionally the context's. */
    private static List<String> newThreads(Set<Thread> before, boolean excludeContextThreads) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (before.contains(t) || !t.isAlive() || JVM_THREADS.stream().anyMatch(name::startsWith)
                    || (excludeContextThreads && name.startsWith(TestAdapterContext.THREAD_PREFIX))) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    /** The socket inodes this process holds open, where {@code /proc/self/fd} exists (Linux). */
    private static Optional<Set<String>> openSockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return Optional.empty();
        }
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor closed between listing and reading: it is not open, so it does not count.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(sockets);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching for late calls", e);
        }
    }
}
