package org.crossnet.adapter.gnutella.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.PeerAddress;

/**
 * Known peers: from the bootstrap list, pongs, X-Try-Ultrapeers and Listen-IP headers, and the gateway's host store.
 * Ultrapeers and recently seen hosts come first; a host that failed waits longer after each failure. In memory only:
 * it remembers which hosts changed or were removed since {@link #takeChanges()}, and {@link StoredHosts} writes those
 * to the store on the blocking executor. Thread-safe and non-blocking (the event loop calls it).
 */
public final class HostCache {
    /** The store's kind for an ultrapeer. */
    public static final String ULTRAPEER = "ultrapeer";
    /** The store's kind for a leaf. */
    public static final String LEAF = "leaf";

    /** {@code lastSuccess} 0 = never. */
    private record Host(HostPort address, boolean ultrapeer, long lastSeen, long lastSuccess, int failures,
                        long retryAt) {
    }

    /** What changed since the last {@link #takeChanges()}: hosts to upsert, addresses to delete. */
    public record Changes(List<KnownHost> saved, List<PeerAddress> removed) {
        public boolean isEmpty() {
            return saved.isEmpty() && removed.isEmpty();
        }
    }

    private final int capacity;
    private final Map<HostPort, Host> hosts = new LinkedHashMap<>();
    private final Set<HostPort> changed = new LinkedHashSet<>();
    private final Set<HostPort> removed = new LinkedHashSet<>();

    public HostCache(int capacity) {
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Adds or refreshes a host; an ultrapeer stays one until a pong says otherwise. */
    public synchronized void add(HostPort address, boolean ultrapeer, long now) {
        Host old = hosts.get(address);
        if (old != null) {
            put(new Host(address, ultrapeer || old.ultrapeer(), Math.max(now, old.lastSeen()), old.lastSuccess(),
                    old.failures(), old.retryAt()));
            return;
        }
        if (hosts.size() >= capacity) {
            evictOldest();
        }
        put(new Host(address, ultrapeer, now, 0, 0, 0));
    }

    /** A connection attempt failed: retry after 30 s, doubling per failure up to an hour. */
    public synchronized void failed(HostPort address, long now) {
        Host h = hosts.get(address);
        if (h != null) {
            int failures = Math.min(h.failures() + 1, 30);
            long backoff = Math.min(3_600_000L, 30_000L << Math.min(failures - 1, 7));
            put(new Host(address, h.ultrapeer(), h.lastSeen(), h.lastSuccess(), failures, now + backoff));
        }
    }

    /** A handshake with it succeeded. */
    public synchronized void connected(HostPort address, boolean ultrapeer, long now) {
        if (!hosts.containsKey(address) && hosts.size() >= capacity) {
            evictOldest();
        }
        put(new Host(address, ultrapeer, now, now, 0, 0));
    }

    public synchronized void remove(HostPort address) {
        if (hosts.remove(address) != null) {
            changed.remove(address);
            removed.add(address);
        }
    }

    public synchronized int size() {
        return hosts.size();
    }

    /** Up to {@code n} hosts to dial now, ultrapeers and fresh ones first, skipping {@code exclude}. */
    public synchronized List<HostPort> candidates(int n, Set<HostPort> exclude, long now) {
        return hosts.values().stream().filter(h -> !exclude.contains(h.address()) && h.retryAt() <= now)
                .sorted(Comparator.comparing((Host h) -> !h.ultrapeer()).thenComparing(Host::lastSeen,
                        Comparator.reverseOrder()))
                .limit(n).map(Host::address).toList();
    }

    /** Up to {@code n} ultrapeers known to work, for X-Try-Ultrapeers. */
    public synchronized List<HostPort> ultrapeers(int n, Set<HostPort> exclude) {
        return hosts.values().stream().filter(h -> h.ultrapeer() && h.failures() == 0
                        && !exclude.contains(h.address()))
                .sorted(Comparator.comparing(Host::lastSeen, Comparator.reverseOrder()))
                .limit(n).map(Host::address).toList();
    }

    /**
     * Takes in hosts from the store (best first), up to the capacity. A host the cache already has keeps its newer
     * state (it was learnt or dialled since start); restored hosts are not changes. Returns how many were added.
     */
    public synchronized int restore(List<KnownHost> stored) {
        int added = 0;
        for (KnownHost k : stored) {
            HostPort address = HostPort.tryParse(k.address().host() + ":" + k.address().port());
            if (address == null || hosts.containsKey(address) || removed.contains(address)) {
                continue;
            }
            if (hosts.size() >= capacity) {
                break;
            }
            hosts.put(address, new Host(address, ULTRAPEER.equals(k.kind()), k.lastSeen().toEpochMilli(),
                    k.lastSuccess() == null ? 0 : k.lastSuccess().toEpochMilli(), Math.min(k.failures(), 30), 0));
            added++;
        }
        return added;
    }

    /** The hosts changed and removed since the last call, as the store takes them; clears both sets. */
    public synchronized Changes takeChanges() {
        List<KnownHost> saved = new ArrayList<>(changed.size());
        for (HostPort a : changed) {
            KnownHost k = toKnown(hosts.get(a));
            if (k != null) {
                saved.add(k);
            }
        }
        List<PeerAddress> gone = new ArrayList<>(removed.size());
        for (HostPort a : removed) {
            PeerAddress p = peerAddress(a);
            if (p != null) {
                gone.add(p);
            }
        }
        changed.clear();
        removed.clear();
        return new Changes(saved, gone);
    }

    /** Changes a failed write did not keep: marked again (unless changed back meanwhile), for the next flush. */
    public synchronized void restoreChanges(Changes failed) {
        for (KnownHost k : failed.saved()) {
            HostPort a = new HostPort(k.address().host(), k.address().port());
            if (hosts.containsKey(a)) {
                changed.add(a);
            }
        }
        for (PeerAddress p : failed.removed()) {
            HostPort a = new HostPort(p.host(), p.port());
            if (!hosts.containsKey(a)) {
                removed.add(a);
            }
        }
    }

    /** Every host in the store's form (for tests and the legacy import). */
    public synchronized List<KnownHost> snapshot() {
        return hosts.values().stream().map(HostCache::toKnown).filter(k -> k != null).toList();
    }

    private void put(Host h) {
        hosts.put(h.address(), h);
        removed.remove(h.address());
        changed.add(h.address());
    }

    private static KnownHost toKnown(Host h) {
        PeerAddress p = h == null ? null : peerAddress(h.address());
        if (p == null) {
            return null;
        }
        return new KnownHost(p, h.ultrapeer() ? ULTRAPEER : LEAF, Instant.ofEpochMilli(h.lastSeen()),
                h.lastSuccess() == 0 ? null : Instant.ofEpochMilli(h.lastSuccess()), h.failures(), Map.of());
    }

    /** Null for a bootstrap name the SPI's address form refuses (it then lives in memory only). */
    private static PeerAddress peerAddress(HostPort a) {
        try {
            return new PeerAddress(a.host(), a.port());
        } catch (GatewayException e) {
            return null;
        }
    }

    /** Dropped from memory only: the store keeps its own bound and ranking. */
    private void evictOldest() {
        Host oldest = null;
        for (Host h : hosts.values()) {
            if (oldest == null || h.lastSeen() < oldest.lastSeen()) {
                oldest = h;
            }
        }
        if (oldest != null) {
            hosts.remove(oldest.address());
            changed.remove(oldest.address());
        }
    }
}
