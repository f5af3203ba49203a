package org.crossnet.testkit.scripted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.AdapterContractTest;
import org.crossnet.testkit.DownloadFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The scripted adapter meets the adapter contract, with search and download exercised. */
class ScriptedAdapterContractTest extends AdapterContractTest<ScriptedConfig> {
    private static final String NAME = "contract sample.bin";

    @TempDir
    Path served;

    private byte[] data;

    @BeforeEach
    void serveAFile() throws IOException {
        // Not a multiple of the block size, so the short last block is exercised too.
        data = new byte[3 * 16 * 1024 + 123];
        new Random(7).nextBytes(data);
        Files.write(served.resolve(NAME), data);
    }

    @Override
    protected NetworkAdapterFactory<ScriptedConfig> factory() {
        return new ScriptedAdapterFactory();
    }

    @Override
    protected Optional<ScriptedConfig> config() {
        List<ScriptedHit> hits = List.of(new ScriptedHit("contract sample scripted.iso", 1000,
                "0123456789abcdef0123456789abcdef01234567", 3));
        return Optional.of(new ScriptedConfig(hits, served, Duration.ZERO, Duration.ZERO, null));
    }

    @Override
    protected Optional<SearchQuery> searchQuery() {
        return Optional.of(SearchQuery.ofKeywords("contract", "sample"));
    }

    @Override
    protected Optional<DownloadFixture> downloadableContent() {
        ContentId content = new ContentId(data.length, NAME, ScriptedTesting.sha1(data), null, null, null, null);
        return Optional.of(DownloadFixture.of(content, data));
    }
}
