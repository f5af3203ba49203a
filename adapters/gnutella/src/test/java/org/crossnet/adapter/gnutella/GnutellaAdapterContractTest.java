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
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.AdapterContractTest;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;

/**
 * The testkit contract. The adapter under test is a leaf whose bootstrap host is a second adapter, an ultrapeer on
 * 127.0.0.1 sharing a file, so searches find it over the real protocol.
 */
class GnutellaAdapterContractTest extends AdapterContractTest<GnutellaConfig> {
    private static TestAdapterContext seedContext;
    private static NetworkAdapter seed;
    private static int seedPort;
    private static Path shareDir;

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
            seed.publisher().orElseThrow().publish(TestShares.file(shareDir, "crossnet contract seeded.bin", 4096, 7));
            seedPort = ((GnutellaAdapter) seed).listenPort();
        }
        return Optional.of(GnutellaConfig.defaults().withListen("127.0.0.1", 0).withRole(GnutellaConfig.Role.LEAF)
                .withBootstrapHosts(List.of("127.0.0.1:" + seedPort)));
    }

    @Override
    protected Optional<SearchQuery> searchQuery() {
        return Optional.of(SearchQuery.ofKeywords("seeded"));
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
