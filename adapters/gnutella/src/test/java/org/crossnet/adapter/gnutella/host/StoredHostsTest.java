package org.crossnet.adapter.gnutella.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.testkit.InMemoryHostStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host cache kept in the gateway's host store: restore, flush, a failing store, the one-time file import. */
class StoredHostsTest {
    private static final System.Logger LOG = System.getLogger(StoredHostsTest.class.getName());
    private static final HostPort A = HostPort.parse("10.0.0.1:6346");
    private static final HostPort B = HostPort.parse("10.0.0.2:6346");

    @TempDir
    Path state;

    /** The in-memory store, made to fail while {@code failing} is set, as a database that is down. */
    private static final class FlakyStore implements HostStore {
        final InMemoryHostStore delegate = new InMemoryHostStore();
        volatile boolean failing;

        @Override
        public int capacity() {
            return delegate.capacity();
        }

        @Override
        public List<KnownHost> load(int limit) {
            check();
            return delegate.load(limit);
        }

        @Override
        public void save(Collection<KnownHost> hosts) {
            check();
            delegate.save(hosts);
        }

        @Override
        public void remove(Collection<PeerAddress> addresses) {
            check();
            delegate.remove(addresses);
        }

        private void check() {
            if (failing) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "database operation failed");
            }
        }
    }

    @Test
    void flushWritesChangesAndANewCacheRestoresThem() {
        FlakyStore store = new FlakyStore();
        HostCache cache = new HostCache(10);
        StoredHosts stored = new StoredHosts(cache, store, state.resolve(StoredHosts.LEGACY_FILE), LOG);
        cache.connected(A, true, 1000);
        cache.add(B, false, 2000);
        stored.flush();
        assertThat(store.delegate.all()).extracting(KnownHost::address).containsExactly(
                new PeerAddress("10.0.0.1", 6346), new PeerAddress("10.0.0.2", 6346));

        cache.remove(B);
        stored.flush();
        HostCache restarted = new HostCache(10);
        new StoredHosts(restarted, store, state.resolve(StoredHosts.LEGACY_FILE), LOG).restore();

        assertThat(restarted.candidates(5, Set.of(), 5000)).containsExactly(A);
        assertThat(restarted.ultrapeers(5, Set.of())).containsExactly(A);
    }

    @Test
    void changesAFailingStoreRefusedAreWrittenByTheNextFlush() {
        FlakyStore store = new FlakyStore();
        HostCache cache = new HostCache(10);
        StoredHosts stored = new StoredHosts(cache, store, state.resolve(StoredHosts.LEGACY_FILE), LOG);
        cache.add(A, true, 1000);
        store.failing = true;
        stored.flush();
        stored.restore();
        assertThat(store.delegate.size()).isZero();

        store.failing = false;
        stored.flush();
        assertThat(store.delegate.all()).extracting(KnownHost::kind).containsExactly("ultrapeer");
    }

    @Test
    void aLegacyHostFileIsImportedOnceThenDeleted() throws IOException {
        Path file = state.resolve(StoredHosts.LEGACY_FILE);
        Files.writeString(file, "# crossnet gnutella host cache v1: host:port U|L lastSeenEpochMillis failures\n"
                + "10.0.0.1:6346 U 123 0\n10.0.0.2:6346 L 456 2\nnot a host line\n10.0.0.9:99999 U 1 0\n"
                + "10.0.0.3:6346 X 1 0\n10.0.0.4:6346 U -5 0\n", StandardCharsets.UTF_8);
        FlakyStore store = new FlakyStore();

        store.failing = true;
        HostCache offline = new HostCache(10);
        new StoredHosts(offline, store, file, LOG).restore();
        assertThat(file).as("kept while the store cannot take it").exists();
        assertThat(offline.size()).as("still used for this run").isEqualTo(2);

        store.failing = false;
        HostCache cache = new HostCache(10);
        new StoredHosts(cache, store, file, LOG).restore();

        assertThat(file).doesNotExist();
        assertThat(store.delegate.all()).containsExactly(
                KnownHost.seen(new PeerAddress("10.0.0.1", 6346), "ultrapeer", Instant.ofEpochMilli(123)),
                new KnownHost(new PeerAddress("10.0.0.2", 6346), "leaf", Instant.ofEpochMilli(456), null, 2,
                        java.util.Map.of()));
        assertThat(cache.candidates(5, Set.of(), Long.MAX_VALUE)).containsExactly(A, B);
    }
}
