package org.crossnet.engine.storage;

import java.nio.file.Path;

/**
 * Where a download lives: its part file while incomplete and the final name it is moved to. Both lie inside the
 * download folder; the part file exists (it reserves both names), the final file does not yet.
 *
 * @param file     the final path, {@code <name>}
 * @param partFile the path while incomplete, {@code <name>.crossnet-part}
 */
public record ContentTarget(Path file, Path partFile) {
    public ContentTarget {
        if (file == null || partFile == null) {
            throw new IllegalArgumentException("target: file/partFile missing (expected: both present)");
        }
    }
}
