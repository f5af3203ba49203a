package org.crossnet.spi.bencode;

import java.nio.charset.StandardCharsets;
import org.crossnet.spi.model.Bytes;

/**
 * A bencoded byte string, {@code <length>:<bytes>}. Bencode strings are raw bytes: text fields such as a torrent's
 * name are UTF-8 by convention only. Ordered as dictionary keys are: unsigned byte-wise, shorter prefix first.
 */
public record BString(Bytes value) implements BValue, Comparable<BString> {
    public BString {
        if (value == null) {
            throw new IllegalArgumentException("value: null (expected: bytes, possibly empty)");
        }
    }

    /** The UTF-8 encoding of {@code text}. */
    public static BString of(String text) {
        return new BString(Bytes.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A copy of {@code bytes}. */
    public static BString of(byte[] bytes) {
        return new BString(Bytes.of(bytes));
    }

    /** The bytes decoded as UTF-8; malformed sequences become U+FFFD. */
    public String utf8() {
        return new String(value.toArray(), StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(BString other) {
        Bytes a = value;
        Bytes b = other.value;
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int cmp = Integer.compare(a.get(i) & 0xFF, b.get(i) & 0xFF);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    @Override
    public String toString() {
        return "BString[" + utf8() + "]";
    }
}
