package org.crossnet.spi.hash;

/** Recovery data that does not fit the tree or the trusted root; reads {@code "field: value (expected: …)"}. */
public final class AichRecoveryException extends RuntimeException {
    public AichRecoveryException(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
