package org.crossnet.engine.transfer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.crossnet.engine.EngineSettings;
import org.crossnet.engine.GatewayEngine;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.spi.NetworkAdapterFactory;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Opens, restarts and closes an engine on one data folder (H2 file catalogue) with test networks, for the transfer
 * tests of this package.
 */
final class EngineRun implements AutoCloseable {
    final Path data;
    final Path downloads;
    private final List<NetworkAdapterFactory<?>> factories;
    private GatewayEngine engine;

    EngineRun(Path folder, List<NetworkAdapterFactory<?>> factories) {
        this.data = folder.resolve("data");
        this.downloads = data.resolve("downloads");
        this.factories = List.copyOf(factories);
        open();
    }

    GatewayService gateway() {
        return engine.service();
    }

    /**
     * Closes the engine (saving what it saves on shutdown) unless closed already, and opens a new one on the same
     * folder.
     */
    void restart() {
        close();
        open();
    }

    private void open() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("db/crossnet") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        EngineSettings settings = new EngineSettings(data, downloads, List.of(), 1000, Duration.ofMinutes(5),
                id -> Map.of());
        // millisecond ticks as in production: the catalogue keeps times to the microsecond
        engine = GatewayEngine.open(settings, ds, factories, Clock.tickMillis(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
