package org.crossnet.adapter.edonkey.codec;

/**
 * Input that breaks the eDonkey/eMule wire format (or Kad's, which shares the tag format). The message reads
 * {@code "field: value (expected: …)"}; it never crosses the SPI: the session closes the connection with a reason
 * instead.
 */
public class Ed2kWireException extends RuntimeException {
    public Ed2kWireException(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
