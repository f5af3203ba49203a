package org.crossnet.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the calls an adapter makes into the testkit's doubles (context, sinks, stores), each with its time and
 * thread, and flags those made after {@link #markClosed()}. The contract test marks the log closed once the
 * adapter's {@code close()} (or a search's {@code cancel()}) has returned, so any call flagged afterwards is a
 * contract violation. Thread-safe.
 */
public final class CallLog {
    /**
     * One recorded call.
     *
     * @param target     which double was called, e.g. {@code events}, {@code search-sink}, {@code stored-content}
     * @param method     the method name
     * @param nanoTime   {@link System#nanoTime()} at entry, for ordering
     * @param at         wall-clock time at entry, for messages
     * @param thread     the calling thread's name
     * @param afterClose true when the log was already marked closed at entry
     */
    public record Call(String target, String method, long nanoTime, Instant at, String thread, boolean afterClose) {
        @Override
        public String toString() {
            return target + "." + method + " on " + thread + " at " + at + (afterClose ? " (after close)" : "");
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private volatile boolean closed;

    /** Records a call; never throws, never blocks beyond a short lock. */
    public void record(String target, String method) {
        // The flag is read at entry: a call counts as "after close" only when it certainly began after the mark.
        boolean after = closed;
        Call call = new Call(target, method, System.nanoTime(), Instant.now(), Thread.currentThread().getName(), after);
        synchronized (calls) {
            calls.add(call);
        }
    }

    /** From now on every recorded call is flagged as made after close. Idempotent. */
    public void markClosed() {
        closed = true;
    }

    /** True once {@link #markClosed()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** A copy of every call recorded so far, in order of arrival. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** A copy of the calls recorded for one target. */
    public List<Call> calls(String target) {
        return calls().stream().filter(c -> c.target().equals(target)).toList();
    }

    /** A copy of the calls made after {@link #markClosed()}. */
    public List<Call> callsAfterClose() {
        return calls().stream().filter(Call::afterClose).toList();
    }
}
