package org.crossnet.adapter.gnutella.codec;

/**
 * Input that breaks the Gnutella wire format. The message reads {@code "field: value (expected: …)"}; it never
 * crosses the SPI: the session drops the message or closes the connection with a reason instead.
 */
public final class GnutellaCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GnutellaCodecException(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
