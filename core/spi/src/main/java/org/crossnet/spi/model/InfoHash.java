package org.crossnet.spi.model;

/** BitTorrent v1 infohash: SHA-1 of the bencoded info dictionary as received. */
public record InfoHash(Bytes bytes) implements ContentHash {
    /** Length in bytes. */
    public static final int LENGTH = 20;

    public InfoHash {
        Bytes.requireLength(bytes, LENGTH, "btih");
    }

    /** Parses the hex (40 chars) or base32 (32 chars) form; throws IllegalArgumentException with a precise reason. */
    public static InfoHash parse(String text) {
        return new InfoHash(Bytes.fromBase32OrHex(text));
    }

    @Override
    public String toString() {
        return "btih:" + bytes.hex();
    }
}
