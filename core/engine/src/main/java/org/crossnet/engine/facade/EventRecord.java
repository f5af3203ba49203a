package org.crossnet.engine.facade;

import java.time.Instant;
import org.crossnet.spi.event.GatewayEvent;

/** An event stamped by the bus with its id (monotonic across restarts) and time. */
public record EventRecord(long id, Instant at, GatewayEvent event) {
}
