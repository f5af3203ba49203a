package org.crossnet.engine;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.crossnet.engine.events.EventBus;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.hash.FileHasher;
import org.crossnet.engine.persistence.Database;
import org.crossnet.engine.persistence.HostRepository;
import org.crossnet.engine.persistence.SettingsRepository;
import org.crossnet.engine.persistence.ShareRepository;
import org.crossnet.engine.persistence.TransferRepository;
import org.crossnet.engine.registry.AdapterRegistry;
import org.crossnet.engine.registry.PluginLoader;
import org.crossnet.engine.search.SearchManager;
import org.crossnet.engine.share.ShareLibrary;
import org.crossnet.engine.storage.ContentPaths;
import org.crossnet.engine.transfer.TransferManager;
import org.crossnet.spi.NetworkAdapterFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine assembled: catalogue, event bus, adapter registry, search, transfers and share library, plus the
 * shared Netty event loops and blocking executor handed to adapters. {@link #open} restores state and starts the
 * enabled adapters; {@link #close} saves state and stops everything. The facade is {@link #service()}.
 */
public final class GatewayEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEngine.class);
    private static final String LAST_EVENT_ID = "event.last-id";

    private final SettingsRepository settings;
    private final EventBus bus;
    private final EventLoopGroup eventLoops;
    private final ExecutorService blocking;
    private final ScheduledExecutorService scheduler;
    private final AdapterRegistry registry;
    private final SearchManager searches;
    private final TransferManager transfers;
    private final ShareLibrary shares;
    private final GatewayService service;

    private GatewayEngine(EngineSettings config, DataSource dataSource, List<NetworkAdapterFactory<?>> factories,
                          Clock clock) {
        try {
            Files.createDirectories(config.dataDirectory());
            Files.createDirectories(config.downloadDirectory());
            Files.createDirectories(config.pluginsDirectory());
            for (Path root : config.shareRoots()) {
                if (root.startsWith(config.dataDirectory())) {
                    Files.createDirectories(root); // the default root, <data-dir>/shared, exists from the first start
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data or download folder", e);
        }
        Database database = Database.migrate(dataSource);
        settings = new SettingsRepository(database);
        long previousLastId = settings.get(LAST_EVENT_ID).map(Long::parseLong).orElse(0L);
        bus = new EventBus(clock, config.eventCapacity(), previousLastId);
        eventLoops = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        blocking = new ThreadPoolExecutor(2, 16, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                daemonThreads("crossnet-blocking"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("crossnet-scheduler"));
        EngineContentStore content = new EngineContentStore();
        registry = new AdapterRegistry(factories, config.adapterConfig(), settings,
                new HostRepository(database), bus, content, eventLoops, blocking,
                clock, config.dataDirectory().resolve("adapters"));
        searches = new SearchManager(registry, bus, clock, config.searchRetention());
        shares = new ShareLibrary(new ShareRepository(database), registry, bus, clock, config.shareRoots(),
                config.shareTrackers(), new FileHasher());
        transfers = new TransferManager(registry, new TransferRepository(database), bus, clock,
                new ContentPaths(config.downloadDirectory()), done -> done.files().forEach(shares::addCompleted), shares::removeFiles);
        content.wire(shares, transfers);
        registry.addListener(transfers);
        registry.addListener(shares);
        service = new DefaultGatewayService(version(), Instant.now(clock), registry, searches, transfers, shares, bus);
    }

    /**
     * Builds the engine, restores shares and transfers from the catalogue and starts the enabled adapters found on
     * {@code classLoader} and in the plugins folder.
     */
    public static GatewayEngine open(EngineSettings config, DataSource dataSource, ClassLoader classLoader) {
        // Millisecond ticks: the catalogue's TIMESTAMP columns keep at most microseconds (H2 rounds the rest), so a
        // time the API shows before a restart (a share's or transfer's addedAt) must be the same after it. (A
        // sub-millisecond Clock.tick divides by zero in Java 17's TickClock.millis().)
        return open(config, dataSource, PluginLoader.discover(classLoader, config.pluginsDirectory()),
                Clock.tickMillis(java.time.ZoneOffset.UTC));
    }

    /** As {@link #open(EngineSettings, DataSource, ClassLoader)} with the given factories (tests). */
    public static GatewayEngine open(EngineSettings config, DataSource dataSource,
                                     List<NetworkAdapterFactory<?>> factories, Clock clock) {
        GatewayEngine engine = new GatewayEngine(config, dataSource, factories, clock);
        engine.shares.restore();
        engine.transfers.restore();
        engine.registry.startEnabled();
        engine.scheduler.scheduleWithFixedDelay(engine::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("engine open: {} networks, {} transfers, {} shares", engine.registry.list().size(),
                engine.transfers.list().size(), engine.shares.size());
        return engine;
    }

    /** The facade. */
    public GatewayService service() {
        return service;
    }

    private long ticks;

    private void tick() {
        try {
            transfers.tick();
            if (++ticks % 10 == 0) {
                settings.put(LAST_EVENT_ID, Long.toString(bus.lastId()));
            }
        } catch (RuntimeException e) {
            LOG.error("engine tick failed", e);
        }
    }

    @Override
    public void close() {
        // no interrupt: a tick may be writing to the catalogue; it finishes within its second
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("engine tick still running after 5 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        searches.close();
        registry.close();
        transfers.close();
        shares.close();
        settings.put(LAST_EVENT_ID, Long.toString(bus.lastId()));
        blocking.shutdownNow();
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String version() {
        try (InputStream in = GatewayEngine.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
