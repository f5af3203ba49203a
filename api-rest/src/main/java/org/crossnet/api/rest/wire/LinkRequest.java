package org.crossnet.api.rest.wire;

import org.crossnet.spi.error.GatewayException;

/** Body of transfer.addLink: {@code {"link": "magnet:?…"}} or an ed2k:// file link. */
public record LinkRequest(String link) {

    /** The link; throws INVALID_ARGUMENT when missing or blank (the engine judges its syntax). */
    public String requireLink() {
        if (link == null || link.isBlank()) {
            throw GatewayException.invalid("link", link == null ? "missing" : "blank", "a magnet URI or an ed2k:// file link");
        }
        return link;
    }
}
