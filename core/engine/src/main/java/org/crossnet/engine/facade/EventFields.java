package org.crossnet.engine.facade;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The {@code data} member of an event on every API: the event record's components by name as strings, so that the
 * three front-ends render events identically. A nested {@link ContentId} flattens to {@code content.<member>}; null
 * components are left out.
 */
public final class EventFields {
    private EventFields() {
    }

    /** The event's fields, sorted by name. */
    public static SortedMap<String, String> of(GatewayEvent event) {
        SortedMap<String, String> fields = new TreeMap<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("event component unreadable: " + component, e);
            }
            put(fields, component.getName(), value);
        }
        return fields;
    }

    /** The members of a content id as strings, with the wire encodings of docs/api.md. */
    public static SortedMap<String, String> content(ContentId content) {
        SortedMap<String, String> fields = new TreeMap<>();
        fields.put("size", Long.toString(content.size()));
        if (content.name() != null) {
            fields.put("name", content.name());
        }
        for (ContentHash hash : content.hashes()) {
            fields.put(hashName(hash), hashText(hash));
        }
        return fields;
    }

    /** The wire member name of a hash kind: sha1, ed2k, aich, tth, btih. */
    public static String hashName(ContentHash hash) {
        if (hash instanceof Sha1) {
            return "sha1";
        } else if (hash instanceof Ed2kHash) {
            return "ed2k";
        } else if (hash instanceof AichRoot) {
            return "aich";
        } else if (hash instanceof TigerTreeRoot) {
            return "tth";
        }
        return "btih";
    }

    /** The wire text of a hash: hex for ed2k and btih, base32 for the others. */
    public static String hashText(ContentHash hash) {
        return hash instanceof Ed2kHash || hash instanceof InfoHash ? hash.bytes().hex() : hash.bytes().base32();
    }

    private static void put(Map<String, String> fields, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof ContentId content) {
            content(content).forEach((k, v) -> fields.put(name + "." + k, v));
        } else {
            fields.put(name, value.toString());
        }
    }
}
