package org.crossnet.engine.facade;

import java.time.Instant;
import java.util.Set;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;

/**
 * A search handle with its state.
 *
 * @param running   networks still searching
 * @param finished  networks done (or failed)
 * @param hits      merged hits so far
 */
public record SearchView(SearchId id, SearchQuery query, SearchState state, Set<NetworkId> running,
                         Set<NetworkId> finished, int hits, Instant startedAt) {
    public SearchView {
        running = Set.copyOf(running);
        finished = Set.copyOf(finished);
    }
}
