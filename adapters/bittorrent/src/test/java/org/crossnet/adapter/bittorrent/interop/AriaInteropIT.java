package org.crossnet.adapter.bittorrent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.crossnet.testkit.peers.Aria2Process;
import org.crossnet.testkit.peers.OpenTrackerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Interop with aria2c (peers.md flags), announced through a real opentracker, all on 127.0.0.1. */
@Timeout(120)
class AriaInteropIT {
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

    private NetworkAdapter adapter(BitTorrentConfig config, TestAdapterContext context) {
        NetworkAdapter adapter = new BitTorrentAdapterFactory().create(config, context);
        cleanup.add(context);
        cleanup.add(adapter);
        adapter.start();
        return adapter;
    }

    @Test
    void adapterDownloadsFromAnAria2cSeederFoundThroughOpentracker() throws Exception {
        byte[] data = TestTorrents.data(5 * PIECE + 4321, 11);
        byte[] info = TestTorrents.info("payload.bin", data, PIECE);
        Metainfo meta = TestTorrents.meta(info);
        OpenTrackerProcess tracker = OpenTrackerProcess.start(dir, List.of(meta.infoHash()));
        cleanup.add(tracker);
        byte[] torrent = TestTorrents.torrent(info, List.of(tracker.announceUrl()));
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Files.write(seedDir.resolve("payload.bin"), data);
        Path torrentFile = dir.resolve("payload.torrent");
        Files.write(torrentFile, torrent);
        Aria2Process seeder = Aria2Process.seed(torrentFile, seedDir, 0, dir.resolve("aria-seed.log"));
        cleanup.add(seeder);

        TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent");
        NetworkAdapter adapter = adapter(BitTorrentConfig.defaults().withListen("127.0.0.1", 0), context);
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = context.store().addTransfer(transfer, data.length);
        RecordingDownloadSink sink = context.newDownloadSink();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of(), List.of(), Bytes.of(torrent)), sink);

        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(60)))
                .as("verified %d of %d; failure %s; aria2c log:%n%s", store.verifiedBytes(), data.length,
                        sink.failure(), seeder.log()).isTrue();
        assertThat(store.data()).isEqualTo(data);
        session.close();
    }

    @Test
    void aria2cDownloadsFromTheAdapterAsTheOnlySeeder() throws Exception {
        byte[] data = TestTorrents.data(32 << 20, 12);
        byte[] info = TestTorrents.info("served.bin", data, 1 << 20);
        Metainfo meta = TestTorrents.meta(info);
        OpenTrackerProcess tracker = OpenTrackerProcess.start(dir, List.of(meta.infoHash()));
        cleanup.add(tracker);
        Path shared = dir.resolve("served.bin");
        Files.write(shared, data);
        TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent");
        NetworkAdapter adapter = adapter(BitTorrentConfig.defaults().withListen("127.0.0.1", 0)
                .withPublishTrackers(List.of(tracker.announceUrl())), context);
        adapter.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), shared,
                List.of(), Bytes.of(info)));
        // Let our started announce land before aria2c asks for peers.
        Thread.sleep(1000);

        Path torrentFile = dir.resolve("served.torrent");
        Files.write(torrentFile, TestTorrents.torrent(info, List.of(tracker.announceUrl())));
        Path downloadDir = Files.createDirectories(dir.resolve("download"));
        long started = System.nanoTime();
        Aria2Process leecher = Aria2Process.download(torrentFile, downloadDir, List.of(), dir.resolve("aria-get.log"));
        cleanup.add(leecher);
        int exit = leecher.awaitExit(Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(exit).as("aria2c exit code; log:%n%s", leecher.log()).isZero();
        assertThat(Files.readAllBytes(downloadDir.resolve("served.bin"))).isEqualTo(data);
        System.out.printf("aria2c fetched %d MiB from the adapter in %.2f s (%.1f MB/s, including startup)%n",
                data.length >> 20, seconds, data.length / seconds / 1e6);
    }

    /** Keeps the adapter reachable in the log for debugging a failed run. */
    static int port(NetworkAdapter adapter) {
        return ((BitTorrentAdapter) adapter).listenPort();
    }
}
