package org.crossnet.api.rest.wire;

import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.SearchId;

/** Body of transfer.addHit: {@code {"search": "<uuid>", "index": 3}}. */
public record HitRequest(String search, Integer index) {

    public SearchId requireSearch() {
        if (search == null) {
            throw GatewayException.invalid("search", "missing", "a search id (UUID)");
        }
        return Arguments.searchId(search);
    }

    public int requireIndex() {
        if (index == null || index < 0) {
            throw GatewayException.invalid("index", index == null ? "missing" : index, "an integer >= 0");
        }
        return index;
    }
}
