package org.crossnet.adapter.gnutella.routing;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import org.crossnet.adapter.gnutella.codec.Guid;

/**
 * GUID → where replies go, with expiry and a size bound, in two generations (as LimeWire's route table): entries
 * move to the old generation when the current one is {@code lifetime} old or full, and the old generation is
 * dropped. So an entry lives between one and two lifetimes, and memory is bounded by twice {@code maxEntries}.
 * Serves both duplicate suppression (a GUID seen before) and reply routing. Not thread-safe: one event loop owns it.
 *
 * @param <T> the reply target (a connection, or one of our own searches)
 */
public final class RouteTable<T> {
    /** One route: its target and how many replies went along it. */
    public static final class Route<T> {
        private final T target;
        private int replies;

        Route(T target) {
            this.target = target;
        }

        public T target() {
            return target;
        }

        public int replies() {
            return replies;
        }

        public void countReplies(int n) {
            replies += n;
        }
    }

    private final long lifetimeMillis;
    private final int maxEntries;
    private Map<Guid, Route<T>> current = new HashMap<>();
    private Map<Guid, Route<T>> previous = new HashMap<>();
    private long rotatedAt;

    public RouteTable(long lifetimeMillis, int maxEntries, long now) {
        if (lifetimeMillis <= 0 || maxEntries < 1) {
            throw new IllegalArgumentException("lifetime/maxEntries: " + lifetimeMillis + "/" + maxEntries
                    + " (expected: both positive)");
        }
        this.lifetimeMillis = lifetimeMillis;
        this.maxEntries = maxEntries;
        this.rotatedAt = now;
    }

    /** Records a route unless the GUID is known; returns false for a duplicate. */
    public boolean add(Guid guid, T target, long now) {
        rotate(now);
        if (current.containsKey(guid) || previous.containsKey(guid)) {
            return false;
        }
        if (current.size() >= maxEntries) {
            previous = current;
            current = new HashMap<>();
            rotatedAt = now;
        }
        current.put(guid, new Route<>(target));
        return true;
    }

    /** The route of a GUID, or null when unknown or expired. */
    public Route<T> get(Guid guid, long now) {
        rotate(now);
        Route<T> r = current.get(guid);
        return r != null ? r : previous.get(guid);
    }

    public boolean contains(Guid guid, long now) {
        return get(guid, now) != null;
    }

    /** Forgets one GUID (a cancelled search). */
    public void remove(Guid guid) {
        current.remove(guid);
        previous.remove(guid);
    }

    /** Forgets every route to targets matching {@code gone} (a closed connection). */
    public void removeTargets(Predicate<T> gone) {
        for (Map<Guid, Route<T>> map : java.util.List.of(current, previous)) {
            for (Iterator<Route<T>> it = map.values().iterator(); it.hasNext();) {
                if (gone.test(it.next().target)) {
                    it.remove();
                }
            }
        }
    }

    public int size() {
        return current.size() + previous.size();
    }

    private void rotate(long now) {
        if (now - rotatedAt >= lifetimeMillis) {
            // Two lifetimes without traffic: both generations are stale.
            previous = now - rotatedAt >= 2 * lifetimeMillis ? new HashMap<>() : current;
            current = new HashMap<>();
            rotatedAt = now;
        }
    }
}
