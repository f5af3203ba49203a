package org.crossnet.spi.model;

import java.time.Instant;
import java.util.List;
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
 * @param files          per-file progress in layout order; empty while the layout is unknown
 * @param trackers       trackers of every network taking part, as each network last reported them
 * @param downloadLimit  this transfer's download limit in bytes/second; 0 = none (global limits still apply)
 * @param uploadLimit    this transfer's upload limit in bytes/second; 0 = none
 */
public record TransferStatus(TransferId id, String name, ContentId content, TransferState state, long bytesDone,
                             long bytesVerified, long bytesTotal, long downloadRate, long uploadRate,
                             Map<NetworkId, SourceCount> sources, String detail, Instant addedAt,
                             List<FileStatus> files, List<TrackerStatus> trackers, long downloadLimit,
                             long uploadLimit) {
    public TransferStatus {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        files = files == null ? List.of() : List.copyOf(files);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        if (downloadLimit < 0 || uploadLimit < 0) {
            throw new IllegalArgumentException("downloadLimit/uploadLimit: " + downloadLimit + "/" + uploadLimit
                    + " (expected: >= 0, 0 = none)");
        }
    }

    /** A snapshot without per-file, tracker and limit details. */
    public TransferStatus(TransferId id, String name, ContentId content, TransferState state, long bytesDone,
                          long bytesVerified, long bytesTotal, long downloadRate, long uploadRate,
                          Map<NetworkId, SourceCount> sources, String detail, Instant addedAt) {
        this(id, name, content, state, bytesDone, bytesVerified, bytesTotal, downloadRate, uploadRate, sources, detail,
                addedAt, List.of(), List.of(), 0, 0);
    }

    /** Fraction done in [0, 1]; 0 while the size is unknown. */
    public double progress() {
        return bytesTotal > 0 ? Math.min(1.0, (double) bytesVerified / bytesTotal) : (bytesTotal == 0 ? 1.0 : 0.0);
    }
}
