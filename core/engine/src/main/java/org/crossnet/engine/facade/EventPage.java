package org.crossnet.engine.facade;

import java.util.List;

/**
 * A page of events for a cursor.
 *
 * @param events  oldest first
 * @param next    the cursor for the next poll (the last id returned, or the request's cursor when empty)
 * @param gap     true when events after the request's cursor were already dropped from the buffer
 */
public record EventPage(List<EventRecord> events, long next, boolean gap) {
    public EventPage {
        events = List.copyOf(events);
    }
}
