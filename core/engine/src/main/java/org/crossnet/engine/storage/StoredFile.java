package org.crossnet.engine.storage;

import java.nio.file.Path;
import org.crossnet.spi.error.GatewayException;

/**
 * One file of a transfer's content on disk: the slice {@code [offset, offset + length)} of the content's flat byte
 * space, kept in {@code partFile} while incomplete and renamed to {@code file} by {@link FileStoredContent#finish()}.
 * Single-file content is one of these at offset 0.
 *
 * @param file     the final path
 * @param partFile the path while incomplete ({@code <file>.crossnet-part} for reserved names)
 * @param length   bytes; {@code 0} for an empty file (created, never written)
 * @param offset   where the file starts in the flat byte space
 */
public record StoredFile(Path file, Path partFile, long length, long offset) {
    public StoredFile {
        if (file == null || partFile == null) {
            throw GatewayException.invalid("storedFile.file", null, "a final and a part path");
        }
        if (length < 0) {
            throw GatewayException.invalid("storedFile.length", length, ">= 0");
        }
        if (offset < 0) {
            throw GatewayException.invalid("storedFile.offset", offset, ">= 0");
        }
    }

    /** Exclusive end offset in the flat byte space. */
    public long end() {
        return offset + length;
    }
}
