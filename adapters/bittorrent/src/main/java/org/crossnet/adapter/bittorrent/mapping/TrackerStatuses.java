package org.crossnet.adapter.bittorrent.mapping;

import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.tracker.TrackerStatus;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TrackerState;

/** Maps the tracker package's per-tracker snapshots onto the SPI's {@link org.crossnet.spi.model.TrackerStatus}. */
public final class TrackerStatuses {
    private TrackerStatuses() {
    }

    /** The SPI records for {@code trackers}, in the same order, each carrying {@code network}. */
    public static List<org.crossnet.spi.model.TrackerStatus> toSpi(NetworkId network, List<TrackerStatus> trackers) {
        List<org.crossnet.spi.model.TrackerStatus> out = new ArrayList<>(trackers.size());
        for (TrackerStatus t : trackers) {
            // A tracker may answer with negative counts; the SPI reads -1 as "unknown", so clamp there.
            out.add(new org.crossnet.spi.model.TrackerStatus(network, t.url(), t.tier(), state(t.state()),
                    t.lastAnnounce(), t.nextAnnounce(), Math.max(0, t.peers()), Math.max(-1, t.seeders()),
                    Math.max(-1, t.leechers()), t.error()));
        }
        return List.copyOf(out);
    }

    /** One state onto the SPI's; the two enums name the same five states. */
    public static TrackerState state(TrackerStatus.State state) {
        switch (state) {
            case IDLE:
                return TrackerState.IDLE;
            case UPDATING:
                return TrackerState.UPDATING;
            case WORKING:
                return TrackerState.WORKING;
            case FAILED:
                return TrackerState.FAILED;
            case DISABLED:
                return TrackerState.DISABLED;
            default:
                throw new IllegalArgumentException("tracker state: " + state + " (expected: one of "
                        + List.of(TrackerStatus.State.values()) + ")");
        }
    }
}
