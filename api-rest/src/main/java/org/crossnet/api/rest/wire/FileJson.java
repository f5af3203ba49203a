package org.crossnet.api.rest.wire;

import org.crossnet.spi.model.FileStatus;

/**
 * One entry of a transfer's {@code files}: its path inside the transfer's folder ('/'-separated; a single file's
 * name), length, offset in the transfer's byte space and bytes verified.
 */
public record FileJson(String path, long length, long offset, long bytesVerified) {

    public static FileJson of(FileStatus file) {
        return new FileJson(file.path(), file.length(), file.offset(), file.bytesVerified());
    }
}
