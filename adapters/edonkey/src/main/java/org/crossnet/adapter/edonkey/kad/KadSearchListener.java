package org.crossnet.adapter.edonkey.kad;

import java.util.List;

/**
 * Receives one Kad search's results. Called on the node's thread, never after the search's handle was cancelled or
 * the node closed; implementations must not block.
 *
 * @param <T> {@link KadKeywordResult} or {@link KadSource}
 */
public interface KadSearchListener<T> {
    /** New results, each reported once per search. */
    void results(List<T> results);

    /** The search ended; no call follows. {@code reason} is null on normal completion. */
    void finished(String reason);
}
