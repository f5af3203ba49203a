package org.crossnet.spi;

import org.crossnet.spi.model.SearchQuery;

/** Keyword search on one network. */
public interface Searcher {
    /**
     * Starts a search. Returns at once; hits arrive on {@code sink} from any thread until the search finishes, is
     * cancelled, or the adapter closes. Called on a non-event-loop thread.
     */
    SearchHandle search(SearchQuery query, SearchSink sink);
}
