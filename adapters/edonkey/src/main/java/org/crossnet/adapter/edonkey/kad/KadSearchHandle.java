package org.crossnet.adapter.edonkey.kad;

/** A running Kad search. */
@FunctionalInterface
public interface KadSearchHandle {
    /** Stops the search; idempotent; once it returns, its listener is not called again. Any thread. */
    void cancel();
}
