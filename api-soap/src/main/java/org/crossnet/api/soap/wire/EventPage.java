package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>eventPage</em>: {@code events} (repeated, oldest first), {@code next} (the cursor for the next poll)
 * and {@code gap} (true when events after the request's cursor were already dropped).
 */
@XmlType(name = "eventPage", propOrder = {"events", "next", "gap"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class EventPage {
    @XmlElement
    private List<Event> events;
    @XmlElement(required = true)
    private long next;
    @XmlElement(required = true)
    private boolean gap;

    EventPage() {
    }

    public EventPage(List<Event> events, long next, boolean gap) {
        this.events = List.copyOf(events);
        this.next = next;
        this.gap = gap;
    }

    public List<Event> getEvents() {
        return events == null ? List.of() : events;
    }

    public long getNext() {
        return next;
    }

    public boolean isGap() {
        return gap;
    }
}
