package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.crossnet.engine.facade.SearchResultsPage;

/** The {@code searchResults} wire form: one page of merged hits with the search they belong to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResultsJson(SearchJson search, int total, int offset, List<HitJson> hits) {

    public static SearchResultsJson of(SearchResultsPage page) {
        return new SearchResultsJson(SearchJson.of(page.search()), page.total(), page.offset(),
                page.hits().stream().map(HitJson::of).toList());
    }
}
