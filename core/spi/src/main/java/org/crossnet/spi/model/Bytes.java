package org.crossnet.spi.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An immutable byte sequence with value equality: the payload of hash identities and other binary model fields.
 * Thread-safe. {@link #toArray()} returns a copy.
 */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** Copies {@code value}. */
    public static Bytes of(byte[] value) {
        return new Bytes(value.clone());
    }

    /**
     * Parses lowercase or uppercase hex.
     *
     * @throws IllegalArgumentException reading {@code "hex: … (expected: …)"}
     */
    public static Bytes fromHex(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex: " + hex + " (expected: an even number of hex digits)");
        }
        try {
            return new Bytes(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hex: " + hex + " (expected: hex digits only)");
        }
    }

    /**
     * Parses RFC 4648 base32 without padding, case-insensitive (as in urn:sha1 and urn:tree:tiger).
     *
     * @throws IllegalArgumentException reading {@code "base32: … (expected: …)"}
     */
    public static Bytes fromBase32(String text) {
        if (text == null) {
            throw new IllegalArgumentException("base32: null (expected: base32 text)");
        }
        String upper = text.toUpperCase(Locale.ROOT);
        int bits = upper.length() * 5;
        byte[] out = new byte[bits / 8];
        int buffer = 0;
        int count = 0;
        int pos = 0;
        for (int i = 0; i < upper.length(); i++) {
            int v = BASE32.indexOf(upper.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("base32: " + text + " (expected: A-Z and 2-7 only)");
            }
            buffer = (buffer << 5) | v;
            count += 5;
            if (count >= 8) {
                count -= 8;
                if (pos < out.length) {
                    out[pos++] = (byte) (buffer >> count);
                }
                buffer &= (1 << count) - 1;
            }
        }
        if (buffer != 0) {
            throw new IllegalArgumentException("base32: " + text + " (expected: canonical encoding, zero pad bits)");
        }
        return new Bytes(out);
    }

    public int length() {
        return value.length;
    }

    public byte get(int index) {
        return value[index];
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return value.clone();
    }

    /** Lowercase hex. */
    public String hex() {
        return HEX.formatHex(value);
    }

    /** RFC 4648 base32, uppercase, no padding. */
    public String base32() {
        StringBuilder sb = new StringBuilder((value.length * 8 + 4) / 5);
        int buffer = 0;
        int count = 0;
        for (byte b : value) {
            buffer = (buffer << 8) | (b & 0xFF);
            count += 8;
            while (count >= 5) {
                count -= 5;
                sb.append(BASE32.charAt((buffer >> count) & 31));
            }
            buffer &= (1 << count) - 1;
        }
        if (count > 0) {
            sb.append(BASE32.charAt((buffer << (5 - count)) & 31));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return hex();
    }

    /** Parses hex when the text has an even length of hex digits matching a 20-byte value, base32 otherwise. */
    public static Bytes fromBase32OrHex(String text) {
        if (text != null && text.length() == 40) {
            return fromHex(text);
        }
        return fromBase32(text);
    }

    static Bytes requireLength(Bytes bytes, int length, String field) {
        if (bytes == null || bytes.length() != length) {
            throw new IllegalArgumentException(field + ": " + (bytes == null ? "null" : bytes.length() + " bytes")
                    + " (expected: " + length + " bytes)");
        }
        return bytes;
    }
}
