package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.crossnet.spi.model.TrackerStatus;

/**
 * One entry of a transfer's {@code trackers}, as the network announcing to it last reported it: {@code state} is
 * IDLE, UPDATING, WORKING, FAILED or DISABLED; {@code seeders} and {@code leechers} are -1 when unknown; the announce
 * times and {@code error} are omitted when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackerJson(String network, String url, int tier, String state, String lastAnnounce,
                          String nextAnnounce, int peers, int seeders, int leechers, String error) {

    public static TrackerJson of(TrackerStatus tracker) {
        return new TrackerJson(tracker.network().value(), tracker.url(), tracker.tier(), tracker.state().name(),
                Times.text(tracker.lastAnnounce()), Times.text(tracker.nextAnnounce()), tracker.peers(),
                tracker.seeders(), tracker.leechers(), tracker.error());
    }
}
