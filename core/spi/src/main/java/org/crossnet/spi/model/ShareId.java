package org.crossnet.spi.model;

import java.util.UUID;

/** Identity of a shared file in the library, stable across restarts. */
public record ShareId(UUID value) {
    public ShareId {
        if (value == null) {
            throw new IllegalArgumentException("ShareId: null (expected: a UUID)");
        }
    }

    /** A new random id. */
    public static ShareId random() {
        return new ShareId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text; throws IllegalArgumentException with a precise reason. */
    public static ShareId parse(String text) {
        try {
            return new ShareId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("id: " + text + " (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
