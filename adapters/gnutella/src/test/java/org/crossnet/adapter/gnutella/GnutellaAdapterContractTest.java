package org.crossnet.adapter.gnutella;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.AdapterContractTest;
import org.crossnet.testkit.DownloadFixture;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;

/**
 * The testkit contract. The adapter under test is a leaf whose bootstrap host is a second adapter, an ultrapeer on
 * 127.0.0.1 sharing a file, so searches find it over the real protocol and downloads fetch it over HTTP.
 */
class GnutellaAdapterContractTest extends AdapterContractTest<GnutellaConfig> {
    private static TestAdapterContext seedContext;
    private static NetworkAdapter seed;
    private static int seedPort;
    private static Path shareDir;
    private static SharedFile seeded;

    @Override
    protected NetworkAdapterFactory<GnutellaConfig> factory() {
        return new GnutellaAdapterFactory();
    }

    @Override
    protected synchronized Optional<GnutellaConfig> config() {
        if (seed == null) {
            try {
                shareDir = Files.createTempDirectory("crossnet-gnutella-contract");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            seedContext = TestAdapterContext.forNetwork("gnutella");
            seed = new GnutellaAdapterFactory().create(GnutellaConfig.defaults().withListen("127.0.0.1", 0)
                    .withRole(GnutellaConfig.Role.ULTRAPEER), seedContext);
            seed.start();
            // Larger than one 64 KiB piece, so that the download runs several requests.
            seeded = TestShares.file(shareDir, "crossnet contract seeded.bin", 300 * 1024 + 17, 7);
            seed.publisher().orElseThrow().publish(seeded);
            seedPort = ((GnutellaAdapter) seed).listenPort();
        }
        return Optional.of(GnutellaConfig.defaults().withListen("127.0.0.1", 0).withRole(GnutellaConfig.Role.LEAF)
                .withBootstrapHosts(List.of("127.0.0.1:" + seedPort)));
    }

    @Override
    protected Optional<SearchQuery> searchQuery() {
        return Optional.of(SearchQuery.ofKeywords("seeded"));
    }

    /** The seed's shared file, fetched over HTTP from the seed's port (a plain {@code host:port} peer). */
    @Override
    protected Optional<DownloadFixture> downloadableContent() {
        config();
        try {
            return Optional.of(new DownloadFixture(seeded.content(), Bytes.of(Files.readAllBytes(seeded.path())),
                    List.of("127.0.0.1:" + seedPort), List.of(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @AfterAll
    static void stopSeed() throws IOException {
        if (seed != null) {
            seed.close();
            seedContext.close();
            seed = null;
        }
        if (shareDir != null) {
            try (var files = Files.list(shareDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(shareDir);
        }
    }
}
