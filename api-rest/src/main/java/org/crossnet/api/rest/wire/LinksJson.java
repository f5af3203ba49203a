package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;
import org.crossnet.engine.facade.ShareLinks;

/** The {@code links} wire form; {@code torrent} is the .torrent file in standard base64 (RFC 4648 section 4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinksJson(String magnet, String ed2k, String torrent) {

    public static LinksJson of(ShareLinks links) {
        return new LinksJson(links.magnet(), links.ed2k(),
                links.torrent() == null ? null : Base64.getEncoder().encodeToString(links.torrent().toArray()));
    }
}
