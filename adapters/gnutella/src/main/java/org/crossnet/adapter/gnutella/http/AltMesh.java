package org.crossnet.adapter.gnutella.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.model.Sha1;

/**
 * The download mesh: alternate locations known per file, learnt from X-Alt headers of requests and responses and
 * from sources that served us, and handed out in our own X-Alt headers. Bounded: {@link #PER_FILE} newest locations
 * per file, {@link #FILES} most recently used files. Thread-safe.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/gnutella/x-alt">X-Alt</a>
 */
public final class AltMesh {
    /** Locations kept per file. */
    public static final int PER_FILE = 32;
    /** Files kept. */
    public static final int FILES = 4096;
    /** Locations put in one X-Alt header. */
    public static final int PER_HEADER = 10;

    private final LinkedHashMap<Sha1, LinkedHashMap<InetSocketAddress, Boolean>> files =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Sha1, LinkedHashMap<InetSocketAddress, Boolean>> e) {
                    return size() > FILES;
                }
            };

    /** Adds locations of {@code sha1}; a known one becomes the newest. Unresolved or wildcard addresses are skipped. */
    public synchronized void learn(Sha1 sha1, Collection<InetSocketAddress> locations) {
        if (locations.isEmpty()) {
            return;
        }
        LinkedHashMap<InetSocketAddress, Boolean> known = files.computeIfAbsent(sha1, k -> new LinkedHashMap<>());
        for (InetSocketAddress a : locations) {
            InetAddress ip = a.getAddress();
            if (ip == null || ip.isAnyLocalAddress() || ip.isMulticastAddress() || a.getPort() == 0) {
                continue;
            }
            known.remove(a);
            known.put(a, Boolean.TRUE);
            if (known.size() > PER_FILE) {
                Iterator<InetSocketAddress> oldest = known.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Forgets a location (it failed or served bad data). */
    public synchronized void forget(Sha1 sha1, InetSocketAddress location) {
        LinkedHashMap<InetSocketAddress, Boolean> known = files.get(sha1);
        if (known != null) {
            known.remove(location);
        }
    }

    /**
     * Up to {@link #PER_HEADER} locations of {@code sha1}, newest first. Leaves out {@code node} (the peer's own
     * listening address) when given, else every location on {@code host}, so a peer is not sent itself.
     */
    public synchronized List<InetSocketAddress> sample(Sha1 sha1, InetAddress host, InetSocketAddress node) {
        LinkedHashMap<InetSocketAddress, Boolean> known = files.get(sha1);
        List<InetSocketAddress> out = new ArrayList<>();
        if (known == null) {
            return out;
        }
        List<InetSocketAddress> all = new ArrayList<>(known.keySet());
        for (int i = all.size() - 1; i >= 0 && out.size() < PER_HEADER; i--) {
            InetSocketAddress a = all.get(i);
            boolean self = node != null ? node.equals(a) : host != null && host.equals(a.getAddress());
            if (!self) {
                out.add(a);
            }
        }
        return out;
    }
}
