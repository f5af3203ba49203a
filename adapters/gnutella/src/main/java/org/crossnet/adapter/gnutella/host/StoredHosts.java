package org.crossnet.adapter.gnutella.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.HostStore;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.PeerAddress;

/**
 * Keeps a {@link HostCache} in the gateway's {@link HostStore}: {@link #restore()} at start (importing, once, the
 * {@value #LEGACY_FILE} an earlier version kept in the state directory, then deleting it), {@link #flush()} every so
 * often and on close. Every method blocks (database and file I/O): call them on the blocking executor, never on the
 * event loop. Serialised, so two flushes never write out of order. Thread-safe.
 */
public final class StoredHosts {
    /** The host file earlier versions kept in the state directory; imported once, then deleted. */
    public static final String LEGACY_FILE = "hosts.txt";

    private final HostCache cache;
    private final HostStore store;
    private final Path legacyFile;
    private final System.Logger logger;

    /**
     * @param legacyFile where an old {@value #LEGACY_FILE} may be ({@code <state directory>/hosts.txt})
     */
    public StoredHosts(HostCache cache, HostStore store, Path legacyFile, System.Logger logger) {
        this.cache = cache;
        this.store = store;
        this.legacyFile = legacyFile;
        this.logger = logger;
    }

    /** Imports a legacy host file if there is one, then fills the cache with the store's best hosts. Blocking. */
    public synchronized void restore() {
        importLegacyFile();
        try {
            int added = cache.restore(store.load(cache.capacity()));
            logger.log(Level.DEBUG, "gnutella host cache: " + added + " hosts from the host store");
        } catch (GatewayException e) {
            logger.log(Level.WARNING, "gnutella host cache: cannot read the host store: " + e.getMessage());
        }
    }

    /** Writes the hosts changed or removed since the last flush; on failure they wait for the next one. Blocking. */
    public synchronized void flush() {
        HostCache.Changes changes = cache.takeChanges();
        if (changes.isEmpty()) {
            return;
        }
        try {
            if (!changes.saved().isEmpty()) {
                store.save(changes.saved());
            }
            if (!changes.removed().isEmpty()) {
                store.remove(changes.removed());
            }
        } catch (GatewayException e) {
            cache.restoreChanges(changes);
            logger.log(Level.WARNING, "gnutella host cache: cannot write " + changes.saved().size()
                    + " hosts to the host store: " + e.getMessage());
        }
    }

    private void importLegacyFile() {
        if (!Files.isRegularFile(legacyFile)) {
            return;
        }
        List<KnownHost> hosts;
        try {
            hosts = readLegacyFile(legacyFile);
        } catch (IOException e) {
            logger.log(Level.WARNING, "gnutella host cache: cannot read " + legacyFile + ": " + e.getMessage());
            return;
        }
        try {
            store.save(hosts);
        } catch (GatewayException e) {
            // The file stays for the next start; this run still uses its hosts.
            cache.restore(hosts);
            logger.log(Level.WARNING, "gnutella host cache: cannot import " + legacyFile + " into the host store: "
                    + e.getMessage());
            return;
        }
        try {
            Files.delete(legacyFile);
            logger.log(Level.INFO, "gnutella host cache: imported " + hosts.size() + " hosts from " + legacyFile
                    + " into the host store and deleted the file");
        } catch (IOException e) {
            logger.log(Level.WARNING, "gnutella host cache: imported " + legacyFile + " but cannot delete it: "
                    + e.getMessage());
        }
    }

    /**
     * Reads the legacy file: {@code <host>:<port> <U|L> <last seen, epoch ms> <failures>} per line, {@code #}
     * comments; malformed lines are skipped (it may have been edited by hand).
     */
    static List<KnownHost> readLegacyFile(Path file) throws IOException {
        List<KnownHost> hosts = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
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
                if (lastSeen >= 0 && failures >= 0 && failures <= KnownHost.MAX_FAILURES) {
                    hosts.add(new KnownHost(new PeerAddress(address.host(), address.port()),
                            f[1].equals("U") ? HostCache.ULTRAPEER : HostCache.LEAF, Instant.ofEpochMilli(lastSeen),
                            null, failures, Map.of()));
                }
            } catch (NumberFormatException | GatewayException malformed) {
                // a hand-edited line: skip it
            }
        }
        return hosts;
    }
}
