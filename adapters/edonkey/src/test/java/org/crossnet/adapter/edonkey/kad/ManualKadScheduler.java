package org.crossnet.adapter.edonkey.kad;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for node tests: tasks run only inside {@link #advance} / {@link #runUntil}, in time order, on the test
 * thread, so a whole network of nodes runs deterministically and hours pass in milliseconds. Not thread-safe.
 */
final class ManualKadScheduler implements KadScheduler {
    private record Task(long at, long seq, Runnable runnable, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private long now = 1_000_000;
    private long seq;

    @Override
    public long now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = new boolean[1];
        queue.add(new Task(now + Math.max(0, delayMillis), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Single-threaded: the test thread is the node thread. */
    @Override
    public boolean inThread() {
        return true;
    }

    /** Runs every task due within {@code millis}, then sets the clock to the end of that span. */
    void advance(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task t = queue.poll();
            now = Math.max(now, t.at);
            if (!t.cancelled[0]) {
                t.runnable.run();
            }
        }
        now = end;
    }

    /** Advances in 10 ms steps until {@code done} holds; false when {@code maxMillis} passed first. */
    boolean runUntil(BooleanSupplier done, long maxMillis) {
        long end = now + maxMillis;
        while (!done.getAsBoolean()) {
            if (now >= end) {
                return false;
            }
            advance(10);
        }
        return true;
    }
}
