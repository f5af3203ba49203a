package org.crossnet.adapter.gnutella.http;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one after another, in submission order, on a shared executor: one connection's disk writes (and the
 * bookkeeping after them) keep their order without holding a thread while idle. When the executor refuses work,
 * {@link Discardable} tasks are discarded and the others run on the submitting thread, so they must not block.
 * Internal. Thread-safe.
 */
public final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The executor is gone (its owner closed): buffers held by queued work are released, and the cheap
            // bookkeeping tasks run here so that nothing is left half-done.
            while (true) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                if (next instanceof Discardable d) {
                    d.discard();
                } else {
                    next.run();
                }
            }
        }
    }

    /** A task that holds resources: when it cannot run, {@link #discard()} releases them instead. */
    public interface Discardable extends Runnable {
        void discard();
    }

    private void drain() {
        // A bounded batch per turn so one busy connection does not keep a pooled thread to itself.
        for (int i = 0; i < 16; i++) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
        schedule();
    }
}
