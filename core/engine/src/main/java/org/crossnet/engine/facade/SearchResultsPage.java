package org.crossnet.engine.facade;

import java.util.List;

/**
 * One page of a search's merged hits.
 *
 * @param total   merged hits in all
 * @param offset  index of the first hit on this page
 */
public record SearchResultsPage(SearchView search, int total, int offset, List<MergedHit> hits) {
    public SearchResultsPage {
        hits = List.copyOf(hits);
    }
}
