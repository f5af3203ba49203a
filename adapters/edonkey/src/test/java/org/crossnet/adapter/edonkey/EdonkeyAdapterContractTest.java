package org.crossnet.adapter.edonkey;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.AdapterContractTest;
import org.crossnet.testkit.DownloadFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SPI contract, against a second adapter on 127.0.0.1 that shares a file and runs the index-server role: the
 * adapter under test logs into it, finds the file by keyword and downloads it from the sharer.
 */
class EdonkeyAdapterContractTest extends AdapterContractTest<EdonkeyConfig> {
    private static Path dir;
    private static Nodes.Running seeder;
    private static SharedFile shared;
    private static int serverPort;

    @BeforeAll
    static void startSeeder() throws IOException {
        dir = Files.createTempDirectory("edonkey-contract");
        Path file = Nodes.randomFile(dir, "contract sample file.bin", 1_500_000, 3);
        shared = Nodes.shared(file);
        try (ServerSocket probe = new ServerSocket(0)) {
            serverPort = probe.getLocalPort();
        }
        seeder = Nodes.start(Nodes.config("127.0.0.1").withServerRole(true, serverPort)
                .withServers(List.of("127.0.0.1:" + serverPort)));
        seeder.adapter().publisher().orElseThrow().publish(shared);
    }

    @AfterAll
    static void stopSeeder() throws IOException {
        seeder.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    protected NetworkAdapterFactory<EdonkeyConfig> factory() {
        return new EdonkeyAdapterFactory();
    }

    @Override
    protected Optional<EdonkeyConfig> config() {
        return Optional.of(Nodes.config("127.0.0.1").withServers(List.of("127.0.0.1:" + serverPort)));
    }

    @Override
    protected Optional<SearchQuery> searchQuery() {
        return Optional.of(SearchQuery.ofKeywords("contract", "sample"));
    }

    @Override
    protected Optional<DownloadFixture> downloadableContent() {
        try {
            return Optional.of(new DownloadFixture(shared.content(), Bytes.of(Files.readAllBytes(shared.path())),
                    List.of("127.0.0.1:" + seeder.tcpPort()), List.of(), null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected Duration timeout() {
        return Duration.ofSeconds(20);
    }
}
