package org.crossnet.testkit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.ContentStore;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;

/**
 * An {@link AdapterContext} for tests: a {@link RecordingEventSink}, an {@link InMemoryContentStore}, a real Netty
 * event loop group of one NIO thread, a bounded blocking executor, a clock, a logger, a temporary state directory and
 * an {@link InMemoryHostStore} (which may be shared between contexts, to test a restart). The host store's view
 * throws {@link IllegalStateException} when called on the context's event loop, as the gateway's does on its loops.
 *
 * <p>Every call the adapter makes into the context and its doubles is logged in {@link #log()}; once the test calls
 * {@link #markAdapterClosed()} (right after the adapter's {@code close()} returned), each further call is flagged,
 * and {@link #callsAfterClose()} lists them. Threads it starts are named {@value #THREAD_PREFIX}… so thread-leak
 * checks can tell them from the adapter's; they start lazily, on first use.
 *
 * <p>{@link #close()} shuts the event loops and the executor down and deletes the state directory. Thread-safe.
 */
public final class TestAdapterContext implements AdapterContext, AutoCloseable {
    /** Name prefix of every thread the context starts. */
    public static final String THREAD_PREFIX = "testkit-";

    private static final int BLOCKING_THREADS = 4;

    private final NetworkId network;
    private final CallLog log = new CallLog();
    private final RecordingEventSink events = new RecordingEventSink(log);
    private final InMemoryContentStore content = new InMemoryContentStore(log);
    private final EventLoopGroup eventLoops;
    private final ThreadPoolExecutor blocking;
    private final Executor recordingExecutor;
    private final Clock clock;
    private final System.Logger logger;
    private final Path stateDirectory;
    private final InMemoryHostStore hostStore;
    private final HostStore hosts;

    /** A context on the system UTC clock. */
    public TestAdapterContext(NetworkId network) {
        this(network, Clock.systemUTC());
    }

    /** A context reading time from {@code clock}, with a host store of its own. */
    public TestAdapterContext(NetworkId network, Clock clock) {
        this(network, clock, new InMemoryHostStore());
    }

    /** A context reading time from {@code clock} whose {@link #hosts()} is a view of {@code hostStore}. */
    public TestAdapterContext(NetworkId network, Clock clock, InMemoryHostStore hostStore) {
        if (network == null || clock == null || hostStore == null) {
            throw new IllegalArgumentException("network/clock/hostStore: null (expected: all present)");
        }
        this.network = network;
        this.hostStore = hostStore;
        this.hosts = new RecordingHostStore(hostStore, log, this::onEventLoop);
        this.clock = new RecordingClock(clock, log);
        this.logger = new RecordingLogger(System.getLogger("org.crossnet.testkit.adapter." + network.value()), log);
        this.eventLoops = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory(THREAD_PREFIX + "loop-" + network.value(), true), NioIoHandler.newFactory());
        this.blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory(THREAD_PREFIX + "blocking-" + network.value(), true));
        blocking.allowCoreThreadTimeOut(true);
        this.recordingExecutor = task -> {
            log.record("executor", "execute");
            blocking.execute(task);
        };
        try {
            this.stateDirectory = Files.createTempDirectory("crossnet-testkit-" + network.value() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("stateDirectory: cannot create a temp directory", e);
        }
    }

    /** A context for the network with this id. */
    public static TestAdapterContext forNetwork(String id) {
        return new TestAdapterContext(new NetworkId(id));
    }

    @Override
    public NetworkId network() {
        return access("network", () -> network);
    }

    @Override
    public EventSink events() {
        return access("events", () -> events);
    }

    @Override
    public ContentStore content() {
        return access("content", () -> content);
    }

    @Override
    public EventLoopGroup eventLoops() {
        return access("eventLoops", () -> eventLoops);
    }

    @Override
    public Executor blockingExecutor() {
        return access("blockingExecutor", () -> recordingExecutor);
    }

    @Override
    public Clock clock() {
        return access("clock", () -> clock);
    }

    @Override
    public System.Logger logger() {
        return access("logger", () -> logger);
    }

    @Override
    public Path stateDirectory() {
        return access("stateDirectory", () -> stateDirectory);
    }

    @Override
    public HostStore hosts() {
        return access("hosts", () -> hosts);
    }

    /** The host store behind {@link #hosts()}, for assertions and seeding (not logged, no thread check). */
    public InMemoryHostStore hostStore() {
        return hostStore;
    }

    /** The recording event sink, for assertions (not logged). */
    public RecordingEventSink recordedEvents() {
        return events;
    }

    /** The in-memory content store, to add transfers and shares (not logged). */
    public InMemoryContentStore store() {
        return content;
    }

    /** The log of every call into the context, its doubles and the sinks made by {@link #newSearchSink()} etc. */
    public CallLog log() {
        return log;
    }

    /** A search sink recording into this context's log, so calls after close are caught as for the context. */
    public RecordingSearchSink newSearchSink() {
        return new RecordingSearchSink(log);
    }

    /** A download sink recording into this context's log. */
    public RecordingDownloadSink newDownloadSink() {
        return new RecordingDownloadSink(log);
    }

    /** Flags every later call as made after the adapter closed. Call it right after {@code close()} returns. */
    public void markAdapterClosed() {
        log.markClosed();
    }

    /** Calls made into the context, its doubles and its sinks after {@link #markAdapterClosed()}. */
    public List<CallLog.Call> callsAfterClose() {
        return log.callsAfterClose();
    }

    /**
     * Shuts the event loops and the blocking executor down (waiting up to a few seconds) and deletes the state
     * directory. Idempotent. Keeps the interrupt flag when interrupted.
     */
    @Override
    public void close() {
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        blocking.shutdownNow();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(stateDirectory);
    }

    /** Whether the calling thread is one of this context's event loops. */
    private boolean onEventLoop() {
        for (EventExecutor loop : eventLoops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private <T> T access(String member, Supplier<T> value) {
        log.record("context", member);
        return value.get();
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("stateDirectory: cannot delete " + root, e);
        }
    }

    /** Logs every call and refuses event-loop threads; delegates to the in-memory store. */
    private static final class RecordingHostStore implements HostStore {
        private final InMemoryHostStore delegate;
        private final CallLog log;
        private final java.util.function.BooleanSupplier onEventLoop;

        RecordingHostStore(InMemoryHostStore delegate, CallLog log, java.util.function.BooleanSupplier onEventLoop) {
            this.delegate = delegate;
            this.log = log;
            this.onEventLoop = onEventLoop;
        }

        @Override
        public int capacity() {
            log.record("hosts", "capacity");
            return delegate.capacity();
        }

        @Override
        public List<KnownHost> load(int limit) {
            enter("load");
            return delegate.load(limit);
        }

        @Override
        public void save(Collection<KnownHost> saved) {
            enter("save");
            delegate.save(saved);
        }

        @Override
        public void remove(Collection<PeerAddress> addresses) {
            enter("remove");
            delegate.remove(addresses);
        }

        private void enter(String method) {
            log.record("hosts", method);
            if (onEventLoop.getAsBoolean()) {
                throw new IllegalStateException("thread: " + Thread.currentThread().getName() + " calling hosts()."
                        + method + " (expected: a thread that may block, e.g. the blocking executor; "
                        + "not an event loop)");
            }
        }
    }

    /** Logs every read of the time; delegates to the given clock. */
    private static final class RecordingClock extends Clock {
        private final Clock delegate;
        private final CallLog log;

        RecordingClock(Clock delegate, CallLog log) {
            this.delegate = delegate;
            this.log = log;
        }

        @Override
        public ZoneId getZone() {
            return delegate.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new RecordingClock(delegate.withZone(zone), log);
        }

        @Override
        public Instant instant() {
            log.record("clock", "instant");
            return delegate.instant();
        }
    }

    /** Logs every log call; delegates to a JDK logger named after the network. */
    private static final class RecordingLogger implements System.Logger {
        private final System.Logger delegate;
        private final CallLog log;

        RecordingLogger(System.Logger delegate, CallLog log) {
            this.delegate = delegate;
            this.log = log;
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return delegate.isLoggable(level);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            log.record("logger", "log");
            delegate.log(level, bundle, msg, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log.record("logger", "log");
            delegate.log(level, bundle, format, params);
        }
    }
}
