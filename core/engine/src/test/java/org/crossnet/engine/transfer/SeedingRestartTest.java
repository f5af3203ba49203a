package org.crossnet.engine.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crossnet.engine.transfer.EngineRun.await;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.FileStatus;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;
import org.crossnet.spi.model.TransferStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer that completes while a network keeps uploading it is SEEDING, and comes back SEEDING after the engine
 * restarts: its files are opened again where completion left them, fully verified without re-checking, every network
 * that can fetch it is attached and told at once that it is complete (as at completion; one that does not upload is
 * closed), with the transfer's rate limits. Files changed behind the engine's back end seeding: the transfer comes
 * back COMPLETED and no network is asked to serve them.
 */
class SeedingRestartTest {
    static final InfoHash BTIH = new InfoHash(Bytes.fromHex("aabbccddeeff00112233445566778899aabbccdd"));
    static final int PIECE = 32 * 1024;
    static final int SIZE = 100_001;
    static final String SINGLE = "magnet:?xt=urn:btih:" + BTIH.bytes().hex() + "&dn=song.bin&xl=" + SIZE;
    static final String MULTI = "magnet:?xt=urn:btih:" + BTIH.bytes().hex() + "&dn=album";
    static final List<ContentFile> FILES = List.of(
            new ContentFile(List.of("cd1", "one.bin"), 40_000, 0),
            new ContentFile(List.of("empty"), 0, 40_000),
            new ContentFile(List.of("two.bin"), 60_001, 40_000));

    @TempDir
    Path temp;
    final byte[] content = new byte[SIZE];
    /** Seeds what it fetched (a BitTorrent-like network). */
    final RecordingAdapterFactory.Network seeder = RecordingAdapterFactory.network("seeder");
    /** Fetches the same content but never uploads. */
    final RecordingAdapterFactory.Network leecher = RecordingAdapterFactory.network("leecher");
    EngineRun run;
    GatewayService gateway;

    @BeforeEach
    void open() {
        new Random(77).nextBytes(content);
        ContentId byBtih = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, null, null, BTIH);
        seeder.fetches = byBtih;
        seeder.seeds = true;
        leecher.fetches = byBtih;
        run = new EngineRun(temp, List.of(new RecordingAdapterFactory(seeder), new RecordingAdapterFactory(leecher)));
        gateway = run.gateway();
    }

    @AfterEach
    void close() {
        run.close();
    }

    private void restart() {
        run.restart();
        gateway = run.gateway();
    }

    /** Writes and verifies the whole content through the seeder's session, then waits for the engine's tick. */
    private TransferStatus fetchAll(TransferId id) throws InterruptedException {
        StoredContent store = seeder.last().request.store();
        for (int offset = 0, piece = 0; offset < SIZE; offset += PIECE, piece++) {
            int length = Math.min(PIECE, SIZE - offset);
            store.write(offset, ByteBuffer.wrap(content, offset, length));
            store.markVerified(new VerificationUnit(seeder.networkId(), "bt-piece", piece, offset, length));
        }
        await("seeding", () -> gateway.transferGet(id).state() == TransferState.SEEDING);
        return gateway.transferGet(id);
    }

    private static byte[] readAll(StoredContent store) {
        ByteBuffer all = ByteBuffer.allocate((int) store.size());
        while (all.hasRemaining()) {
            int n = store.read(all.position(), all);
            assertThat(n).as("bytes read at %d", all.position()).isPositive();
        }
        return all.array();
    }

    @Test
    void aSingleFileTransferSeedsAgainAfterARestart() throws Exception {
        TransferId id = gateway.transferAddLink(SINGLE).id();
        RecordingAdapterFactory.Session first = seeder.last();
        TransferStatus seeding = fetchAll(id);
        assertThat(first.calls).as("the seeding session at completion").contains("completed")
                .doesNotContain("close");
        assertThat(leecher.last().calls).as("the other network at completion").containsSubsequence("completed",
                "close");
        Path file = run.downloads.resolve("song.bin");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        gateway.transferLimit(id, 0, 4_096);
        int leecherSessions = leecher.sessions.size();

        restart();

        TransferStatus after = gateway.transferGet(id);
        assertThat(after.state()).isEqualTo(TransferState.SEEDING);
        assertThat(after.bytesVerified()).isEqualTo(SIZE);
        assertThat(after.files()).containsExactly(new FileStatus("song.bin", SIZE, 0, SIZE));
        assertThat(after.uploadLimit()).isEqualTo(4_096);
        assertThat(after.name()).isEqualTo(seeding.name());
        assertThat(after.content()).isEqualTo(seeding.content());
        assertThat(after.addedAt()).isEqualTo(seeding.addedAt());

        RecordingAdapterFactory.Session again = seeder.last();
        assertThat(again).isNotSameAs(first);
        assertThat(again.request.transfer()).isEqualTo(id);
        assertThat(again.verifiedAtStart).as("verified when the session opened: no re-check").isEqualTo(SIZE);
        assertThat(again.calls).containsExactly("rateLimits 0 4096", "completed");
        assertThat(readAll(again.request.store())).as("served from the finished file").isEqualTo(content);
        assertThat(again.request.store().isVerified(0, SIZE)).isTrue();

        assertThat(leecher.sessions).as("the network that does not upload was attached once more")
                .hasSize(leecherSessions + 1);
        assertThat(leecher.last().calls).containsSubsequence("completed", "close");
        assertThat(gateway.transferGet(id).sources()).doesNotContainKey(leecher.networkId());

        // a report made after the restart (the content again) must not lose the completion state: restart twice
        again.sink.contentResolved(new ContentId(SIZE, "song.bin", null, null, null, null, BTIH));
        again.sink.traffic(0, 5_000);
        assertThat(gateway.transferGet(id).uploadRate()).as("a seeding transfer's upload rate").isPositive();
        restart();
        assertThat(gateway.transferGet(id).state()).as("after a second restart").isEqualTo(TransferState.SEEDING);
        assertThat(seeder.last().verifiedAtStart).isEqualTo(SIZE);
    }

    @Test
    void aMultiFileTransferSeedsAgainFromItsFinishedFiles() throws Exception {
        TransferId id = gateway.transferAddLink(MULTI).id();
        RecordingAdapterFactory.Session session = seeder.last();
        session.sink.contentResolved(new ContentId(SIZE, "album", null, null, null, null, BTIH));
        session.sink.filesResolved(FILES);
        fetchAll(id);
        Path folder = run.downloads.resolve("album");
        assertThat(Files.readAllBytes(folder.resolve("cd1/one.bin"))).isEqualTo(Arrays.copyOfRange(content, 0,
                40_000));

        restart();

        TransferStatus after = gateway.transferGet(id);
        assertThat(after.state()).isEqualTo(TransferState.SEEDING);
        assertThat(after.files()).containsExactly(new FileStatus("cd1/one.bin", 40_000, 0, 40_000),
                new FileStatus("empty", 0, 40_000, 0), new FileStatus("two.bin", 60_001, 40_000, 60_001));
        RecordingAdapterFactory.Session again = seeder.last();
        assertThat(again).isNotSameAs(session);
        assertThat(again.verifiedAtStart).isEqualTo(SIZE);
        assertThat(again.calls).containsExactly("completed");
        assertThat(readAll(again.request.store())).as("read across the finished files").isEqualTo(content);
        try (var listing = Files.walk(folder)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".crossnet-part"));
        }
    }

    @Test
    void aFileShortenedWhileTheEngineWasDownEndsSeedingAndIsNotServed() throws Exception {
        TransferId id = gateway.transferAddLink(SINGLE).id();
        fetchAll(id);
        run.close();
        try (FileChannel channel = FileChannel.open(run.downloads.resolve("song.bin"), StandardOpenOption.WRITE)) {
            channel.truncate(SIZE - 1);
        }
        int sessions = seeder.sessions.size();

        restart();

        TransferStatus after = gateway.transferGet(id);
        assertThat(after.state()).isEqualTo(TransferState.COMPLETED);
        assertThat(seeder.sessions).as("no network asked to serve it").hasSize(sessions);
    }

    @Test
    void aFileDeletedWhileTheEngineWasDownEndsSeedingToo() throws Exception {
        TransferId id = gateway.transferAddLink(SINGLE).id();
        fetchAll(id);
        run.close();
        Files.delete(run.downloads.resolve("song.bin"));

        restart();

        assertThat(gateway.transferGet(id).state()).isEqualTo(TransferState.COMPLETED);
        gateway.transferRemove(id, true);
        assertThat(gateway.transferList()).isEmpty();
    }

    @Test
    void aTransferThatCompletedWithoutASeederStaysCompletedAfterARestart() throws Exception {
        seeder.seeds = false;
        TransferId id = gateway.transferAddLink(SINGLE).id();
        StoredContent store = seeder.last().request.store();
        store.write(0, ByteBuffer.wrap(content));
        store.markVerified(new VerificationUnit(new NetworkId("leecher"), "sha1", 0, 0, SIZE));
        await("completed", () -> gateway.transferGet(id).state() == TransferState.COMPLETED);
        int sessions = seeder.sessions.size();

        restart();

        assertThat(gateway.transferGet(id).state()).isEqualTo(TransferState.COMPLETED);
        assertThat(gateway.transferGet(id).files()).containsExactly(new FileStatus("song.bin", SIZE, 0, SIZE));
        assertThat(seeder.sessions).hasSize(sessions);
    }
}
