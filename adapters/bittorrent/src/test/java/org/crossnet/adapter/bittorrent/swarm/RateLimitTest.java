package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-transfer caps ({@code DownloadSession.rateLimits}) between two of our adapters on 127.0.0.1, which without a
 * cap move these 4 MiB in well under a second. Measured by payload byte counts over 3 s after a warm-up, with a
 * ±25 % tolerance: the cap's burst is a tenth of a second's worth, the rest is timer slack.
 */
@Timeout(60)
class RateLimitTest {
    private static final long CAP = 256 * 1024;
    private static final BitTorrentConfig LOOPBACK = BitTorrentConfig.defaults().withListen("127.0.0.1", 0);

    @TempDir
    Path dir;
    private TestAdapterContext aContext;
    private TestAdapterContext bContext;
    private BitTorrentAdapter a;
    private BitTorrentAdapter b;
    private final byte[] data = TestTorrents.data(4 << 20, 17);
    private final byte[] info = TestTorrents.info("r.bin", data, 65_536);
    private final Metainfo meta = TestTorrents.meta(info);

    @BeforeEach
    void start() {
        aContext = TestAdapterContext.forNetwork("bittorrent");
        bContext = TestAdapterContext.forNetwork("bittorrent");
        a = (BitTorrentAdapter) new BitTorrentAdapterFactory().create(LOOPBACK, aContext);
        b = (BitTorrentAdapter) new BitTorrentAdapterFactory().create(LOOPBACK, bContext);
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        aContext.close();
        bContext.close();
    }

    private DownloadSession download(BitTorrentAdapter adapter, TestAdapterContext context,
                                     InMemoryStoredContent store, List<String> peers) {
        return adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(), meta.contentId(),
                store, peers, List.of(), Bytes.of(TestTorrents.torrent(info, List.of()))),
                context.newDownloadSink());
    }

    /** Payload bytes per second {@code torrent} received over 3 s, after half a second of warm-up. */
    private static double measureDownRate(Torrent torrent) throws InterruptedException {
        assertThat(Wait.until(() -> torrent.status().downloaded() > 0, Duration.ofSeconds(10)))
                .as("data flows").isTrue();
        Thread.sleep(500);
        long d0 = torrent.status().downloaded();
        long t0 = System.nanoTime();
        Thread.sleep(3000);
        long d1 = torrent.status().downloaded();
        long t1 = System.nanoTime();
        return (d1 - d0) / ((t1 - t0) / 1e9);
    }

    @Test
    void downloadCapHoldsThenLiftingItFinishesTheTransfer() throws Exception {
        Path file = dir.resolve("r.bin");
        Files.write(file, data);
        b.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file, List.of(),
                Bytes.of(info)));
        InMemoryStoredContent store = aContext.store().addTransfer(TransferId.random(), data.length);
        DownloadSession session = download(a, aContext, store, List.of("127.0.0.1:" + b.listenPort()));
        session.rateLimits(CAP, 0);

        double rate = measureDownRate(a.find(meta.infoHash()));

        assertThat(rate).as("download rate under a %d B/s cap", CAP).isBetween(CAP * 0.75, CAP * 1.25);
        assertThat(store.verifiedBytes()).isLessThan(data.length);
        session.rateLimits(0, 0);
        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(20)))
                .as("finishes once the cap is lifted (verified %d)", store.verifiedBytes()).isTrue();
        assertThat(store.data()).isEqualTo(data);
        session.close();
    }

    @Test
    void uploadCapOfASeedingDownloadHoldsThenLiftingItFinishesThePeersTransfer() throws Exception {
        // b holds the whole content as a finished download: its session seeds, under b's per-transfer upload cap
        InMemoryStoredContent full = bContext.store().addTransfer(TransferId.random(), data.length);
        full.write(0, ByteBuffer.wrap(data));
        full.markVerified(new VerificationUnit(bContext.network(), "test", 0, 0, data.length));
        DownloadSession seeding = download(b, bContext, full, List.of());
        seeding.rateLimits(0, CAP);
        assertThat(Wait.until(() -> b.find(meta.infoHash()).status().complete(), Duration.ofSeconds(5))).isTrue();
        InMemoryStoredContent store = aContext.store().addTransfer(TransferId.random(), data.length);
        DownloadSession session = download(a, aContext, store, List.of("127.0.0.1:" + b.listenPort()));

        double rate = measureDownRate(a.find(meta.infoHash()));

        assertThat(rate).as("rate from a seeder capped at %d B/s", CAP).isBetween(CAP * 0.75, CAP * 1.25);
        assertThat(b.find(meta.infoHash()).status().uploaded()).isLessThan(data.length);
        seeding.rateLimits(0, 0);
        assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(20)))
                .as("finishes once the cap is lifted (verified %d)", store.verifiedBytes()).isTrue();
        assertThat(store.data()).isEqualTo(data);
        session.close();
        seeding.close();
    }
}
