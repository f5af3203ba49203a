package org.crossnet.adapter.edonkey.storage;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared blocking executor: one transfer's writes and part
 * checks stay ordered without holding a thread of their own. {@link #close} drops queued tasks and waits for the
 * running one, so nothing touches the store after the transfer (or the adapter) closed. Thread-safe.
 */
public final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean closed;
    private Thread current;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /** Queues {@code task}; silently dropped once closed. */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        delegate.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    running = false;
                    current = null;
                    notifyAll();
                    return;
                }
                current = Thread.currentThread();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // A task reports its own failures; one failing must not stop the ones behind it.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** Tasks waiting to run. */
    public synchronized int pending() {
        return queue.size();
    }

    /**
     * Drops queued tasks and waits (up to {@code timeoutMillis}) for the running one to finish; a task calling it
     * from inside does not wait for itself. Idempotent.
     */
    public void close(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (this) {
            closed = true;
            queue.clear();
            while (running && current != Thread.currentThread()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
