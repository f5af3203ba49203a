package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One member of an event's {@code data}, as {@code <field name="…" value="…"/>}: a component of the event record
 * in its text form (a nested content flattens to {@code content.<member>}).
 */
@XmlType(name = "eventField")
@XmlAccessorType(XmlAccessType.FIELD)
public final class EventField {
    @XmlAttribute(required = true)
    private String name;
    @XmlAttribute(required = true)
    private String value;

    EventField() {
    }

    public EventField(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }
}
