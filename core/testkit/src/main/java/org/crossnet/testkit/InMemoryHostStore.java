package org.crossnet.testkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;

/**
 * A {@link HostStore} in memory with the gateway's behaviour: upsert by address, best first by
 * {@link KnownHost#BEST_FIRST}, the worst evicted beyond {@link #capacity()}, times kept to the millisecond as the
 * gateway's database keeps them. Share one instance between two {@link TestAdapterContext}s to test that an adapter's
 * hosts survive a restart. This class does not log or check threads; the view {@link TestAdapterContext#hosts()}
 * hands the adapter does both. Thread-safe.
 */
public final class InMemoryHostStore implements HostStore {
    /** The gateway's default bound per network. */
    public static final int DEFAULT_CAPACITY = 2_000;

    private final int capacity;
    private final Map<PeerAddress, KnownHost> hosts = new HashMap<>();

    /** A store of {@value #DEFAULT_CAPACITY} hosts. */
    public InMemoryHostStore() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryHostStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 1)");
        }
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized List<KnownHost> load(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 0 or more)");
        }
        return ranked().stream().limit(limit).toList();
    }

    @Override
    public synchronized void save(Collection<KnownHost> saved) {
        for (KnownHost h : List.copyOf(saved)) {
            hosts.put(h.address(), new KnownHost(h.address(), h.kind(), millis(h.lastSeen()),
                    millis(h.lastSuccess()), h.failures(), h.attributes()));
        }
        int excess = hosts.size() - capacity;
        if (excess > 0) {
            List<KnownHost> ranked = ranked();
            for (KnownHost worst : ranked.subList(ranked.size() - excess, ranked.size())) {
                hosts.remove(worst.address());
            }
        }
    }

    @Override
    public synchronized void remove(Collection<PeerAddress> addresses) {
        for (PeerAddress a : List.copyOf(addresses)) {
            hosts.remove(a);
        }
    }

    /** Every host, best first (not logged; for assertions). */
    public synchronized List<KnownHost> all() {
        return ranked();
    }

    /** How many hosts are stored. */
    public synchronized int size() {
        return hosts.size();
    }

    private List<KnownHost> ranked() {
        List<KnownHost> ranked = new ArrayList<>(hosts.values());
        ranked.sort(KnownHost.BEST_FIRST);
        return ranked;
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
