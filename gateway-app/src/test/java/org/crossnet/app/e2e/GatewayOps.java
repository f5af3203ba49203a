package org.crossnet.app.e2e;

import tools.jackson.databind.JsonNode;

/**
 * The operations the cross-API scenario calls, as seen through one Java client. Each returns the result in the wire
 * form of docs/api.md as a JSON tree: member names as on the wire, absent members left out, 64-bit values as numbers,
 * {@code links.torrent} as base64 text.
 */
interface GatewayOps {
    JsonNode gatewayInfo();

    JsonNode networkList();

    JsonNode shareAdd(String path);

    JsonNode shareGet(String id);

    JsonNode shareLinks(String id);

    JsonNode searchStart(String keyword);

    JsonNode searchResults(String id);

    JsonNode searchStop(String id);

    JsonNode transferAddHit(String search, int index);

    JsonNode transferList();

    JsonNode transferGet(String id);

    /** transfer.limit; a fault fails the calling test. */
    JsonNode transferLimit(String id, long downloadLimit, long uploadLimit);

    JsonNode eventPoll(long after);
}
