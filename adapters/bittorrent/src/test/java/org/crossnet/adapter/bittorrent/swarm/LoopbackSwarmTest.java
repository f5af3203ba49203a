package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.MagnetStore;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two of our own adapters on 127.0.0.1: one seeds a published file, the other downloads it. */
@Timeout(60)
class LoopbackSwarmTest {
    private static final BitTorrentConfig LOOPBACK = BitTorrentConfig.defaults().withListen("127.0.0.1", 0);

    @TempDir
    Path dir;
    private TestAdapterContext seederContext;
    private TestAdapterContext leecherContext;
    private NetworkAdapter seeder;
    private NetworkAdapter leecher;

    @BeforeEach
    void start() {
        seederContext = TestAdapterContext.forNetwork("bittorrent");
        leecherContext = TestAdapterContext.forNetwork("bittorrent");
        seeder = new BitTorrentAdapterFactory().create(LOOPBACK, seederContext);
        leecher = new BitTorrentAdapterFactory().create(LOOPBACK, leecherContext);
        seeder.start();
        leecher.start();
    }

    @AfterEach
    void stop() {
        leecher.close();
        seeder.close();
        leecherContext.close();
        seederContext.close();
    }

    private Metainfo publish(byte[] data, int pieceLength) throws Exception {
        Path file = dir.resolve("shared.bin");
        Files.write(file, data);
        byte[] info = TestTorrents.info("shared.bin", data, pieceLength);
        Metainfo meta = TestTorrents.meta(info);
        seeder.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file, List.of(),
                Bytes.of(info)));
        return meta;
    }

    private String seederAddress() {
        return "127.0.0.1:" + ((org.crossnet.adapter.bittorrent.BitTorrentAdapter) seeder).listenPort();
    }

    @Test
    void downloadsATorrentFromASeedingAdapter() throws Exception {
        byte[] data = TestTorrents.data(3 * 262_144 + 1234, 1);
        Metainfo meta = publish(data, 262_144);
        byte[] torrent = TestTorrents.torrent(meta.infoBytes().toArray(), List.of());
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = leecherContext.store().addTransfer(transfer, data.length);
        RecordingDownloadSink sink = leecherContext.newDownloadSink();

        DownloadSession session = leecher.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of(seederAddress()), List.of(), Bytes.of(torrent)), sink);

        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(20)))
                .as("all bytes verified (verified: %d, failure: %s)", store.verifiedBytes(), sink.failure()).isTrue();
        assertThat(store.data()).isEqualTo(data);
        assertThat(store.verifiedUnits()).hasSize(meta.pieceCount())
                .allSatisfy(u -> assertThat(u.kind()).isEqualTo("bt-piece"));
        assertThat(store.corruptUnits()).isEmpty();
        assertThat(Wait.until(() -> sink.bytesDown() >= data.length, Duration.ofSeconds(5))).isTrue();
        assertThat(sink.latestSources()).hasValueSatisfying(s -> assertThat(s.known()).isGreaterThanOrEqualTo(0));
        assertThat(session.completed()).as("completed() keeps seeding").isTrue();
        session.close();
        assertThat(sink.failure()).isEmpty();
    }

    @Test
    void fetchesAMagnetsMetadataWithUtMetadataThenTheData() throws Exception {
        // 40 KiB of info: three metadata pieces, the last one short.
        byte[] data = TestTorrents.data(2100 * 16_384 + 77, 2);
        Metainfo meta = publish(data, 16_384);
        assertThat(meta.infoBytes().length()).isGreaterThan(2 * 16_384);
        MagnetStore store = new MagnetStore();
        RecordingDownloadSink recorder = new RecordingDownloadSink();
        ContentId magnet = new ContentId(ContentId.UNKNOWN_SIZE, null, null, null, null, null, meta.infoHash());

        DownloadSession session = leecher.downloader().orElseThrow().download(new DownloadRequest(store.transfer(),
                magnet, store, List.of(seederAddress()), List.of(), null), store.sink(recorder));

        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(30)))
                .as("all bytes verified (verified: %d, failure: %s)", store.verifiedBytes(), recorder.failure())
                .isTrue();
        assertThat(recorder.resolved()).containsExactly(meta.contentId());
        assertThat(recorder.layouts()).as("single-file: no layout report").isEmpty();
        assertThat(store.data()).isEqualTo(data);
        session.close();
    }

    @Test
    void pauseStopsRequestingAndResumeFinishes() throws Exception {
        byte[] data = TestTorrents.data(64 * 16_384, 3);
        Metainfo meta = publish(data, 16_384);
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = leecherContext.store().addTransfer(transfer, data.length);
        RecordingDownloadSink sink = leecherContext.newDownloadSink();
        DownloadSession session = leecher.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of(seederAddress()), List.of(),
                Bytes.of(TestTorrents.torrent(meta.infoBytes().toArray(), List.of()))), sink);
        session.pause();
        Thread.sleep(1500);
        long whilePaused = store.verifiedBytes();
        Thread.sleep(1000);
        assertThat(store.verifiedBytes()).as("no progress while paused").isEqualTo(whilePaused);
        assertThat(whilePaused).isLessThan(data.length);

        session.resume();

        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(20))).isTrue();
        assertThat(store.data()).isEqualTo(data);
        session.close();
    }

    /**
     * The engine shares a finished download while its transfer still seeds: the share must not take over the
     * infohash then, a withdrawal of it must not close the transfer's torrent, and once the transfer is removed the
     * share seeds on its own (a third adapter downloads from it alone).
     */
    @Test
    void aShareOfAFinishedDownloadSeedsOnceTheDownloadIsClosed() throws Exception {
        byte[] data = TestTorrents.data(5 * 65_536 + 99, 4);
        Metainfo meta = publish(data, 65_536);
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = leecherContext.store().addTransfer(transfer, data.length);
        DownloadSession session = leecher.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of(seederAddress()), List.of(),
                Bytes.of(TestTorrents.torrent(meta.infoBytes().toArray(), List.of()))),
                leecherContext.newDownloadSink());
        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(20))).isTrue();
        BitTorrentAdapter leecherAdapter = (BitTorrentAdapter) leecher;
        Torrent download = leecherAdapter.find(meta.infoHash());

        Path finished = Files.write(dir.resolve("finished.bin"), store.data());
        SharedFile share = new SharedFile(ShareId.random(), meta.contentId(), finished, List.of(),
                meta.infoBytes());
        leecher.publisher().orElseThrow().publish(share);
        assertThat(leecherAdapter.find(meta.infoHash())).as("the transfer keeps the infohash").isSameAs(download);
        leecher.publisher().orElseThrow().withdraw(meta.contentId());
        assertThat(download.isClosed()).as("withdrawing the share leaves the transfer's torrent").isFalse();
        leecher.publisher().orElseThrow().publish(share);

        session.close();
        assertThat(download.isClosed()).isTrue();
        Torrent shareSeed = leecherAdapter.find(meta.infoHash());
        assertThat(shareSeed).as("the share seeds once the transfer is gone").isNotNull().isNotSameAs(download);

        seeder.close(); // the share is the only source left
        TestAdapterContext thirdContext = TestAdapterContext.forNetwork("bittorrent");
        NetworkAdapter third = new BitTorrentAdapterFactory().create(LOOPBACK, thirdContext);
        try {
            third.start();
            TransferId t3 = TransferId.random();
            InMemoryStoredContent store3 = thirdContext.store().addTransfer(t3, data.length);
            DownloadSession s3 = third.downloader().orElseThrow().download(new DownloadRequest(t3, meta.contentId(),
                    store3, List.of("127.0.0.1:" + leecherAdapter.listenPort()), List.of(),
                    Bytes.of(TestTorrents.torrent(meta.infoBytes().toArray(), List.of()))),
                    thirdContext.newDownloadSink());
            assertThat(Wait.until(() -> store3.verifiedBytes() == data.length, Duration.ofSeconds(20))).isTrue();
            assertThat(store3.data()).isEqualTo(data);
            s3.close();
        } finally {
            third.close();
            thirdContext.close();
        }
        leecher.publisher().orElseThrow().withdraw(meta.contentId());
        assertThat(shareSeed.isClosed()).as("a withdrawal closes the share's own torrent").isTrue();
        assertThat(leecherAdapter.find(meta.infoHash())).isNull();
    }
}
