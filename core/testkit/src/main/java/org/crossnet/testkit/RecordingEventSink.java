package org.crossnet.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.crossnet.spi.event.EventSink;
import org.crossnet.spi.event.GatewayEvent;

/** An {@link EventSink} that keeps every published event and logs each call in a {@link CallLog}. Thread-safe. */
public final class RecordingEventSink implements EventSink {
    private final CallLog log;
    private final List<GatewayEvent> events = new ArrayList<>();

    /** A sink with a log of its own. */
    public RecordingEventSink() {
        this(new CallLog());
    }

    /** A sink recording into {@code log} under the target {@code events}. */
    public RecordingEventSink(CallLog log) {
        this.log = log;
    }

    @Override
    public void publish(GatewayEvent event) {
        log.record("events", "publish");
        if (event == null) {
            throw new IllegalArgumentException("event: null (expected: a GatewayEvent)");
        }
        synchronized (events) {
            events.add(event);
        }
    }

    /** A copy of the events published so far, in order. */
    public List<GatewayEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first event matching {@code filter} published within {@code timeout}, if any. */
    public Optional<GatewayEvent> await(Predicate<GatewayEvent> filter, Duration timeout) {
        Await.until(() -> events().stream().anyMatch(filter), timeout);
        return events().stream().filter(filter).findFirst();
    }
}
