package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.crossnet.engine.facade.SearchView;

/** The {@code search} wire form; {@code running} and {@code finished} sorted, {@code startedAt} ISO-8601. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchJson(String id, List<String> keywords, String state, List<String> running,
                         List<String> finished, int hits, String startedAt) {

    public static SearchJson of(SearchView view) {
        return new SearchJson(view.id().toString(), view.query().keywords(), view.state().name(),
                Sorting.names(view.running()), Sorting.names(view.finished()), view.hits(),
                Times.text(view.startedAt()));
    }
}
