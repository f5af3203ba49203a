package org.crossnet.engine.persistence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;

/**
 * A transfer as stored in the catalogue.
 *
 * @param path        the file holding the data (part file while incomplete); null before storage exists
 * @param path        the file holding the data (part file while incomplete), or the transfer's folder when it has
 *                    several files; null before storage exists
 * @param resumeData  the storage's encoded resume state; null when none was saved
 * @param files       a multi-file transfer's files, paths relative to {@code path} (sanitised components); empty for
 *                    single-file content
 */
public record TransferRow(TransferId id, String name, TransferState state, ContentId content, List<String> peers,
                          List<String> trackers, Bytes metainfo, Path path, String detail, Instant addedAt,
                          byte[] resumeData, List<ContentFile> files) {
    public TransferRow {
        peers = List.copyOf(peers);
        trackers = List.copyOf(trackers);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A single-file transfer (no file list). */
    public TransferRow(TransferId id, String name, TransferState state, ContentId content, List<String> peers,
                       List<String> trackers, Bytes metainfo, Path path, String detail, Instant addedAt,
                       byte[] resumeData) {
        this(id, name, state, content, peers, trackers, metainfo, path, detail, addedAt, resumeData, List.of());
    }
}
