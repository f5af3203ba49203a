package org.crossnet.spi.bencode;

/**
 * Malformed or non-canonical bencode. The message reads {@code "offset N: what (expected: what)"}, N being the byte
 * offset in the input where decoding stopped.
 */
public final class BencodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public BencodeException(long offset, String problem, String expected) {
        super("offset " + offset + ": " + problem + " (expected: " + expected + ")");
        this.offset = offset;
    }

    /** Byte offset in the input where the problem was found. */
    public long offset() {
        return offset;
    }
}
