package org.crossnet.adapter.edonkey.kad;

import org.crossnet.spi.model.Ed2kHash;

/**
 * A file this node publishes on Kad: its keywords (from the name) point to it, and this node is announced as its
 * source. Immutable.
 *
 * @param fileType the ed2k type published with the keywords ("Audio", "Video", "Image", "Doc", "Pro"), or null
 */
public record KadSharedFile(Ed2kHash hash, String name, long size, String fileType) {
    public KadSharedFile {
        if (hash == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("shared file: hash " + hash + ", name " + name
                    + " (expected: a hash and a non-empty name)");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("shared file size: " + size + " (expected: > 0)");
        }
    }

    /** A shared file typed by its name's extension ({@link Ed2kFileTypes#ofName}). */
    public static KadSharedFile of(Ed2kHash hash, String name, long size) {
        return new KadSharedFile(hash, name, size, Ed2kFileTypes.ofName(name).orElse(null));
    }
}
