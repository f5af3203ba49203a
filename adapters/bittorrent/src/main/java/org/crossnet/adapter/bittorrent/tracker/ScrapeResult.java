package org.crossnet.adapter.bittorrent.tracker;

/**
 * A tracker's counts for one torrent (BEP 48, BEP 15 scrape).
 *
 * @param complete   seeders
 * @param downloaded completed downloads the tracker has seen
 * @param incomplete leechers
 */
public record ScrapeResult(int complete, int downloaded, int incomplete) {
    public ScrapeResult {
        if (complete < 0 || downloaded < 0 || incomplete < 0) {
            throw new IllegalArgumentException("scrape counts: " + complete + "/" + downloaded + "/" + incomplete
                    + " (expected: all >= 0)");
        }
    }
}
