package org.crossnet.engine.persistence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.crossnet.engine.facade.ShareState;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.ShareId;

/**
 * A library file as stored in the catalogue.
 *
 * @param mtimeMillis  the file's modification time when last hashed (with the size: the re-hash trigger)
 * @param content      null until hashed
 * @param torrentInfo  the bencoded info dictionary of its single-file torrent; null until hashed
 */
public record ShareRow(ShareId id, Path path, String name, long size, long mtimeMillis, ShareState state,
                       String detail, Instant addedAt, ContentId content, List<Ed2kHash> ed2kParts,
                       Bytes torrentInfo, int pieceLength) {
    public ShareRow {
        ed2kParts = ed2kParts == null ? List.of() : List.copyOf(ed2kParts);
    }
}
