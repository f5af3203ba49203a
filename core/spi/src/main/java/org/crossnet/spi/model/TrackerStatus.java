package org.crossnet.spi.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One tracker of one transfer, as the network that announces to it last saw it (BitTorrent trackers; other networks
 * may report their index servers the same way).
 *
 * @param network      the network that announces to it
 * @param url          the announce URL
 * @param tier         0-based tier (BEP 12); 0 when the network has no tiers
 * @param state        where the tracker stands
 * @param lastAnnounce when the last announce finished; null before the first
 * @param nextAnnounce when the next announce is due; null when none is scheduled
 * @param peers        peers in its last answer; 0 before
 * @param seeders      seeders in its last answer; -1 unknown
 * @param leechers     leechers in its last answer; -1 unknown
 * @param error        why the last announce failed; null otherwise
 */
public record TrackerStatus(NetworkId network, String url, int tier, TrackerState state, Instant lastAnnounce,
                            Instant nextAnnounce, int peers, int seeders, int leechers, String error) {
    public TrackerStatus {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        if (tier < 0 || peers < 0 || seeders < -1 || leechers < -1) {
            throw new IllegalArgumentException("tier/peers/seeders/leechers: " + tier + "/" + peers + "/" + seeders
                    + "/" + leechers + " (expected: >= 0, >= 0, >= -1, >= -1)");
        }
    }
}
