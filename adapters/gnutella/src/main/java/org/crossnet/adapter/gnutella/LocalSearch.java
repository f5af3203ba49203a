package org.crossnet.adapter.gnutella;

import java.util.List;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.http.Gate;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/**
 * One of our own searches: its query GUID (hits come back routed by it), the sink, and the guarantee that no hit
 * is delivered once {@link #cancel()} returned or the adapter closed: deliveries and the cancel flag share this
 * object's monitor, and every sink call passes the adapter's gate. Thread-safe.
 */
final class LocalSearch implements SearchHandle {
    private final Guid guid;
    private final SearchQuery query;
    private final SearchSink sink;
    private final Gate gate;
    private final Runnable onCancel;
    private final long startedNanos;
    private boolean cancelled;
    private boolean finished;
    private int delivered;

    LocalSearch(Guid guid, SearchQuery query, SearchSink sink, Gate gate, Runnable onCancel, long startedNanos) {
        this.guid = guid;
        this.query = query;
        this.sink = sink;
        this.gate = gate;
        this.onCancel = onCancel;
        this.startedNanos = startedNanos;
    }

    Guid guid() {
        return guid;
    }

    SearchQuery query() {
        return query;
    }

    long startedNanos() {
        return startedNanos;
    }

    synchronized boolean active() {
        return !cancelled && !finished;
    }

    synchronized int delivered() {
        return delivered;
    }

    /** Hands hits to the sink unless cancelled, finished or closed. */
    synchronized void deliver(List<SearchHit> hits) {
        if (hits.isEmpty() || cancelled || finished) {
            return;
        }
        delivered += hits.size();
        gate.run(() -> sink.hits(hits));
    }

    /** Reports the end once; {@code reason} null on normal completion. */
    synchronized void finish(String reason) {
        if (cancelled || finished) {
            return;
        }
        finished = true;
        gate.run(() -> sink.finished(reason));
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
        }
        onCancel.run();
    }
}
