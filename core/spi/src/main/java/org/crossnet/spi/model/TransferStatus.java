package org.crossnet.spi.model;

import java.time.Instant;
import java.util.Map;

/**
 * One immutable snapshot of a transfer, as libtorrent's {@code torrent_status}: everything a client shows.
 *
 * @param name           display name (sanitised file name)
 * @param bytesDone      bytes written (verified or not)
 * @param bytesVerified  bytes covered by a successful hash check on at least one network
 * @param bytesTotal     size, or {@link ContentId#UNKNOWN_SIZE} while metadata is missing
 * @param downloadRate   bytes/second over the last few seconds
 * @param uploadRate     bytes/second over the last few seconds
 * @param sources        sources per network
 * @param detail         why the transfer is queued or failed; null otherwise
 */
public record TransferStatus(TransferId id, String name, ContentId content, TransferState state, long bytesDone,
                             long bytesVerified, long bytesTotal, long downloadRate, long uploadRate,
                             Map<NetworkId, SourceCount> sources, String detail, Instant addedAt) {
    public TransferStatus {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** Fraction done in [0, 1]; 0 while the size is unknown. */
    public double progress() {
        return bytesTotal > 0 ? Math.min(1.0, (double) bytesVerified / bytesTotal) : (bytesTotal == 0 ? 1.0 : 0.0);
    }
}
