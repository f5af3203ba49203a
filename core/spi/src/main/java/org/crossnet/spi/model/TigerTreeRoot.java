package org.crossnet.spi.model;

/** Tiger tree hash root (THEX, 1024-byte leaves), as in urn:tree:tiger. */
public record TigerTreeRoot(Bytes bytes) implements ContentHash {
    /** Length in bytes. */
    public static final int LENGTH = 24;

    public TigerTreeRoot {
        Bytes.requireLength(bytes, LENGTH, "tth");
    }

    /** Parses the base32 form; throws IllegalArgumentException with a precise reason. */
    public static TigerTreeRoot parse(String text) {
        return new TigerTreeRoot(Bytes.fromBase32(text));
    }

    @Override
    public String toString() {
        return "tth:" + bytes.base32();
    }
}
