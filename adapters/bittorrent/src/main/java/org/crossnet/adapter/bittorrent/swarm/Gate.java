package org.crossnet.adapter.bittorrent.swarm;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Guards every call into the adapter context and the sinks so that none happens after {@link #close()} returns
 * (the SPI demands it). Calls run under a shared read lock after checking the open flag; {@code close()} takes the
 * write lock, so it waits for calls in progress, including blocking storage I/O. Thread-safe.
 */
public final class Gate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean open = true;

    /** Runs {@code action} unless closed; returns whether it ran. */
    public boolean run(Runnable action) {
        return call(() -> {
            action.run();
            return true;
        }, false);
    }

    /** The value of {@code action}, or {@code closed} when closed. */
    public <T> T call(Supplier<T> action, T closed) {
        // Barging tryLock, not lock(): a reader queued behind close() while another reader waits for a lock this
        // thread holds would deadlock; close() clears the flag first, so spinning readers see it and give up.
        while (!lock.readLock().tryLock()) {
            if (!open) {
                return closed;
            }
            Thread.onSpinWait();
        }
        try {
            return open ? action.get() : closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Hands {@code task} to {@code executor}; the task itself runs gated. False when closed or rejected. */
    public boolean execute(Executor executor, Runnable task) {
        return call(() -> {
            try {
                executor.execute(() -> run(task));
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }, false);
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Closes the gate, waiting for gated calls in progress. Idempotent.
     *
     * @return true when no gated call is in progress any more; false when called from inside a gated call, which
     *         cannot wait for the others (the lock cannot upgrade), so calls on other threads may still be running
     */
    public boolean close() {
        open = false;
        if (lock.getReadHoldCount() > 0) {
            return false;
        }
        lock.writeLock().lock();
        try {
            open = false;
        } finally {
            lock.writeLock().unlock();
        }
        return true;
    }
}
