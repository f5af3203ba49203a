package org.crossnet.adapter.edonkey.kad.net;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.kad.KadScheduler;

/**
 * A {@link KadScheduler} on one Netty event executor (one of the adapter's shared event loops): the node's state is
 * confined to it, so nothing in the node needs locks. Tasks submitted after the executor shut down are dropped, as
 * the node is closing then.
 */
public final class EventLoopKadScheduler implements KadScheduler {
    private final EventExecutor executor;

    public EventLoopKadScheduler(EventExecutor executor) {
        this.executor = executor;
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // the loop is shutting down: the node is closing and has nothing left to do
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        try {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public boolean inThread() {
        return executor.inEventLoop();
    }
}
