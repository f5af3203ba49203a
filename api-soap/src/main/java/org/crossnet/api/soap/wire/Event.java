package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>event</em>: {@code id} (monotonic), {@code at} (ISO-8601 UTC), {@code type} (e.g.
 * {@code transfer.state}) and {@code data}, the event's fields sorted by name as
 * {@code <data><field name="…" value="…"/>…</data>}.
 */
@XmlType(name = "event", propOrder = {"id", "at", "type", "data"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Event {
    @XmlElement(required = true)
    private long id;
    @XmlElement(required = true)
    private String at;
    @XmlElement(required = true)
    private String type;
    @XmlElementWrapper(name = "data", required = true)
    @XmlElement(name = "field")
    private List<EventField> data;

    Event() {
    }

    public Event(long id, String at, String type, List<EventField> data) {
        this.id = id;
        this.at = at;
        this.type = type;
        this.data = List.copyOf(data);
    }

    public long getId() {
        return id;
    }

    public String getAt() {
        return at;
    }

    public String getType() {
        return type;
    }

    public List<EventField> getData() {
        return data == null ? List.of() : data;
    }
}
