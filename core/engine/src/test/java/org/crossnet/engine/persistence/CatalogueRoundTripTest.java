package org.crossnet.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TigerTreeRoot;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Every repository writes and reads back every column identically on H2 and on PostgreSQL: each test runs once per
 * database on a freshly migrated catalogue. Both sessions use a time zone with daylight saving (Europe/Berlin) and
 * the rows carry instants in the autumn overlap, so a conversion through local time would show as an hour's error.
 */
class CatalogueRoundTripTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final String SESSION_ZONE = "Europe/Berlin";
    /** 02:30 local time in Berlin occurs twice on this day; these are the first and the second one. */
    private static final Instant FIRST_0230 = Instant.parse("2024-10-27T00:30:00.654321Z");
    private static final Instant SECOND_0230 = Instant.parse("2024-10-27T01:30:00.123456Z");
    private static final long ABOVE_2_POW_32 = 5_000_000_000L;
    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    @TempDir
    static Path h2Folder;

    static Stream<Named<Supplier<DataSource>>> catalogues() {
        return Stream.of(Named.of("H2", CatalogueRoundTripTest::h2),
                Named.of("PostgreSQL", CatalogueRoundTripTest::postgres));
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + h2Folder.resolve("catalogue-" + H2_DATABASES.incrementAndGet())
                + ";DB_CLOSE_ON_EXIT=FALSE;TIME ZONE=" + SESSION_ZONE);
        ds.setUser("sa");
        return ds;
    }

    private static DataSource postgres() {
        PGSimpleDataSource ds = POSTGRES.newDatabase();
        ds.setOptions("-c TimeZone=" + SESSION_ZONE);
        return ds;
    }

    private static Bytes random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return Bytes.of(bytes);
    }

    /** Every byte value, so a text-escaped binary column (bytea) would show any mangling. */
    private static byte[] everyByteValue(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static ContentId everyHash(long size, String name, long seed) {
        return new ContentId(size, name, new Sha1(random(Sha1.LENGTH, seed)),
                new Ed2kHash(random(Ed2kHash.LENGTH, seed + 1)), new AichRoot(random(AichRoot.LENGTH, seed + 2)),
                new TigerTreeRoot(random(TigerTreeRoot.LENGTH, seed + 3)), new InfoHash(random(InfoHash.LENGTH, seed + 4)));
    }

    private static ShareRow hashedShare(Instant addedAt) {
        String name = "Ünïcødé 音楽 🎵.flac";
        return new ShareRow(ShareId.random(), Path.of("/srv/shared/música", name), name, ABOVE_2_POW_32,
                1_718_000_000_123L, ShareState.READY, "hashed in 12 s", addedAt, everyHash(ABOVE_2_POW_32, name, 10),
                List.of(new Ed2kHash(random(16, 20)), new Ed2kHash(random(16, 21)), new Ed2kHash(random(16, 22))),
                Bytes.of(everyByteValue(1024)), 4 * 1024 * 1024);
    }

    private static ShareRow unhashedShare(Instant addedAt) {
        return new ShareRow(ShareId.random(), Path.of("/srv/shared/new.bin"), "new.bin", 0, -1, ShareState.HASHING,
                null, addedAt, null, List.of(), null, 0);
    }

    private static TransferRow fullTransfer(Instant addedAt) {
        String name = "Größe über vier GiB.iso";
        return new TransferRow(TransferId.random(), name, TransferState.DOWNLOADING,
                everyHash(Long.MAX_VALUE, name, 30), List.of("192.0.2.1:6881", "[2001:db8::1]:4662"),
                List.of("udp://tracker.example:1337/announce", "http://tracker.example/announce?x=1&y=2"),
                Bytes.of(everyByteValue(700)), Path.of("/var/lib/crossnet/downloads", name + ".part"),
                "2 networks fetching", addedAt, everyByteValue(10_000), List.of(), ABOVE_2_POW_32, Long.MAX_VALUE,
                Map.of(new NetworkId("gnutella"), List.of("198.51.100.3:6346", "[2001:db8::9]:6346"),
                        new NetworkId("edonkey"), List.of("203.0.113.5:4662")));
    }

    private static TransferRow magnetTransfer(Instant addedAt) {
        // the catalogue keeps one name per transfer: the content's display name is the transfer's
        ContentId btihOnly = new ContentId(ContentId.UNKNOWN_SIZE, "wait.iso", null, null, null, null,
                new InfoHash(random(InfoHash.LENGTH, 40)));
        return new TransferRow(TransferId.random(), "wait.iso", TransferState.QUEUED, btihOnly, List.of(), List.of(),
                null, null, null, addedAt, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void settingsAreKeptAndReplaced(Supplier<DataSource> catalogue) {
        SettingsRepository settings = new SettingsRepository(Database.migrate(catalogue.get()));
        String longKey = "k".repeat(200);
        String longValue = "é音".repeat(2000);

        assertThat(settings.get("adapter.scripted.enabled")).isEmpty();
        settings.put("adapter.scripted.enabled", "false");
        settings.put(longKey, longValue);
        settings.put("event.last-id", "");
        assertThat(settings.get("adapter.scripted.enabled")).contains("false");
        settings.put("adapter.scripted.enabled", "true");

        assertThat(settings.get("adapter.scripted.enabled")).contains("true");
        assertThat(settings.get(longKey)).contains(longValue);
        assertThat(settings.get("event.last-id")).contains("");
        assertThat(settings.get("missing")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void sharesKeepEveryColumnIncludingNullHashes(Supplier<DataSource> catalogue) {
        ShareRepository shares = new ShareRepository(Database.migrate(catalogue.get()));
        ShareRow hashed = hashedShare(SECOND_0230);
        ShareRow unhashed = unhashedShare(FIRST_0230);

        shares.save(hashed);
        shares.save(unhashed);

        // oldest first: the overlap's first 02:30 sorts before its second
        assertThat(shares.findAll()).containsExactly(unhashed, hashed);
        ShareRow read = shares.findAll().get(1);
        assertThat(read.size()).isEqualTo(ABOVE_2_POW_32);
        assertThat(read.addedAt()).isEqualTo(SECOND_0230);
        assertThat(read.torrentInfo().toArray()).isEqualTo(everyByteValue(1024));
        assertThat(shares.findAll().get(0).content()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void savingAShareAgainReplacesItAndDeleteRemovesIt(Supplier<DataSource> catalogue) {
        ShareRepository shares = new ShareRepository(Database.migrate(catalogue.get()));
        ShareRow pending = unhashedShare(FIRST_0230);
        ShareRow other = hashedShare(SECOND_0230);
        shares.save(pending);
        shares.save(other);
        ShareRow failed = new ShareRow(pending.id(), pending.path(), pending.name(), 17, 1_718_000_000_999L,
                ShareState.FAILED, "read failed: permission denied", pending.addedAt(), null, List.of(), null, 0);

        shares.save(failed);
        assertThat(shares.findAll()).containsExactly(failed, other);

        shares.delete(failed.id());
        assertThat(shares.findAll()).containsExactly(other);
        shares.delete(failed.id());
        assertThat(shares.findAll()).containsExactly(other);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void textColumnsHoldTheirDeclaredLengthInCharactersNotBytes(Supplier<DataSource> catalogue) {
        Database database = Database.migrate(catalogue.get());
        ShareRepository shares = new ShareRepository(database);
        TransferRepository transfers = new TransferRepository(database);
        // three UTF-8 bytes per character: a byte-counted limit would refuse these
        String name = "音".repeat(1024);
        ShareRow share = new ShareRow(ShareId.random(), Path.of("/" + "é".repeat(4095)), name, 1, 2, ShareState.FAILED,
                "ü".repeat(1024), FIRST_0230, null, List.of(), null, 0);
        TransferRow transfer = new TransferRow(TransferId.random(), name, TransferState.FAILED,
                everyHash(1, name, 50), List.of("ß".repeat(8000)), List.of("ö".repeat(8000)), null,
                Path.of("/" + "é".repeat(4095)), "ü".repeat(1024), FIRST_0230, null);

        shares.save(share);
        transfers.save(transfer);

        assertThat(shares.findAll()).containsExactly(share);
        assertThat(transfers.findAll()).usingRecursiveFieldByFieldElementComparator().containsExactly(transfer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void transfersKeepEveryColumnIncludingNullHashesAndUnknownSize(Supplier<DataSource> catalogue) {
        TransferRepository transfers = new TransferRepository(Database.migrate(catalogue.get()));
        TransferRow full = fullTransfer(FIRST_0230);
        TransferRow magnet = magnetTransfer(SECOND_0230);

        transfers.save(magnet);
        transfers.save(full);

        List<TransferRow> read = transfers.findAll();
        assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactly(full, magnet);
        assertThat(read.get(0).content().size()).isEqualTo(Long.MAX_VALUE);
        assertThat(read.get(0).resumeData()).isEqualTo(everyByteValue(10_000));
        assertThat(read.get(1).content().size()).isEqualTo(ContentId.UNKNOWN_SIZE);
        assertThat(read.get(1).content().sha1()).isNull();
        assertThat(read.get(1).resumeData()).isNull();
        assertThat(read.get(1).addedAt()).isEqualTo(SECOND_0230);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void progressUpdatesChangeOnlyTheirColumnsAndDeleteRemovesTheTransfer(Supplier<DataSource> catalogue) {
        TransferRepository transfers = new TransferRepository(Database.migrate(catalogue.get()));
        TransferRow full = fullTransfer(FIRST_0230);
        TransferRow magnet = magnetTransfer(SECOND_0230);
        transfers.save(full);
        transfers.save(magnet);
        byte[] resume = everyByteValue(300);
        Path part = Path.of("/var/lib/crossnet/downloads/wait.iso.part");

        transfers.updateProgress(magnet.id(), TransferState.PAUSED, "paused by the user", part, resume);
        transfers.updateProgress(full.id(), TransferState.COMPLETED, null, full.path(), null);

        TransferRow pausedMagnet = new TransferRow(magnet.id(), magnet.name(), TransferState.PAUSED,
                magnet.content(), magnet.peers(), magnet.trackers(), null, part, "paused by the user",
                magnet.addedAt(), resume);
        TransferRow completed = new TransferRow(full.id(), full.name(), TransferState.COMPLETED, full.content(),
                full.peers(), full.trackers(), full.metainfo(), full.path(), null, full.addedAt(), null, List.of(),
                full.downloadLimit(), full.uploadLimit(), full.networkPeers());
        assertThat(transfers.findAll()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(completed, pausedMagnet);

        transfers.delete(full.id());
        assertThat(transfers.findAll()).extracting(TransferRow::id).containsExactly(magnet.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void aMultiFileTransferKeepsItsFileListThroughSavesAndUpdatesAndLosesItOnDelete(Supplier<DataSource> catalogue) {
        TransferRepository transfers = new TransferRepository(Database.migrate(catalogue.get()));
        TransferRow single = fullTransfer(FIRST_0230);
        List<ContentFile> files = List.of(
                new ContentFile(List.of("Größe", "sub dir", "a (1).bin"), ABOVE_2_POW_32, 0),
                new ContentFile(List.of("empty"), 0, ABOVE_2_POW_32),
                new ContentFile(List.of("音.txt"), 7, ABOVE_2_POW_32));
        TransferRow multi = new TransferRow(TransferId.random(), "album", TransferState.DOWNLOADING,
                everyHash(ABOVE_2_POW_32 + 7, "album", 31), List.of(), List.of(), null,
                Path.of("/var/lib/crossnet/downloads/album"), null, SECOND_0230, null, files);
        transfers.save(single);
        transfers.save(multi);
        transfers.save(multi); // replacing the row replaces the list, it does not double it

        assertThat(transfers.findAll()).usingRecursiveFieldByFieldElementComparator().containsExactly(single, multi);
        assertThat(transfers.findAll().get(0).files()).isEmpty();

        transfers.updateProgress(multi.id(), TransferState.PAUSED, null, multi.path(), new byte[] {1});
        assertThat(transfers.findAll().get(1).files()).isEqualTo(files);

        transfers.delete(multi.id());
        transfers.save(new TransferRow(multi.id(), "album", TransferState.QUEUED, multi.content(), List.of(),
                List.of(), null, multi.path(), null, SECOND_0230, null));
        assertThat(transfers.findAll().get(1).files()).as("the deleted transfer's files went with it").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void limitUpdatesChangeOnlyTheLimitsAndRowsWithoutThemReadAsNone(Supplier<DataSource> catalogue) {
        TransferRepository transfers = new TransferRepository(Database.migrate(catalogue.get()));
        TransferRow full = fullTransfer(FIRST_0230);
        TransferRow magnet = magnetTransfer(SECOND_0230);
        transfers.save(full);
        transfers.save(magnet);

        transfers.updateLimits(magnet.id(), 0, 250_000);
        transfers.updateLimits(full.id(), 1, 0);

        List<TransferRow> read = transfers.findAll();
        assertThat(read.get(0)).usingRecursiveComparison().ignoringFields("downloadLimit", "uploadLimit")
                .isEqualTo(full);
        assertThat(read.get(0).downloadLimit()).isEqualTo(1);
        assertThat(read.get(0).uploadLimit()).isZero();
        assertThat(read.get(0).networkPeers()).as("sorted by network").containsExactly(
                Map.entry(new NetworkId("edonkey"), List.of("203.0.113.5:4662")),
                Map.entry(new NetworkId("gnutella"), List.of("198.51.100.3:6346", "[2001:db8::9]:6346")));
        assertThat(read.get(1).downloadLimit()).isZero();
        assertThat(read.get(1).uploadLimit()).isEqualTo(250_000);
        assertThat(read.get(1).networkPeers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void aTransferStoredBeforeTheLimitColumnsExistedReadsWithNoLimitsAfterTheMigration(Supplier<DataSource> catalogue)
            throws java.sql.SQLException {
        DataSource ds = catalogue.get();
        org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("2").load()
                .migrate();
        java.util.UUID id = java.util.UUID.randomUUID();
        try (java.sql.Connection c = ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO transfer (id, name, state, size, peers, added_at) VALUES (?, 'old.iso', 'PAUSED', 42,"
                        + " '192.0.2.1:6881', ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, FIRST_0230.atOffset(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }

        TransferRepository transfers = new TransferRepository(Database.migrate(ds));

        TransferRow read = transfers.findAll().get(0);
        assertThat(read.id()).isEqualTo(new TransferId(id));
        assertThat(read.peers()).containsExactly("192.0.2.1:6881");
        assertThat(read.downloadLimit()).isZero();
        assertThat(read.uploadLimit()).isZero();
        assertThat(read.networkPeers()).isEmpty();
    }
}
