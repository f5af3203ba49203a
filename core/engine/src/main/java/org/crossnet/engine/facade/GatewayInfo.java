package org.crossnet.engine.facade;

import java.time.Instant;

/**
 * What the gateway is and how it runs.
 *
 * @param version      the gateway's version
 * @param startedAt    when this process started
 * @param networks     adapters found
 * @param transfers    transfers known
 * @param shares       files in the library
 * @param lastEventId  the newest event id (a cursor to poll from)
 */
public record GatewayInfo(String version, Instant startedAt, int networks, int transfers, int shares,
                          long lastEventId) {
}
