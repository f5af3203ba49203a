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
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3 (c): a magnet carrying only the btih and the seeder's address (x.pe), no tracker, resolved through
 * ut_metadata from a real libtorrent 2.0 seeder whose torrent libtorrent created itself, then downloaded.
 */
@Timeout(120)
class LibtorrentMagnetIT {
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
    void magnetWithOnlyAPeerAddressResolvesFromLibtorrentAndDownloads() throws Exception {
        // 16 KiB pieces over 20 MiB: 1281 piece hashes, so the info dictionary spans two ut_metadata pieces.
        byte[] data = TestTorrents.data((20 << 20) + 777, 31);
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Files.write(seedDir.resolve("movie.bin"), data);
        LibtorrentSeeder seeder = seeder(seedDir, "movie.bin", 16 * 1024, false);
        Metainfo theirs = Metainfo.parseTorrent(Files.readAllBytes(seeder.torrentFile()));
        assertThat(theirs.infoBytes().length()).as("info spans two metadata pieces").isGreaterThan(16 * 1024);

        Fetched fetched = fetchMagnet(seeder);

        assertThat(fetched.sink.resolved()).as("contentResolved").isNotEmpty();
        ContentId resolved = fetched.sink.resolved().get(fetched.sink.resolved().size() - 1);
        assertThat(resolved.size()).isEqualTo(data.length);
        assertThat(resolved.name()).isEqualTo("movie.bin");
        assertThat(resolved.btih()).isEqualTo(seeder.infoHash());
        assertThat(fetched.sink.layouts()).as("single file: no layout report").isEmpty();
        assertThat(fetched.store.data()).isEqualTo(data);
    }

    @Test
    void magnetOfALibtorrentHybridTorrentResolvesByItsV1InfohashAndDownloads() throws Exception {
        // libtorrent 2.0 creates v1+v2 hybrid torrents by default; we speak v1 and must still read their info dict.
        byte[] data = TestTorrents.data(3 * (1 << 20) + 12345, 32);
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Files.write(seedDir.resolve("hybrid.bin"), data);
        LibtorrentSeeder seeder = seeder(seedDir, "hybrid.bin", 256 * 1024, true);
        assertThat(new String(Files.readAllBytes(seeder.torrentFile()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("libtorrent wrote a hybrid torrent").contains("12:meta versioni2e");

        Fetched fetched = fetchMagnet(seeder);

        ContentId resolved = fetched.sink.resolved().get(fetched.sink.resolved().size() - 1);
        assertThat(resolved.size()).isEqualTo(data.length);
        assertThat(resolved.name()).isEqualTo("hybrid.bin");
        assertThat(fetched.store.data()).isEqualTo(data);
    }

    @Test
    void magnetOfALibtorrentMultiFileTorrentReportsItsLayoutThenDownloads() throws Exception {
        MultiFileTorrent bundle = new MultiFileTorrent("album", List.of(
                new MultiFileTorrent.Entry(List.of("cover.jpg"), TestTorrents.data(70_001, 33)),
                new MultiFileTorrent.Entry(List.of("notes", "empty.txt"), new byte[0]),
                new MultiFileTorrent.Entry(List.of("tracks", "01.flac"), TestTorrents.data(600_000, 34))));
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        bundle.writeTo(seedDir);
        LibtorrentSeeder seeder = seeder(seedDir, "album", 64 * 1024, false);
        Metainfo theirs = Metainfo.parseTorrent(Files.readAllBytes(seeder.torrentFile()));

        Fetched fetched = fetchMagnet(seeder);

        // libtorrent orders the files itself (and may add pad files): the layout must be exactly its file list.
        assertThat(fetched.sink.layouts()).as("filesResolved").containsExactly(theirs.files());
        assertThat(theirs.files()).extracting(ContentFile::path).contains(List.of("cover.jpg"),
                List.of("notes", "empty.txt"), List.of("tracks", "01.flac"));
        ContentId resolved = fetched.sink.resolved().get(fetched.sink.resolved().size() - 1);
        assertThat(resolved.size()).isEqualTo(theirs.totalLength());
        assertThat(resolved.name()).isEqualTo("album");
        byte[] expected = new byte[(int) theirs.totalLength()];
        for (ContentFile f : theirs.files()) {
            Path file = seedDir.resolve("album").resolve(String.join("/", f.path()));
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                System.arraycopy(bytes, 0, expected, (int) f.offset(), bytes.length);
            }
        }
        assertThat(fetched.store.data()).isEqualTo(expected);
    }

    private LibtorrentSeeder seeder(Path seedDir, String name, int pieceLength, boolean hybrid) {
        LibtorrentSeeder seeder = LibtorrentSeeder.start(dir, seedDir, name, pieceLength, hybrid);
        cleanup.add(seeder);
        return seeder;
    }

    private record Fetched(MagnetStore store, RecordingDownloadSink sink) {
    }

    /** Parses {@code magnet:?xt=urn:btih:<hex>&x.pe=127.0.0.1:<port>}, downloads it and waits for every byte. */
    private Fetched fetchMagnet(LibtorrentSeeder seeder) {
        MagnetLink magnet = MagnetLink.parse("magnet:?xt=urn:btih:" + seeder.infoHash().bytes().hex()
                + "&x.pe=127.0.0.1:" + seeder.port());
        assertThat(magnet.trackers()).isEmpty();
        TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent");
        cleanup.add(context);
        NetworkAdapter adapter = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                .withListen("127.0.0.1", 0), context);
        cleanup.add(adapter);
        adapter.start();
        MagnetStore store = new MagnetStore();
        RecordingDownloadSink sink = context.newDownloadSink();
        long started = System.nanoTime();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(),
                magnet.toContentId(), store, magnet.peers().stream().map(PeerAddress::toString).toList(),
                magnet.trackers(), null), store.sink(sink));
        cleanup.add(session::close);
        boolean done = Wait.until(() -> store.size() >= 0 && store.verifiedBytes() == store.size(),
                Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(done).as("verified %d of %d; failure %s; libtorrent log:%n%s", store.verifiedBytes(),
                store.size(), sink.failure(), seeder.log()).isTrue();
        assertThat(sink.failure()).isEmpty();
        System.out.printf("magnet from libtorrent: %d bytes (metadata + data) in %.2f s%n", store.size(), seconds);
        return new Fetched(store, sink);
    }
}
