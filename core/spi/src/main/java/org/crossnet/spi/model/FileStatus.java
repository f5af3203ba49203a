package org.crossnet.spi.model;

import java.util.Objects;

/**
 * Progress of one file of a transfer (a multi-file torrent has several; everything else has one).
 *
 * @param path          relative path inside the transfer's folder, '/'-separated, sanitised
 * @param length        file size in bytes
 * @param offset        where the file starts in the transfer's byte space
 * @param bytesVerified bytes of this file covered by a successful hash check
 */
public record FileStatus(String path, long length, long offset, long bytesVerified) {
    public FileStatus {
        Objects.requireNonNull(path, "path");
        if (length < 0 || offset < 0 || bytesVerified < 0 || bytesVerified > length) {
            throw new IllegalArgumentException("length/offset/bytesVerified: " + length + "/" + offset + "/"
                    + bytesVerified + " (expected: >= 0, >= 0, 0..length)");
        }
    }

    /** Fraction verified in [0, 1]; an empty file counts as done. */
    public double progress() {
        return length == 0 ? 1.0 : (double) bytesVerified / length;
    }
}
