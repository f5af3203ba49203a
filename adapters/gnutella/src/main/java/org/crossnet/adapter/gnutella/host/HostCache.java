package org.crossnet.adapter.gnutella.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Known peers: from the bootstrap list, pongs, X-Try-Ultrapeers and Listen-IP headers. Ultrapeers and recently
 * seen hosts come first; a host that failed waits longer after each failure. Kept in a small text file in the
 * adapter's state directory (the adapter has no database), one host per line:
 * {@code <host>:<port> <U|L> <last seen, epoch ms> <failures>}. Thread-safe; the file methods block.
 */
public final class HostCache {
    /** The file name in the state directory. */
    public static final String FILE = "hosts.txt";
    private static final String HEADER = "# crossnet gnutella host cache v1: host:port U|L lastSeenEpochMillis failures";

    private record Host(HostPort address, boolean ultrapeer, long lastSeen, int failures, long retryAt) {
    }

    private final int capacity;
    private final Map<HostPort, Host> hosts = new LinkedHashMap<>();

    public HostCache(int capacity) {
        this.capacity = capacity;
    }

    /** Adds or refreshes a host; an ultrapeer stays one until a pong says otherwise. */
    public synchronized void add(HostPort address, boolean ultrapeer, long now) {
        Host old = hosts.get(address);
        if (old != null) {
            hosts.put(address, new Host(address, ultrapeer || old.ultrapeer(), Math.max(now, old.lastSeen()),
                    old.failures(), old.retryAt()));
            return;
        }
        if (hosts.size() >= capacity) {
            evictOldest();
        }
        hosts.put(address, new Host(address, ultrapeer, now, 0, 0));
    }

    /** A connection attempt failed: retry after 30 s, doubling per failure up to an hour. */
    public synchronized void failed(HostPort address, long now) {
        Host h = hosts.get(address);
        if (h != null) {
            int failures = Math.min(h.failures() + 1, 30);
            long backoff = Math.min(3_600_000L, 30_000L << Math.min(failures - 1, 7));
            hosts.put(address, new Host(address, h.ultrapeer(), h.lastSeen(), failures, now + backoff));
        }
    }

    /** A handshake with it succeeded. */
    public synchronized void connected(HostPort address, boolean ultrapeer, long now) {
        hosts.put(address, new Host(address, ultrapeer, now, 0, 0));
    }

    public synchronized void remove(HostPort address) {
        hosts.remove(address);
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

    /** Reads the file; missing is fine, malformed lines are skipped. Blocking. */
    public void load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        synchronized (this) {
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                HostPort address = f.length == 4 ? HostPort.tryParse(f[0]) : null;
                if (address == null || !(f[1].equals("U") || f[1].equals("L"))) {
                    continue;
                }
                try {
                    long lastSeen = Long.parseLong(f[2]);
                    int failures = Integer.parseInt(f[3]);
                    if (hosts.size() < capacity && failures >= 0) {
                        hosts.put(address, new Host(address, f[1].equals("U"), lastSeen, failures, 0));
                    }
                } catch (NumberFormatException malformed) {
                    // a hand-edited line: skip it
                }
            }
        }
    }

    /** Writes the file atomically (temp file, then rename). Blocking. */
    public void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        synchronized (this) {
            for (Host h : hosts.values()) {
                lines.add(h.address() + " " + (h.ultrapeer() ? "U" : "L") + " " + h.lastSeen() + " " + h.failures());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void evictOldest() {
        Host oldest = null;
        for (Host h : hosts.values()) {
            if (oldest == null || h.lastSeen() < oldest.lastSeen()) {
                oldest = h;
            }
        }
        if (oldest != null) {
            hosts.remove(oldest.address());
        }
    }
}
