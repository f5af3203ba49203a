package org.crossnet.spi.model;

/** eMule AICH root: SHA-1 tree over 180 KiB blocks within each 9,728,000-byte part. */
public record AichRoot(Bytes bytes) implements ContentHash {
    /** Length in bytes. */
    public static final int LENGTH = 20;

    public AichRoot {
        Bytes.requireLength(bytes, LENGTH, "aich");
    }

    /** Parses the base32 form; throws IllegalArgumentException with a precise reason. */
    public static AichRoot parse(String text) {
        return new AichRoot(Bytes.fromBase32(text));
    }

    @Override
    public String toString() {
        return "aich:" + bytes.base32();
    }
}
