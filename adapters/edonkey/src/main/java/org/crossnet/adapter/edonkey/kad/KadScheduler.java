package org.crossnet.adapter.edonkey.kad;

/**
 * The single thread a {@link KadNode} runs on, and its clock and timers: an event loop in production
 * ({@link org.crossnet.adapter.edonkey.kad.net.EventLoopKadScheduler}), a manual virtual-time scheduler in tests.
 * Implementations are thread-safe.
 */
public interface KadScheduler {
    /** Monotonic milliseconds (only differences matter). */
    long now();

    /** Runs {@code task} on the node's thread, after tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on the node's thread after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** True on the node's thread. */
    boolean inThread();

    /** A scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops the task if it has not started; idempotent. */
        void cancel();
    }
}
