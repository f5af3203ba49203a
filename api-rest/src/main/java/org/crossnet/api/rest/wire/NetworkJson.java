package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.crossnet.engine.facade.NetworkView;

/** The {@code network} wire form; {@code capabilities} in declaration order (SEARCH, DOWNLOAD, PUBLISH, DHT, SERVER). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkJson(String id, String displayName, boolean enabled, String state, List<String> capabilities,
                          String detail) {

    public static NetworkJson of(NetworkView view) {
        return new NetworkJson(view.id().value(), view.displayName(), view.enabled(), view.state().name(),
                view.capabilities().stream().sorted().map(Enum::name).toList(), view.detail());
    }
}
