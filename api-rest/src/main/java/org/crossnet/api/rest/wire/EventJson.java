package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;
import org.crossnet.engine.facade.EventFields;
import org.crossnet.engine.facade.EventRecord;

/** The {@code event} wire form: id, time, type and the event's components as strings ({@link EventFields}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventJson(long id, String at, String type, SortedMap<String, String> data) {

    public static EventJson of(EventRecord record) {
        return new EventJson(record.id(), Times.text(record.at()), record.event().type(),
                EventFields.of(record.event()));
    }
}
