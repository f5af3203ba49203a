package org.crossnet.testkit;

import java.time.Duration;
import java.util.Optional;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;

/**
 * The contract test applied to {@link BrokenAdapterFactory}. Named *Case, not *Test, so surefire does not run it on
 * its own: {@link AdapterContractTestFailureTest} runs it through the JUnit platform and expects failures.
 */
class BrokenAdapterContractCase extends AdapterContractTest<BrokenAdapterFactory.Config> {
    @Override
    protected NetworkAdapterFactory<BrokenAdapterFactory.Config> factory() {
        return new BrokenAdapterFactory();
    }

    @Override
    protected Optional<SearchQuery> searchQuery() {
        return Optional.of(SearchQuery.ofKeywords("anything"));
    }

    @Override
    protected Optional<DownloadFixture> downloadableContent() {
        byte[] data = {1, 2, 3};
        return Optional.of(DownloadFixture.of(new ContentId(3, "three.bin",
                Sha1.parse("7037807198c22a7d2b0807371d763779a84fdfcf"), null, null, null, null), data));
    }

    @Override
    protected Duration timeout() {
        return Duration.ofMillis(500);
    }
}
