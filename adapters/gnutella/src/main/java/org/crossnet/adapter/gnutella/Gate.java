package org.crossnet.adapter.gnutella;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps every call into the adapter context and the sinks from happening after {@code close()} returned (the SPI
 * forbids them): gated calls run under a shared lock after checking an open flag; {@link #close()} clears the flag
 * and then takes the exclusive lock, so it waits for the calls in progress. Thread-safe.
 */
final class Gate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean open = true;

    /** Runs {@code action} unless closed; returns whether it ran. */
    boolean run(Runnable action) {
        return call(() -> {
            action.run();
            return true;
        }, false);
    }

    /** The value of {@code action}, or {@code closed} when closed. */
    <T> T call(Supplier<T> action, T closed) {
        // tryLock in a loop rather than lock(): a reader queued behind close() must not wait for it forever, and
        // close() clears the flag first so spinning readers give up.
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

    boolean isOpen() {
        return open;
    }

    /** Closes, waiting for gated calls in progress; from inside a gated call it only clears the flag. */
    void close() {
        open = false;
        if (lock.getReadHoldCount() > 0) {
            return;
        }
        lock.writeLock().lock();
        lock.writeLock().unlock();
    }
}
