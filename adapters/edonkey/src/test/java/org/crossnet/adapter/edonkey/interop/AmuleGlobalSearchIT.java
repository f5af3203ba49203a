package org.crossnet.adapter.edonkey.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.SharedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * amuled's global search reaches a second index server of ours over UDP: amuled is logged into server role 1 (which
 * has no matching file) and has server role 2 in its list; role 2 indexes a file the second adapter's own client
 * offers. {@code search global} makes amuled ask role 2 with OP_GLOBSEARCHREQ* on its port + 4, and role 2's
 * OP_GLOBSEARCHRES shows up in amuled's results.
 */
class AmuleGlobalSearchIT {
    @Test
    void amuledsGlobalSearchReachesASecondServerRoleOverUdp(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "crossnet-globalonly-sample.bin", 700_000, 23);
        SharedFile shared = Nodes.shared(file);
        long started = System.nanoTime();
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode amule = net.start("searcher", o -> o.ed2k(true));
            String gw = net.gatewayAddress();
            try (Nodes.Running role1 = Nodes.startServerRole(p -> Nodes.config(gw).withServerRole(true, p));
                 Nodes.Running role2 = Nodes.startServerRole(p -> Nodes.config(gw).withServerRole(true, p)
                         .withServers(List.of(gw + ":" + p)))) {
                int p1 = role1.adapter().serverPort();
                int p2 = role2.adapter().serverPort();
                role2.adapter().publisher().orElseThrow().publish(shared);
                assertThat(Nodes.await(() -> role2.adapter().statusLine().contains("serving 1 users, 1 files"),
                        Duration.ofSeconds(15))).as(role2.adapter().statusLine()).isTrue();
                amule.add("ed2k://|server|" + gw + "|" + p2 + "|/");
                amule.connectServer(gw, p1);
                assertThat(amule.await(amule::ed2kConnected, Duration.ofSeconds(30))).as(amule.status()).isTrue();
                assertThat(amule.status()).contains(Integer.toString(p1));

                amule.search("global", "globalonly");
                boolean found = amule.await(() -> amule.searchResults().contains("crossnet-globalonly-sample.bin"),
                        Duration.ofSeconds(30));
                assertThat(found).as("%s%n%s", amule.searchResults(), amule.log()).isTrue();
                // role 1 never had it: the result came from role 2, which amuled is not logged into, over UDP
                assertThat(role1.adapter().statusLine()).contains("0 files");
                assertThat(role2.adapter().statusLine()).doesNotContain(" 0 UDP searches").contains(" UDP searches");
            }
        }
        System.out.printf("AmuleGlobalSearchIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
