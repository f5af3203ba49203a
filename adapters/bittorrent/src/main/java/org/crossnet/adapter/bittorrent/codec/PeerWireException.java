package org.crossnet.adapter.bittorrent.codec;

/**
 * Input that breaks the peer protocol. The message reads {@code "field: value (expected: …)"}; it never crosses the
 * SPI: the session closes the connection with a reason instead.
 */
public final class PeerWireException extends RuntimeException {
    public PeerWireException(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
