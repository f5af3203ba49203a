package org.crossnet.adapter.gnutella.http.upload;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Upload slots and the queue in front of them, first come first served (active queuing and PARQ both rely on the
 * client re-requesting on its open connection between pollMin and pollMax).
 *
 * <p>A holder (one connection) that got a slot keeps it until {@link #release}. A holder without one is queued; on
 * each re-request it gets a slot when its position is within the free slots, so a freed slot goes to the head of the
 * queue rather than to whoever asks first. An entry not polled within pollMax (plus a few seconds' grace for network
 * delay) is dropped. Each entry has a random PARQ ID, reported in X-Queued; a request presenting it is matched to
 * its entry even on another connection. An entry ends with its connection: PARQ's "remanence" (a place kept for
 * 300 s after a disconnect) is not offered, because a dead entry at the head would hold a free slot idle that long.
 * Thread-safe.
 */
public final class UploadQueue {
    /** Outcome of a request for a slot. */
    public enum Kind {
        /** Serve now. */
        GRANTED,
        /** Queued: answer 503 with the position. */
        QUEUED,
        /** Queue full: answer 503 and close. */
        FULL
    }

    /**
     * @param position 1-based queue position when QUEUED, else 0
     * @param length   queue length when QUEUED, else 0
     * @param id       the entry's PARQ ID when QUEUED, else null
     */
    public record Admission(Kind kind, int position, int length, String id) {
    }

    private static final long GRACE_MILLIS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int slots;
    private final int maxQueue;
    private final long pollMaxMillis;
    private final Set<Object> holders = new HashSet<>();
    private final List<Entry> queue = new ArrayList<>();

    private static final class Entry {
        final String id;
        Object holder;
        long lastPoll;

        Entry(String id, Object holder, long lastPoll) {
            this.id = id;
            this.holder = holder;
            this.lastPoll = lastPoll;
        }
    }

    public UploadQueue(int slots, int maxQueue, long pollMaxMillis) {
        if (slots < 1 || maxQueue < 0 || pollMaxMillis <= 0) {
            throw new IllegalArgumentException("queue: slots " + slots + ", length " + maxQueue + ", pollMax "
                    + pollMaxMillis + " ms (expected: slots >= 1, length >= 0, pollMax > 0)");
        }
        this.slots = slots;
        this.maxQueue = maxQueue;
        this.pollMaxMillis = pollMaxMillis;
    }

    /**
     * Asks for a slot for {@code holder}.
     *
     * @param presentedId the PARQ ID the client sent back, or null
     * @param now         milliseconds of the clock the caller reads
     */
    public synchronized Admission admit(Object holder, String presentedId, long now) {
        if (holders.contains(holder)) {
            return new Admission(Kind.GRANTED, 0, 0, null);
        }
        expire(now);
        int free = slots - holders.size();
        int index = indexOf(holder, presentedId);
        if (index >= 0) {
            Entry entry = queue.get(index);
            if (index < free) {
                queue.remove(index);
                holders.add(holder);
                return new Admission(Kind.GRANTED, 0, 0, null);
            }
            entry.holder = holder;
            entry.lastPoll = now;
            return new Admission(Kind.QUEUED, index + 1, queue.size(), entry.id);
        }
        if (queue.isEmpty() && free > 0) {
            holders.add(holder);
            return new Admission(Kind.GRANTED, 0, 0, null);
        }
        if (queue.size() >= maxQueue) {
            return new Admission(Kind.FULL, 0, 0, null);
        }
        Entry entry = new Entry(newId(), holder, now);
        queue.add(entry);
        return new Admission(Kind.QUEUED, queue.size(), queue.size(), entry.id);
    }

    /** The holder's connection ended: its slot, or its place in the queue, is freed. Idempotent. */
    public synchronized void release(Object holder) {
        holders.remove(holder);
        queue.removeIf(e -> e.holder == holder);
    }

    /** Slots in use. */
    public synchronized int active() {
        return holders.size();
    }

    /** Entries waiting (after dropping the expired ones as of {@code now}). */
    public synchronized int queued(long now) {
        expire(now);
        return queue.size();
    }

    public int slots() {
        return slots;
    }

    private int indexOf(Object holder, String id) {
        for (int i = 0; i < queue.size(); i++) {
            Entry e = queue.get(i);
            if (e.holder == holder || (id != null && id.equalsIgnoreCase(e.id))) {
                return i;
            }
        }
        return -1;
    }

    private void expire(long now) {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            if (now - it.next().lastPoll > pollMaxMillis + GRACE_MILLIS) {
                it.remove();
            }
        }
    }

    private static String newId() {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
