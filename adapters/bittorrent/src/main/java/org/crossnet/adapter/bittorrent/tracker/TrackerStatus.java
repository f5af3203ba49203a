package org.crossnet.adapter.bittorrent.tracker;

import java.time.Instant;

/**
 * One tracker of a {@link TrackerSet}, as of {@link TrackerSet#status()}.
 *
 * @param url          the announce URL
 * @param tier         0-based BEP 12 tier
 * @param state        where the tracker stands
 * @param lastAnnounce when the last announce to it finished, null before
 * @param nextAnnounce when the set will announce next (to this tracker or the ones before it), null when none is
 *                     scheduled or the tracker is disabled
 * @param peers        peers in its last answer, 0 before
 * @param seeders      seeders in its last answer, -1 unknown
 * @param leechers     leechers in its last answer, -1 unknown
 * @param error        why the last announce failed or why the tracker is disabled, null otherwise
 */
public record TrackerStatus(String url, int tier, State state, Instant lastAnnounce, Instant nextAnnounce, int peers,
                            int seeders, int leechers, String error) {
    /** Where one tracker stands. */
    public enum State {
        /** Not contacted yet. */
        IDLE,
        /** An announce to it is in flight. */
        UPDATING,
        /** Its last announce was answered. */
        WORKING,
        /** Its last announce failed; {@code error} says why. */
        FAILED,
        /** Never contacted: its URL is not supported, or the torrent's private flag forbids it (BEP 27). */
        DISABLED
    }
}
