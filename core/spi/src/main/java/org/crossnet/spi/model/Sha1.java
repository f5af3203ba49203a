package org.crossnet.spi.model;

/** SHA-1 of the whole file (Gnutella HUGE urn:sha1, BitTorrent piece hashes use the same digest). */
public record Sha1(Bytes bytes) implements ContentHash {
    /** Length in bytes. */
    public static final int LENGTH = 20;

    public Sha1 {
        Bytes.requireLength(bytes, LENGTH, "sha1");
    }

    /** Parses the base32 (32 chars) or hex (40 chars) form; throws IllegalArgumentException with a precise reason. */
    public static Sha1 parse(String text) {
        return new Sha1(Bytes.fromBase32OrHex(text));
    }

    @Override
    public String toString() {
        return "sha1:" + bytes.base32();
    }
}
