package org.crossnet.adapter.bittorrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.AdapterContractTest;
import org.crossnet.testkit.DownloadFixture;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;

/** The testkit contract; downloads come from a second adapter seeding on 127.0.0.1. */
class BitTorrentAdapterContractTest extends AdapterContractTest<BitTorrentConfig> {
    private static TestAdapterContext seedContext;
    private static NetworkAdapter seeder;
    private static DownloadFixture fixture;

    @Override
    protected NetworkAdapterFactory<BitTorrentConfig> factory() {
        return new BitTorrentAdapterFactory();
    }

    @Override
    protected Optional<BitTorrentConfig> config() {
        return Optional.of(BitTorrentConfig.defaults().withListen("127.0.0.1", 0));
    }

    @Override
    protected Duration timeout() {
        return Duration.ofSeconds(20);
    }

    @Override
    protected synchronized Optional<DownloadFixture> downloadableContent() {
        if (fixture == null) {
            try {
                byte[] data = TestTorrents.data(700_000, 21);
                byte[] info = TestTorrents.info("contract.bin", data, 65_536);
                Metainfo meta = TestTorrents.meta(info);
                Path file = Files.createTempFile("crossnet-bt-contract", ".bin");
                file.toFile().deleteOnExit();
                Files.write(file, data);
                seedContext = TestAdapterContext.forNetwork("bittorrent");
                seeder = new BitTorrentAdapterFactory().create(config().orElseThrow(), seedContext);
                seeder.start();
                seeder.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file,
                        List.of(), Bytes.of(info)));
                fixture = new DownloadFixture(meta.contentId(), Bytes.of(data),
                        List.of("127.0.0.1:" + ((BitTorrentAdapter) seeder).listenPort()), List.of(),
                        Bytes.of(TestTorrents.torrent(info, List.of())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(fixture);
    }

    @AfterAll
    static void stopSeeder() {
        if (seeder != null) {
            seeder.close();
            seedContext.close();
        }
    }
}
