package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.crossnet.engine.facade.MergedHit;

/** The {@code hit} wire form; {@code networks} sorted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HitJson(int index, String name, long size, ContentJson content, List<String> networks, int sources) {

    public static HitJson of(MergedHit hit) {
        return new HitJson(hit.index(), hit.name(), hit.size(), ContentJson.of(hit.content()),
                Sorting.names(hit.networks()), hit.sources());
    }
}
