package org.crossnet.adapter.gnutella.http;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Guards calls into the adapter context, its stores and the sinks so that none happens after {@link #close()}
 * returns, as the SPI demands. Calls run under a shared read lock after checking the open flag; {@code close()} clears
 * the flag and takes the write lock, so it waits for calls in progress (including blocking storage I/O). Internal to
 * the whole adapter (the Gnutella side and the HTTP transfer side each have one). Thread-safe.
 */
public final class Gate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean open = true;

    /** Runs {@code action} unless closed; returns whether it ran. */
    public boolean run(Runnable action) {
        return call(() -> {
            action.run();
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    /** The value of {@code action}, or {@code whenClosed} when closed. */
    public <T> T call(Supplier<T> action, T whenClosed) {
        // tryLock, not lock(): a caller queued behind close() while close() waits for a call this thread is part of
        // would deadlock; close() clears the flag first, so spinning callers see it and give up.
        while (!lock.readLock().tryLock()) {
            if (!open) {
                return whenClosed;
            }
            Thread.onSpinWait();
        }
        try {
            return open ? action.get() : whenClosed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Hands {@code task} to {@code executor} unless closed; the task itself runs gated. False when not handed over. */
    public boolean execute(Executor executor, Runnable task) {
        // Submitted under the read lock, so that no submission slips in after close() returned.
        return call(() -> {
            try {
                executor.execute(() -> run(task));
                return Boolean.TRUE;
            } catch (RejectedExecutionException e) {
                return Boolean.FALSE;
            }
        }, Boolean.FALSE);
    }

    public boolean isOpen() {
        return open;
    }

    /** Closes the gate and waits for gated calls in progress. Idempotent; from inside a gated call it only closes. */
    public void close() {
        open = false;
        if (lock.getReadHoldCount() > 0) {
            return;
        }
        lock.writeLock().lock();
        lock.writeLock().unlock();
    }
}
