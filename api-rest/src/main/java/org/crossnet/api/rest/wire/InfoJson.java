package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.crossnet.engine.facade.GatewayInfo;

/** The {@code info} wire form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InfoJson(String version, String startedAt, int networks, int transfers, int shares, long lastEventId) {

    public static InfoJson of(GatewayInfo info) {
        return new InfoJson(info.version(), Times.text(info.startedAt()), info.networks(), info.transfers(),
                info.shares(), info.lastEventId());
    }
}
