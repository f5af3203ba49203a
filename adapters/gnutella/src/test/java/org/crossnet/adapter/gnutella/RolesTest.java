package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.host.HostCache;
import org.crossnet.adapter.gnutella.host.StoredHosts;
import org.crossnet.adapter.gnutella.session.PeerRole;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.RawPeer;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.testkit.InMemoryHostStore;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Roles and refusals at handshake time (leaf guidance, 503 with X-Try-Ultrapeers, shielded leaves, self), and the host
 * cache kept in the gateway's host store across restarts.
 */
class RolesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<TestAdapterContext> contexts = new ArrayList<>();
    private final List<GnutellaAdapter> adapters = new ArrayList<>();

    private GnutellaAdapter start(GnutellaConfig config) {
        return start(config, new InMemoryHostStore());
    }

    private GnutellaAdapter start(GnutellaConfig config, InMemoryHostStore hosts) {
        TestAdapterContext context = new TestAdapterContext(new NetworkId("gnutella"), Clock.systemUTC(), hosts);
        contexts.add(context);
        GnutellaAdapter a = (GnutellaAdapter) new GnutellaAdapterFactory().create(config, context);
        adapters.add(a);
        a.start();
        return a;
    }

    @AfterEach
    void stop() {
        adapters.forEach(GnutellaAdapter::close);
        contexts.forEach(TestAdapterContext::close);
    }

    @Test
    void autoNodeTakesLeafGuidance() {
        // An ultrapeer with no ultrapeer slot but leaf slots guides ultrapeer-capable peers to be its leaves.
        GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()).withSlots(0, 2, 5));
        GnutellaAdapter auto = start(Nodes.config(GnutellaConfig.Role.AUTO, List.of("127.0.0.1:" + up.listenPort())));
        assertThat(Wait.until(() -> up.node().snapshot().leaves() == 1, TIMEOUT)).as(up.statusLine()).isTrue();
        assertThat(auto.node().snapshot().role()).isEqualTo(PeerRole.LEAF);
        assertThat(up.node().snapshot().ultrapeers()).isZero();
    }

    @Test
    void autoNodeStaysUltrapeerWhenNeeded() {
        GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()));
        GnutellaAdapter auto = start(Nodes.config(GnutellaConfig.Role.AUTO, List.of("127.0.0.1:" + up.listenPort())));
        assertThat(Wait.until(() -> up.node().snapshot().ultrapeers() == 1, TIMEOUT)).isTrue();
        assertThat(auto.node().snapshot().role()).isEqualTo(PeerRole.ULTRAPEER);
    }

    @Test
    void fullUltrapeerRefusesWith503AndNamesOtherUltrapeers() throws Exception {
        GnutellaAdapter other = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()));
        GnutellaAdapter full = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER,
                List.of("127.0.0.1:" + other.listenPort())).withSlots(4, 2, 0));
        assertThat(Wait.until(() -> full.node().snapshot().ultrapeers() == 1, TIMEOUT)).isTrue();
        try (RawPeer leaf = new RawPeer(full.listenPort())) {
            HandshakeBlock answer = leaf.handshake(false, "");
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.statusMessage()).isEqualTo("Leaf slots full");
            assertThat(answer.headers().tryUltrapeers()).contains("127.0.0.1:" + other.listenPort());
            assertThat(leaf.closedWithin(5000)).isTrue();
        }
    }

    @Test
    void leafRefusesIncomingConnections() throws Exception {
        GnutellaAdapter leaf = start(Nodes.config(GnutellaConfig.Role.LEAF, List.of()));
        try (RawPeer peer = new RawPeer(leaf.listenPort())) {
            HandshakeBlock answer = peer.handshake(true, "");
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.statusMessage()).isEqualTo("I am a shielded leaf node");
        }
    }

    @Test
    void selfConnectionIsRefused() {
        GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()));
        up.connect(new org.crossnet.adapter.gnutella.host.HostPort("127.0.0.1", up.listenPort()));
        assertThat(Wait.until(() -> up.node().snapshot().closes().values().stream().mapToLong(Long::longValue).sum()
                >= 1, TIMEOUT)).isTrue();
        assertThat(up.node().snapshot().connections()).isEmpty();
    }

    @Test
    void hostsLearntSurviveARestartThroughTheHostStore() {
        GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()));
        InMemoryHostStore store = new InMemoryHostStore();
        GnutellaAdapter leaf = start(Nodes.config(GnutellaConfig.Role.LEAF, List.of("127.0.0.1:" + up.listenPort())),
                store);
        assertThat(Wait.until(() -> up.node().snapshot().leaves() == 1, TIMEOUT)).isTrue();
        leaf.close();

        assertThat(store.all()).singleElement().satisfies(h -> {
            assertThat(h.address()).isEqualTo(new PeerAddress("127.0.0.1", up.listenPort()));
            assertThat(h.kind()).isEqualTo(HostCache.ULTRAPEER);
            assertThat(h.lastSuccess()).isNotNull();
            assertThat(h.failures()).isZero();
        });
        assertThat(contexts.get(1).stateDirectory().resolve(StoredHosts.LEGACY_FILE)).doesNotExist();
        // A new adapter with a fresh state directory and no bootstrap list finds the ultrapeer through the store.
        GnutellaAdapter restarted = start(Nodes.config(GnutellaConfig.Role.LEAF, List.of()), store);
        assertThat(Wait.until(() -> restarted.node().snapshot().ultrapeers() == 1, TIMEOUT))
                .as(restarted.statusLine()).isTrue();
        assertThat(contexts.get(2).log().calls("hosts")).allSatisfy(call ->
                assertThat(call.thread()).startsWith(TestAdapterContext.THREAD_PREFIX + "blocking-"));
    }

    @Test
    void aHostFileOfAnEarlierVersionIsImportedIntoTheStoreAndDeleted() throws Exception {
        GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()));
        InMemoryHostStore store = new InMemoryHostStore();
        TestAdapterContext context = new TestAdapterContext(new NetworkId("gnutella"), Clock.systemUTC(), store);
        contexts.add(context);
        Path file = context.stateDirectory().resolve(StoredHosts.LEGACY_FILE);
        Files.writeString(file, "127.0.0.1:" + up.listenPort() + " U " + System.currentTimeMillis() + " 0\n",
                StandardCharsets.UTF_8);
        GnutellaAdapter leaf = (GnutellaAdapter) new GnutellaAdapterFactory().create(
                Nodes.config(GnutellaConfig.Role.LEAF, List.of()), context);
        adapters.add(leaf);
        leaf.start();

        assertThat(Wait.until(() -> up.node().snapshot().leaves() == 1, TIMEOUT)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(store.all()).extracting(KnownHost::address)
                .containsExactly(new PeerAddress("127.0.0.1", up.listenPort()));
    }
}
