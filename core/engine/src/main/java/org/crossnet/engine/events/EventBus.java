package org.crossnet.engine.events;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;

/**
 * The in-process event bus: stamps each event with an id and keeps the newest {@code capacity} in a ring so API
 * clients can resume from a cursor.
 *
 * <p>Ids increase monotonically, also across restarts: the first id of a run is the larger of the clock in
 * microseconds and the previous run's last id + 1 (the engine persists the last id). Microsecond ids stay below
 * 2^53, so JavaScript clients read them exactly. {@link #publish} never blocks on I/O and may be called from event
 * loops.
 */
public final class EventBus implements EventSink {
    /** Longest a poll may wait. */
    public static final long MAX_WAIT_MILLIS = 30_000;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<EventRecord> ring;
    private long nextId;

    public EventBus(Clock clock, int capacity, long previousLastId) {
        if (capacity < 16) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 16)");
        }
        this.clock = clock;
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
        this.nextId = Math.max(TimeUnit.MILLISECONDS.toMicros(clock.millis()), previousLastId + 1);
    }

    @Override
    public synchronized void publish(GatewayEvent event) {
        if (ring.size() == capacity) {
            lastDroppedId = ring.removeFirst().id();
        }
        ring.addLast(new EventRecord(nextId++, clock.instant(), event));
        notifyAll();
    }

    /** The id of the newest event, or the id before the first one of this run when none was published yet. */
    public synchronized long lastId() {
        return nextId - 1;
    }

    /**
     * Events with id greater than {@code after}, oldest first, at most {@code limit}; waits up to {@code waitMillis}
     * (capped at {@link #MAX_WAIT_MILLIS}) while there are none.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public EventPage poll(long after, int limit, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(Math.max(waitMillis, 0),
                MAX_WAIT_MILLIS));
        synchronized (this) {
            while (nextId - 1 <= after) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    break;
                }
                wait(remaining);
            }
            List<EventRecord> page = new ArrayList<>(Math.min(limit, ring.size()));
            Iterator<EventRecord> it = ring.iterator();
            while (it.hasNext() && page.size() < limit) {
                EventRecord r = it.next();
                if (r.id() > after) {
                    page.add(r);
                }
            }
            long next = page.isEmpty() ? Math.max(after, 0) : page.get(page.size() - 1).id();
            return new EventPage(page, next, lastDroppedId > after);
        }
    }

    /** Id of the newest event pushed out of the ring; -1 while none was. */
    private long lastDroppedId = -1;
}
