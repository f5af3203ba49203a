package org.crossnet.api.rest.wire;

import org.crossnet.spi.error.GatewayException;

/**
 * Body of transfer.limit: {@code {"downloadLimit": 1048576, "uploadLimit": 0}}, bytes/second, 0 = no limit. Both
 * members are required, so that a typo in one name cannot silently lift a limit; their range is the engine's to
 * judge.
 */
public record LimitRequest(Long downloadLimit, Long uploadLimit) {

    public long requireDownloadLimit() {
        return require("downloadLimit", downloadLimit);
    }

    public long requireUploadLimit() {
        return require("uploadLimit", uploadLimit);
    }

    private static long require(String field, Long value) {
        if (value == null) {
            throw GatewayException.invalid(field, "missing", "bytes/second >= 0, 0 = no limit");
        }
        return value;
    }
}
