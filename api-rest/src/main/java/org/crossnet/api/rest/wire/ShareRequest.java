package org.crossnet.api.rest.wire;

import org.crossnet.spi.error.GatewayException;

/** Body of share.add: {@code {"path": "/srv/files/a.iso"}}, a file or a folder on the gateway's host. */
public record ShareRequest(String path) {

    public String requirePath() {
        if (path == null || path.isBlank()) {
            throw GatewayException.invalid("path", path == null ? "missing" : "blank", "a file or folder path");
        }
        return path;
    }
}
