package org.crossnet.adapter.gnutella.support;

import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.gnutella.GnutellaConfig;

/** Configs for nodes on 127.0.0.1 with test timings. */
public final class Nodes {
    private Nodes() {
    }

    public static GnutellaConfig config(GnutellaConfig.Role role, List<String> bootstrap) {
        return GnutellaConfig.defaults().withListen("127.0.0.1", 0).withRole(role).withBootstrapHosts(bootstrap)
                .withSlots(4, 2, 10)
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(200),
                        Duration.ofMillis(200));
    }
}
