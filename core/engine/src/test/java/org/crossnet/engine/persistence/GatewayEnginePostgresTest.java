package org.crossnet.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.crossnet.engine.EngineSettings;
import org.crossnet.engine.GatewayEngine;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.SearchState;
import org.crossnet.engine.facade.SearchView;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.crossnet.testkit.scripted.ScriptedAdapterFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine with its catalogue on PostgreSQL instead of H2, the testkit's scripted adapter as the one network:
 * state survives a close and reopen on the same database, and a download runs through to the library.
 */
class GatewayEnginePostgresTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final NetworkId SCRIPTED = new NetworkId(ScriptedAdapterFactory.ID);
    private static final long ABOVE_2_POW_32 = 6_000_000_000L;

    @TempDir
    Path temp;
    Path data;
    Path shared;
    Path remote;
    DataSource catalogue;
    GatewayEngine engine;
    GatewayService gateway;

    @BeforeEach
    void open() throws IOException {
        data = temp.resolve("data");
        shared = Files.createDirectories(temp.resolve("shared"));
        remote = Files.createDirectories(temp.resolve("remote"));
        catalogue = POSTGRES.newDatabase();
        start();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start() {
        EngineSettings settings = new EngineSettings(data, data.resolve("downloads"), List.of(shared), 1000,
                Duration.ofMinutes(5),
                id -> id.equals(ScriptedAdapterFactory.ID) ? Map.of("serve-directory", remote.toString()) : Map.of());
        engine = GatewayEngine.open(settings, catalogue, List.of(new ScriptedAdapterFactory()), Clock.systemUTC());
        gateway = engine.service();
    }

    private void restart() {
        engine.close();
        engine = null;
        start();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sharesTransfersAndNetworkChoicesSurviveAReopenOnTheSameDatabase() throws Exception {
        ShareView added = gateway.shareAdd(Files.write(shared.resolve("keep.bin"), random(50_000, 6)).toString()).get(0);
        await("share hashed", () -> gateway.shareGet(added.id()).state() == ShareState.READY);
        ShareView share = gateway.shareGet(added.id());
        TransferStatus queued = gateway.transferAddLink("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
                + "&dn=wait.iso&xl=" + ABOVE_2_POW_32);
        gateway.networkDisable(SCRIPTED);
        long lastEvent = gateway.gatewayInfo().lastEventId();

        restart();

        ShareView restored = gateway.shareGet(share.id());
        assertThat(restored.state()).isEqualTo(ShareState.READY);
        assertThat(restored.content()).isEqualTo(share.content());
        assertThat(restored.content().hashes()).hasSize(5);
        assertThat(gateway.eventPoll(0, 1000, 0).events()).extracting(r -> r.event())
                .noneMatch(e -> e instanceof GatewayEvent.ShareHashing);
        TransferStatus transfer = gateway.transferGet(queued.id());
        assertThat(transfer.content()).isEqualTo(queued.content());
        assertThat(transfer.state()).isEqualTo(TransferState.QUEUED);
        assertThat(transfer.bytesTotal()).isEqualTo(ABOVE_2_POW_32);
        assertThat(gateway.networkStatus(SCRIPTED).enabled()).isFalse();
        assertThat(gateway.networkStatus(SCRIPTED).state()).isEqualTo(AdapterState.DISABLED);
        assertThat(gateway.gatewayInfo().lastEventId()).isGreaterThan(lastEvent);
        // the state lived in PostgreSQL: the engine never fell back to an H2 file under its data folder
        assertThat(data.resolve("db")).doesNotExist();
        Database database = Database.migrate(catalogue);
        assertThat(new ShareRepository(database).findAll()).extracting(ShareRow::state)
                .containsExactly(ShareState.READY);
        assertThat(new TransferRepository(database).findAll()).extracting(row -> row.content().size())
                .containsExactly(ABOVE_2_POW_32);
        assertThat(new SettingsRepository(database).get("event.last-id")).isPresent();
    }

    @Test
    void aDownloadCompletesAndJoinsTheLibrary() throws Exception {
        byte[] content = random(200_000, 4);
        Files.write(remote.resolve("crossnet demo track.ogg"), content);
        SearchView search = gateway.searchStart(SearchQuery.ofKeywords("demo", "track"));
        await("search finished", () -> gateway.searchResults(search.id(), 0, 10).search().state()
                == SearchState.FINISHED);

        TransferStatus added = gateway.transferAddHit(search.id(), 0);
        await("transfer complete", () -> gateway.transferGet(added.id()).state() == TransferState.COMPLETED);
        await("download shared", () -> gateway.shareList().stream()
                .anyMatch(s -> s.state() == ShareState.READY && s.name().equals("crossnet demo track.ogg")));

        assertThat(Files.readAllBytes(data.resolve("downloads/crossnet demo track.ogg"))).isEqualTo(content);
        restart();
        assertThat(gateway.transferGet(added.id()).state()).isEqualTo(TransferState.COMPLETED);
        assertThat(gateway.transferGet(added.id()).bytesVerified()).isEqualTo(200_000);
        assertThat(gateway.shareList()).extracting(ShareView::name).containsExactly("crossnet demo track.ogg");
    }
}
