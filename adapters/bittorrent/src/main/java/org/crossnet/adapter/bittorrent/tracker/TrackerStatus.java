package org.crossnet.adapter.bittorrent.tracker;

import java.time.Instant;

/**
 * One tracker of a {@link TrackerSet}, as of {@link TrackerSet#status()}.
 *
 * @param url          the announce URL
 * @param tier         0-based BEP 12 tier
 * @param state        {@code IDLE} (not contacted yet), {@code UPDATING} (announce in flight), {@code WORKING} (last
 *                     announce answered), {@code FAILED} (last announce failed, see {@code error}) or
 *                     {@code DISABLED} (URL not supported; never contacted)
 * @param lastAnnounce when the last announce to it finished, null before
 * @param nextAnnounce when the set will announce next (to this tracker or the ones before it), null when idle
 * @param peers        peers in its last answer, 0 before
 * @param seeders      seeders in its last answer, -1 unknown
 * @param leechers     leechers in its last answer, -1 unknown
 * @param error        why the last announce failed, null otherwise
 */
public record TrackerStatus(String url, int tier, String state, Instant lastAnnounce, Instant nextAnnounce, int peers,
                            int seeders, int leechers, String error) {
}
