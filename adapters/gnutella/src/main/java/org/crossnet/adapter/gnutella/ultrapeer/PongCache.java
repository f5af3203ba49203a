package org.crossnet.adapter.gnutella.ultrapeer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.adapter.gnutella.codec.Pong;

/**
 * The pongs an ultrapeer got from its neighbours' answers to its own pings, so that it can answer a ping with
 * several hosts at once instead of broadcasting it (pong caching). One entry per host, newest kept, expired after
 * {@code maxAgeNanos}. Not thread-safe: one event loop owns it.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/ping-pong">Ping/pong schemes</a>
 */
public final class PongCache {
    /** A cached pong, the hops it had travelled, and which neighbour gave it. */
    public record Entry(Pong pong, int hops, Object from, long at) {
    }

    private final int capacity;
    private final long maxAgeNanos;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public PongCache(int capacity, long maxAgeNanos) {
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
    }

    public void add(Pong pong, int hops, Object from, long now) {
        String key = pong.address().getHostAddress() + ":" + pong.port();
        entries.remove(key);
        if (entries.size() >= capacity) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(key, new Entry(pong, hops, from, now));
    }

    /** Up to {@code max} fresh pongs not from {@code exclude} (not worth sending a neighbour its own pongs). */
    public List<Entry> fresh(int max, Object exclude, long now) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            Entry e = it.next();
            if (now - e.at() > maxAgeNanos) {
                it.remove();
            } else if (e.from() != exclude && out.size() < max) {
                out.add(e);
            }
        }
        return out;
    }

    /** Drops what a closed neighbour gave. */
    public void forget(Object from) {
        entries.values().removeIf(e -> e.from() == from);
    }

    public int size() {
        return entries.size();
    }
}
