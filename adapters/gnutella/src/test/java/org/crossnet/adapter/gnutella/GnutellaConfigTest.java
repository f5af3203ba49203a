package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults and the validation messages of the config record. */
class GnutellaConfigTest {
    @Test
    void defaults() {
        GnutellaConfig d = GnutellaConfig.defaults();
        assertThat(d.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(d.listenPort()).isEqualTo(6346);
        assertThat(d.role()).isEqualTo(GnutellaConfig.Role.AUTO);
        assertThat(d.bootstrapHosts()).isEmpty();
        assertThat(d.gwebcacheUrls()).as("GWebCaches off by default").isEmpty();
        assertThat(d.compression()).isTrue();
        assertThat(d.uploadSlots()).isEqualTo(4);
        assertThat(d.uploadQueue()).isEqualTo(32);
    }

    @Test
    void refusesBadValuesWithPreciseMessages() {
        GnutellaConfig d = GnutellaConfig.defaults();
        assertThatThrownBy(() -> d.withListen("0.0.0.0", 70000))
                .hasMessage("listen-port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> d.withBootstrapHosts(List.of("nohost")))
                .hasMessage("bootstrap-hosts: nohost (expected: host:port)");
        assertThatThrownBy(() -> d.withGwebcacheUrls(List.of("ftp://x")))
                .hasMessage("gwebcache-urls: ftp://x (expected: http:// or https:// URLs)");
        assertThatThrownBy(() -> d.withQueryRateLimit(0))
                .hasMessage("query-rate-limit: 0.0 (expected: 0 < rate <= 10000)");
        assertThatThrownBy(() -> d.withSlots(1, 0, 1)).hasMessageContaining("max-connections/leaf-connections/max-leaves");
        assertThatThrownBy(() -> d.withRole(null)).hasMessageContaining("role: null");
        assertThatThrownBy(() -> d.withUploads(0, 32))
                .hasMessage("upload-slots/upload-queue: 0/32 (expected: 1..1000, 0..10000)");
        assertThatThrownBy(() -> d.withUploads(4, -1))
                .hasMessage("upload-slots/upload-queue: 4/-1 (expected: 1..1000, 0..10000)");
    }

    @Test
    void uploadLimitsReachTheHttpEndpoint() {
        try (org.crossnet.testkit.TestAdapterContext context =
                     org.crossnet.testkit.TestAdapterContext.forNetwork("gnutella")) {
            GnutellaAdapter adapter = (GnutellaAdapter) new GnutellaAdapterFactory().create(
                    GnutellaConfig.defaults().withListen("127.0.0.1", 0).withUploads(2, 5), context);
            assertThat(adapter.httpSettings().uploadSlots()).isEqualTo(2);
            assertThat(adapter.httpSettings().queueLength()).isEqualTo(5);
            adapter.close();
        }
    }
}
