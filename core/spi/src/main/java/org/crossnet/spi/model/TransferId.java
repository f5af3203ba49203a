package org.crossnet.spi.model;

import java.util.UUID;

/** Identity of a transfer, stable across restarts. */
public record TransferId(UUID value) {
    public TransferId {
        if (value == null) {
            throw new IllegalArgumentException("TransferId: null (expected: a UUID)");
        }
    }

    /** A new random id. */
    public static TransferId random() {
        return new TransferId(UUID.randomUUID());
    }

    /** Parses the canonical UUID text; throws IllegalArgumentException with a precise reason. */
    public static TransferId parse(String text) {
        try {
            return new TransferId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("id: " + text + " (expected: a UUID like 123e4567-e89b-12d3-a456-426614174000)");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
