package org.crossnet.spi;

import java.nio.file.Path;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.ShareId;

/**
 * A fully hashed file the gateway shares (a library file, or a completed download).
 *
 * @param path           where to read it; read with blocking I/O off the event loops
 * @param ed2kPartHashes the MD4 hashset (empty for files below one part)
 * @param torrentInfo    the bencoded info dictionary whose SHA-1 is {@code content.btih()}
 * @param trackers       tracker URLs the gateway puts in this file's links ({@code crossnet.share-trackers}); a
 *                       network that uses trackers announces the file to them; never null, often empty
 */
public record SharedFile(ShareId share, ContentId content, Path path, List<Ed2kHash> ed2kPartHashes,
                         Bytes torrentInfo, List<String> trackers) {
    public SharedFile {
        ed2kPartHashes = ed2kPartHashes == null ? List.of() : List.copyOf(ed2kPartHashes);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }

    /** A shared file without trackers. */
    public SharedFile(ShareId share, ContentId content, Path path, List<Ed2kHash> ed2kPartHashes, Bytes torrentInfo) {
        this(share, content, path, ed2kPartHashes, torrentInfo, List.of());
    }
}
