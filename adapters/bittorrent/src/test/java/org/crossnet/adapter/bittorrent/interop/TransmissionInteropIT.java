package org.crossnet.adapter.bittorrent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.MultiFileTorrent;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3 (b, second half): transmission-daemon 3.00 downloads from the adapter when the adapter dials it.
 * Transmission never dials loopback peers, so the adapter holds the content as a download whose store is complete
 * and verified (as after a finished transfer it keeps seeding) and whose request lists transmission's peer port.
 */
@Timeout(150)
class TransmissionInteropIT {
    private static final int PIECE = 256 * 1024;

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void transmissionDownloadsASingleFileFromTheAdapterThatDialsIt() throws Exception {
        byte[] data = TestTorrents.data((16 << 20) + 5555, 41);
        byte[] info = TestTorrents.info("dialled.bin", data, PIECE);
        TransmissionDaemon transmission = transmission(info);

        double seconds = seedTo(transmission, info, data);

        assertThat(Files.readAllBytes(transmission.downloadDir().resolve("dialled.bin"))).isEqualTo(data);
        System.out.printf("transmission fetched %d bytes from the adapter in %.2f s (%.1f MB/s)%n", data.length,
                seconds, data.length / seconds / 1e6);
    }

    @Test
    void transmissionDownloadsAMultiFileTorrentFromTheAdaptersFlatStore() throws Exception {
        // pieces that span file boundaries, an empty file in the middle, a file smaller than a piece
        MultiFileTorrent bundle = new MultiFileTorrent("bundle", List.of(
                new MultiFileTorrent.Entry(List.of("a.bin"), TestTorrents.data(PIECE + 1000, 42)),
                new MultiFileTorrent.Entry(List.of("empty.txt"), new byte[0]),
                new MultiFileTorrent.Entry(List.of("sub", "b.bin"), TestTorrents.data(3 * PIECE - 7, 43)),
                new MultiFileTorrent.Entry(List.of("sub", "c.txt"), TestTorrents.data(100, 44))));
        byte[] info = bundle.info(PIECE);
        TransmissionDaemon transmission = transmission(info);

        seedTo(transmission, info, bundle.concatenation());

        Path root = transmission.downloadDir().resolve("bundle");
        for (MultiFileTorrent.Entry e : bundle.files()) {
            Path file = root.resolve(String.join("/", e.path()));
            if (e.data().length == 0 && !Files.exists(file)) {
                continue; // transmission 3.00 creates no zero-length files: nothing to transfer, nothing written
            }
            assertThat(Files.readAllBytes(file)).as("%s", e.path()).isEqualTo(e.data());
        }
    }

    private TransmissionDaemon transmission(byte[] info) throws Exception {
        TransmissionDaemon transmission = TransmissionDaemon.start(dir);
        cleanup.add(transmission);
        Path torrentFile = dir.resolve("for-transmission.torrent");
        Files.write(torrentFile, TestTorrents.torrent(info, List.of()));
        transmission.add(torrentFile);
        return transmission;
    }

    /** Fills a store with {@code data}, marks every piece verified, dials transmission and waits for it to finish. */
    private double seedTo(TransmissionDaemon transmission, byte[] info, byte[] data) {
        Metainfo meta = TestTorrents.meta(info);
        TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent");
        cleanup.add(context);
        NetworkAdapter adapter = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                .withListen("127.0.0.1", 0), context);
        cleanup.add(adapter);
        adapter.start();
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = context.store().addTransfer(transfer, data.length);
        store.write(0, ByteBuffer.wrap(data));
        for (int i = 0; i < meta.pieceCount(); i++) {
            store.markVerified(new VerificationUnit(context.network(), "bt-piece", i, (long) i * PIECE,
                    meta.pieceSize(i)));
        }
        assertThat(store.verifiedBytes()).isEqualTo(data.length);
        RecordingDownloadSink sink = context.newDownloadSink();
        long started = System.nanoTime();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of("127.0.0.1:" + transmission.peerPort()), List.of(),
                Bytes.of(TestTorrents.torrent(info, List.of()))), sink);
        cleanup.add(session::close);

        boolean done = transmission.awaitComplete(Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(done).as("transmission info:%n%s%npeers:%n%s%nfailure %s; daemon log:%n%s", transmission.info(),
                transmission.peers(), sink.failure(), transmission.log()).isTrue();
        assertThat(Wait.until(() -> sink.bytesUp() >= data.length, Duration.ofSeconds(5)))
                .as("upload reported to the sink: %d of %d", sink.bytesUp(), data.length).isTrue();
        return seconds;
    }
}
