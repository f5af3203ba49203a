package org.crossnet.spi;

/** A running search on one network. */
@FunctionalInterface
public interface SearchHandle {
    /** Stops the search; idempotent; after it returns no more hits are delivered. */
    void cancel();
}
