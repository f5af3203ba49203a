package org.crossnet.spi.model;

import java.util.List;

/**
 * One file of multi-file content (a torrent with a file list); single-file content has one, at offset 0.
 *
 * @param path   path components as in the metainfo (untrusted: sanitise before they name a file)
 * @param length bytes
 * @param offset where the file starts in the torrent's concatenated byte space
 */
public record ContentFile(List<String> path, long length, long offset) {
    public ContentFile {
        path = List.copyOf(path);
        if (path.isEmpty() || length < 0 || offset < 0) {
            throw new IllegalArgumentException("file: " + path + " length=" + length + " offset=" + offset
                    + " (expected: a path, length >= 0, offset >= 0)");
        }
    }
}
