package org.crossnet.adapter.bittorrent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.MagnetStore;
import org.crossnet.adapter.bittorrent.support.MultiFileTorrent;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.link.MagnetLink;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.crossnet.testkit.peers.Aria2Process;
import org.crossnet.testkit.peers.OpenTrackerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3 (a): a multi-file torrent (three files, one empty, one crossing piece boundaries) seeded by aria2c and
 * announced through a real opentracker, downloaded by the adapter into one flat store, as the engine lays the
 * torrent's byte space over its files. From the .torrent (the engine knows the file list already) and from a magnet
 * with only the tracker (the adapter learns the list through ut_metadata and reports it with {@code filesResolved}).
 */
@Timeout(120)
class AriaMultiFileIT {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private MultiFileTorrent bundle;
    private byte[] info;
    private Metainfo meta;
    private OpenTrackerProcess tracker;
    private Aria2Process seeder;

    @BeforeEach
    void seedWithAria2c() throws Exception {
        // 150001 bytes: starts in piece 0 and ends inside piece 2; then an empty file at offset 150001 (mid-piece);
        // then a file that starts mid-piece 2 and spans pieces 2..9, its last piece short.
        bundle = new MultiFileTorrent("bundle", List.of(
                new MultiFileTorrent.Entry(List.of("docs", "readme.txt"), TestTorrents.data(150_001, 51)),
                new MultiFileTorrent.Entry(List.of("empty.dat"), new byte[0]),
                new MultiFileTorrent.Entry(List.of("media", "clip.bin"), TestTorrents.data(500_000, 52))));
        info = bundle.info(PIECE);
        meta = TestTorrents.meta(info);
        assertThat(meta.singleFile()).isFalse();
        assertThat(meta.files()).as("our metainfo reads the layout we wrote").isEqualTo(bundle.layout());
        tracker = OpenTrackerProcess.start(dir, List.of(meta.infoHash()));
        cleanup.add(tracker);
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        bundle.writeTo(seedDir);
        Path torrentFile = dir.resolve("bundle.torrent");
        Files.write(torrentFile, TestTorrents.torrent(info, List.of(tracker.announceUrl())));
        seeder = Aria2Process.seed(torrentFile, seedDir, 0, dir.resolve("aria-seed.log"));
        cleanup.add(seeder);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void downloadsAMultiFileTorrentFromAria2cIntoAFlatStore() {
        byte[] expected = bundle.concatenation();
        TestAdapterContext context = context();
        NetworkAdapter adapter = adapter(context);
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = context.store().addTransfer(transfer, expected.length);
        RecordingDownloadSink sink = context.newDownloadSink();
        long started = System.nanoTime();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(transfer,
                meta.contentId(), store, List.of(), List.of(), Bytes.of(TestTorrents.torrent(info,
                        List.of(tracker.announceUrl())))), sink);
        cleanup.add(session::close);

        assertThat(Wait.until(() -> store.verifiedBytes() == expected.length, Duration.ofSeconds(60)))
                .as("verified %d of %d; failure %s; aria2c log:%n%s", store.verifiedBytes(), expected.length,
                        sink.failure(), seeder.log()).isTrue();
        System.out.printf("multi-file .torrent from aria2c via opentracker: %d bytes in %.2f s%n", expected.length,
                (System.nanoTime() - started) / 1e9);
        assertThat(store.data()).isEqualTo(expected);
        assertThat(bundle.readConcatenation(dir.resolve("seed").resolve("bundle"))).isEqualTo(expected);
        assertThat(store.verifiedUnits()).hasSize(meta.pieceCount());
        assertThat(sink.failure()).isEmpty();
    }

    @Test
    void magnetWithOnlyTheTrackerReportsTheFileLayoutThenDownloads() {
        byte[] expected = bundle.concatenation();
        MagnetLink magnet = MagnetLink.parse("magnet:?xt=urn:btih:" + meta.infoHash().bytes().hex() + "&tr="
                + tracker.announceUrl());
        assertThat(magnet.peers()).isEmpty();
        TestAdapterContext context = context();
        NetworkAdapter adapter = adapter(context);
        MagnetStore store = new MagnetStore();
        RecordingDownloadSink sink = context.newDownloadSink();
        long started = System.nanoTime();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(),
                magnet.toContentId(), store, List.of(), magnet.trackers(), null), store.sink(sink));
        cleanup.add(session::close);

        assertThat(Wait.until(() -> store.size() == expected.length && store.verifiedBytes() == expected.length,
                Duration.ofSeconds(60))).as("verified %d of %d; failure %s; aria2c log:%n%s", store.verifiedBytes(),
                store.size(), sink.failure(), seeder.log()).isTrue();
        System.out.printf("multi-file magnet from aria2c via opentracker: %d bytes in %.2f s%n", expected.length,
                (System.nanoTime() - started) / 1e9);
        assertThat(sink.layouts()).as("filesResolved, once").containsExactly(List.of(
                new ContentFile(List.of("docs", "readme.txt"), 150_001, 0),
                new ContentFile(List.of("empty.dat"), 0, 150_001),
                new ContentFile(List.of("media", "clip.bin"), 500_000, 150_001)));
        ContentId resolved = sink.resolved().get(sink.resolved().size() - 1);
        assertThat(resolved.size()).isEqualTo(expected.length);
        assertThat(resolved.name()).isEqualTo("bundle");
        assertThat(resolved.btih()).isEqualTo(meta.infoHash());
        List<String> order = sink.log().calls("download-sink").stream().map(c -> c.method())
                .filter(m -> m.endsWith("Resolved")).toList();
        assertThat(order).as("the layout is reported before the size").startsWith("filesResolved",
                "contentResolved");
        assertThat(store.data()).isEqualTo(expected);
        assertThat(sink.failure()).isEmpty();
    }

    private TestAdapterContext context() {
        TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent");
        cleanup.add(context);
        return context;
    }

    private NetworkAdapter adapter(TestAdapterContext context) {
        NetworkAdapter adapter = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                .withListen("127.0.0.1", 0), context);
        cleanup.add(adapter);
        adapter.start();
        return adapter;
    }
}
