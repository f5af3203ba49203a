package org.crossnet.adapter.bittorrent.swarm;

import java.util.concurrent.CompletableFuture;
import org.crossnet.adapter.bittorrent.webseed.WebSeedUrls;

/** One web seed (BEP 19) of a torrent: what it is fetching, when it may be asked again. Guarded by the torrent. */
final class WebSeed {
    final WebSeedUrls urls;
    /** The piece being fetched, or -1. */
    int piece = -1;
    CompletableFuture<byte[]> inFlight;
    /** Host time before which it is not asked again (after a failure). */
    long retryAtNanos;
    /** Failures in a row, for the backoff. */
    int failures;
    /** Pieces from it that failed their SHA-1 check. */
    int strikes;
    /** Why it is no longer used, or null. */
    String disabled;
    /** The last failure, or null after a success. */
    String lastError;
    long downloaded;

    WebSeed(WebSeedUrls urls) {
        this.urls = urls;
    }
}
