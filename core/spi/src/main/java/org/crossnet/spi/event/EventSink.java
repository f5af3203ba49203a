package org.crossnet.spi.event;

/** Where an adapter publishes its events. Thread-safe; never blocks; may be called from an event loop. */
@FunctionalInterface
public interface EventSink {
    void publish(GatewayEvent event);
}
