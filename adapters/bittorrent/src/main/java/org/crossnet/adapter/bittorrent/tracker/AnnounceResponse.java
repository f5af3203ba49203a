package org.crossnet.adapter.bittorrent.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A tracker's answer to an announce.
 *
 * @param interval    when to announce next
 * @param minInterval the tracker's lower bound on re-announces; null when it gave none
 * @param peers       peers with literal addresses, as the tracker listed them (it may list us too)
 * @param seeders     peers with the whole torrent, -1 when unknown
 * @param leechers    peers still downloading, -1 when unknown
 * @param warning     the tracker's {@code warning message}, null when none
 */
public record AnnounceResponse(Duration interval, Duration minInterval, List<InetSocketAddress> peers, int seeders,
                               int leechers, String warning) {
    public AnnounceResponse {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: a duration >= 0)");
        }
        if (minInterval != null && minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval: " + minInterval + " (expected: null or >= 0)");
        }
        if (peers == null) {
            throw new IllegalArgumentException("peers: null (expected: a list, possibly empty)");
        }
        peers = List.copyOf(peers);
        if (seeders < -1) {
            throw new IllegalArgumentException("seeders: " + seeders + " (expected: -1 or >= 0)");
        }
        if (leechers < -1) {
            throw new IllegalArgumentException("leechers: " + leechers + " (expected: -1 or >= 0)");
        }
    }
}
