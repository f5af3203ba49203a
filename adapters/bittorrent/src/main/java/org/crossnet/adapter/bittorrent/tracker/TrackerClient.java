package org.crossnet.adapter.bittorrent.tracker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.crossnet.spi.model.InfoHash;

/**
 * One tracker URL. Methods never block and may be called from any thread, event loops included; futures complete on
 * an event loop or on the blocking executor, so dependants must not block either. A failed future carries a
 * {@link TrackerException} whose message is the reason (for a tracker's {@code failure reason}, its text).
 * Cancelling or timing out a returned future stops its retransmissions.
 */
public interface TrackerClient extends AutoCloseable {
    /** Announces {@code request}. */
    CompletableFuture<AnnounceResponse> announce(AnnounceRequest request);

    /**
     * Scrapes {@code hashes}; the map holds the hashes the tracker reported on (a tracker omits unknown torrents).
     */
    CompletableFuture<Map<InfoHash, ScrapeResult>> scrape(List<InfoHash> hashes);

    /**
     * Why this client can never announce (its URL's scheme is not supported, or the URL is malformed), or null for a
     * working client. A {@link TrackerSet} shows such a tracker as disabled from the start and never contacts it.
     */
    default String unsupportedReason() {
        return null;
    }

    /** Fails pending requests and releases resources; idempotent. */
    @Override
    void close();
}
