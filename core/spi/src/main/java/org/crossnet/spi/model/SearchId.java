package org.crossnet.spi.model;

import java.util.UUID;

/** Handle of a running or finished search. */
public record SearchId(UUID value) {
    public SearchId {
        if (value == null) {
            throw new IllegalArgumentException("SearchId: null (expected: a UUID)");
        }
    }

    /** A new random id. */
    public static SearchId random() {
        return new SearchId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text; throws IllegalArgumentException with a precise reason. */
    public static SearchId parse(String text) {
        try {
            return new SearchId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("id: " + text + " (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
