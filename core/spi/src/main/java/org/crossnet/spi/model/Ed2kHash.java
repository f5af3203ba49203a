package org.crossnet.spi.model;

/** eDonkey file identity: MD4 of the file, or MD4 of the concatenated MD4 part hashes (see docs/architecture.md). */
public record Ed2kHash(Bytes bytes) implements ContentHash {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    public Ed2kHash {
        Bytes.requireLength(bytes, LENGTH, "ed2k");
    }

    /** Parses the hex form; throws IllegalArgumentException with a precise reason. */
    public static Ed2kHash parse(String text) {
        return new Ed2kHash(Bytes.fromHex(text));
    }

    @Override
    public String toString() {
        return "ed2k:" + bytes.hex();
    }
}
