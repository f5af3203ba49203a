package org.crossnet.api.rest.wire;

import java.util.List;
import org.crossnet.engine.facade.EventPage;

/** The {@code eventPage} wire form: events oldest first, the next cursor, and whether events were dropped. */
public record EventPageJson(List<EventJson> events, long next, boolean gap) {

    public static EventPageJson of(EventPage page) {
        return new EventPageJson(page.events().stream().map(EventJson::of).toList(), page.next(), page.gap());
    }
}
