package org.crossnet.api.rest.wire;

import java.util.Base64;
import org.crossnet.spi.error.GatewayException;

/** JSON body of transfer.addTorrent for clients that cannot send raw bytes: {@code {"torrent": "<base64>"}}. */
public record TorrentRequest(String torrent) {

    /** The decoded .torrent bytes; throws INVALID_ARGUMENT when missing, empty or not standard base64. */
    public byte[] decode() {
        if (torrent == null) {
            throw GatewayException.invalid("torrent", "missing", "the .torrent file in base64");
        }
        byte[] bytes;
        try {
            // Line breaks are tolerated (some encoders wrap at 76 columns); any other stray character is an error.
            bytes = Base64.getDecoder().decode(torrent.replaceAll("[\\r\\n ]", ""));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("torrent", "not base64", "the .torrent file in standard base64");
        }
        if (bytes.length == 0) {
            throw GatewayException.invalid("torrent", "empty", "the .torrent file in base64");
        }
        return bytes;
    }
}
