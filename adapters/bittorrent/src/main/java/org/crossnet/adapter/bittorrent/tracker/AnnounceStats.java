package org.crossnet.adapter.bittorrent.tracker;

/**
 * The transfer counters a {@link TrackerSet} reports in each announce, read when the announce is sent.
 *
 * @param uploaded   bytes uploaded since the torrent started, >= 0
 * @param downloaded bytes downloaded since the torrent started, >= 0
 * @param left       bytes still missing, >= 0
 */
public record AnnounceStats(long uploaded, long downloaded, long left) {
    public AnnounceStats {
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("announce stats: uploaded " + uploaded + ", downloaded " + downloaded
                    + ", left " + left + " (expected: all >= 0)");
        }
    }
}
