package org.crossnet.adapter.edonkey.swarm;

import java.nio.file.Path;
import java.util.List;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Ed2kHash;

/**
 * A file we serve on eD2k, from an SPI {@link SharedFile}: identity, name, size, where to read it, its hashset and
 * AICH root when known. Immutable.
 */
public record SharedEntry(Ed2kHash hash, String name, long size, Path path, List<Ed2kHash> partHashes,
                          AichRoot aich) {
    public SharedEntry {
        partHashes = List.copyOf(partHashes);
    }

    /**
     * The entry for a shared file, or null when it has no ed2k identity or known size (a share still hashing, or one
     * from a network that gave no ed2k hash).
     */
    public static SharedEntry of(SharedFile file) {
        if (file.content().ed2k() == null || !file.content().sizeKnown() || file.content().size() <= 0
                || file.path() == null) {
            return null;
        }
        String name = file.content().name() != null ? file.content().name()
                : file.path().getFileName().toString();
        return new SharedEntry(file.content().ed2k(), name, file.content().size(), file.path(),
                file.ed2kPartHashes(), file.content().aich());
    }
}
