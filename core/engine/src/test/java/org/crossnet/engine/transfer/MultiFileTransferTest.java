package org.crossnet.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.crossnet.engine.EngineSettings;
import org.crossnet.engine.GatewayEngine;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.engine.facade.ShareView;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet whose metadata turns out to describe three files, fetched by an in-test network through the SPI only
 * ({@link FileListAdapterFactory}): the engine lays the content out in {@code <download>/<name>} when the network
 * reports the file list, keeps that layout across a restart, renames every file on completion, hands each to the
 * share library, and deletes them all on remove.
 */
class MultiFileTransferTest {
    static final int PIECE = 32 * 1024;
    static final InfoHash BTIH = new InfoHash(Bytes.fromHex("0123456789abcdef0123456789abcdef01234567"));
    static final String MAGNET = "magnet:?xt=urn:btih:" + BTIH.bytes().hex();
    /** Three files: one ending inside the second piece, a one-byte file, one ending the content. */
    static final List<ContentFile> FILES = List.of(
            new ContentFile(List.of("disc 1", "a.bin"), 40_000, 0),
            new ContentFile(List.of("b.bin"), 1, 40_000),
            new ContentFile(List.of("c.bin"), 60_000, 40_001));
    static final int SIZE = 100_001;

    @TempDir
    Path temp;
    Path data;
    Path downloads;
    final byte[] content = new byte[SIZE];
    GatewayEngine engine;
    GatewayService gateway;

    @BeforeEach
    void folders() {
        data = temp.resolve("data");
        downloads = data.resolve("downloads");
        new Random(50).nextBytes(content);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void start(CountDownLatch gate, int stopAfter) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("db/crossnet") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        EngineSettings settings = new EngineSettings(data, downloads, List.of(), 1000, Duration.ofMinutes(5),
                id -> Map.of());
        FileListAdapterFactory.Script script = new FileListAdapterFactory.Script(BTIH, "trio", FILES, content, PIECE,
                gate, stopAfter);
        engine = GatewayEngine.open(settings, ds, List.of(new FileListAdapterFactory(script)), Clock.systemUTC());
        gateway = engine.service();
    }

    private static CountDownLatch open() {
        return new CountDownLatch(0);
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

    private byte[] slice(ContentFile f) {
        return Arrays.copyOfRange(content, (int) f.offset(), (int) (f.offset() + f.length()));
    }

    private List<String> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aMagnetResolvedToThreeFilesCompletesIntoThemByteIdenticalAndSharesEach() throws Exception {
        start(open(), Integer.MAX_VALUE);

        TransferStatus added = gateway.transferAddLink(MAGNET);
        await("complete", () -> gateway.transferGet(added.id()).state() == TransferState.COMPLETED);

        TransferStatus done = gateway.transferGet(added.id());
        assertThat(done.name()).isEqualTo("trio");
        assertThat(done.bytesTotal()).isEqualTo(SIZE);
        assertThat(done.bytesVerified()).isEqualTo(SIZE);
        assertThat(everythingUnder(downloads)).containsExactly("trio", "trio/b.bin", "trio/c.bin", "trio/disc 1",
                "trio/disc 1/a.bin");
        Path folder = downloads.resolve("trio");
        assertThat(Files.readAllBytes(folder.resolve("disc 1/a.bin"))).isEqualTo(slice(FILES.get(0)));
        assertThat(Files.readAllBytes(folder.resolve("b.bin"))).isEqualTo(slice(FILES.get(1)));
        assertThat(Files.readAllBytes(folder.resolve("c.bin"))).isEqualTo(slice(FILES.get(2)));
        await("every file shared", () -> gateway.shareList().stream()
                .filter(s -> s.state() == ShareState.READY).count() == 3);
        assertThat(gateway.shareList()).extracting(ShareView::name)
                .containsExactlyInAnyOrder("a.bin", "b.bin", "c.bin");
    }

    @Test
    void aResolvedLayoutSurvivesARestartAndResumesWithoutRechecking() throws Exception {
        start(open(), 2);
        TransferStatus added = gateway.transferAddLink(MAGNET);
        await("two pieces", () -> gateway.transferGet(added.id()).bytesVerified() == 2L * PIECE);
        Path folder = downloads.resolve("trio");
        assertThat(everythingUnder(downloads)).containsExactly("trio", "trio/b.bin.crossnet-part",
                "trio/c.bin.crossnet-part", "trio/disc 1", "trio/disc 1/a.bin.crossnet-part");
        engine.close();
        engine = null;

        CountDownLatch gate = new CountDownLatch(1);
        start(gate, Integer.MAX_VALUE);
        TransferStatus restored = gateway.transferGet(added.id());
        assertThat(restored.name()).isEqualTo("trio");
        assertThat(restored.bytesTotal()).isEqualTo(SIZE);
        assertThat(restored.bytesVerified()).as("resumed from the catalogue, not re-checked").isEqualTo(2L * PIECE);
        assertThat(restored.state()).isIn(TransferState.QUEUED, TransferState.DOWNLOADING);
        gate.countDown();

        await("complete", () -> gateway.transferGet(added.id()).state() == TransferState.COMPLETED);
        assertThat(Files.readAllBytes(folder.resolve("disc 1/a.bin"))).isEqualTo(slice(FILES.get(0)));
        assertThat(Files.readAllBytes(folder.resolve("c.bin"))).isEqualTo(slice(FILES.get(2)));
    }

    @Test
    void removingWithDataDeletesEveryFileAndTheFolderButKeepsForeignFiles() throws Exception {
        start(new CountDownLatch(1), Integer.MAX_VALUE);
        TransferStatus first = gateway.transferAddLink(MAGNET);
        await("layout", () -> Files.isDirectory(downloads.resolve("trio/disc 1")));
        Files.writeString(downloads.resolve("trio/disc 1/notes.txt"), "mine");

        gateway.transferRemove(first.id(), true);

        assertThat(everythingUnder(downloads)).containsExactly("trio", "trio/disc 1", "trio/disc 1/notes.txt");
        Files.delete(downloads.resolve("trio/disc 1/notes.txt"));
        TransferStatus second = gateway.transferAddLink(MAGNET);
        await("layout again", () -> gateway.transferGet(second.id()).name().equals("trio (1)"));
        gateway.transferRemove(second.id(), true);
        assertThat(everythingUnder(downloads)).containsExactly("trio", "trio/disc 1");
    }
}
