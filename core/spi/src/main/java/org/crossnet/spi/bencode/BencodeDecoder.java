package org.crossnet.spi.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.crossnet.spi.model.Bytes;

/**
 * Strict bencode decoder (BEP 3): accepts only the canonical encoding, so that {@code encode(decode(x))} equals
 * {@code x} for every accepted input. Rejects leading zeros and {@code -0} in integers, leading zeros in string
 * lengths, dictionary keys that are not byte strings or not in strictly ascending unsigned byte order, bytes after the
 * top-level value, truncated input, and input beyond the configured {@link Limits}. Limits are checked before
 * allocating. Stateless and thread-safe.
 *
 * <pre>
 * integer:    i[-]&lt;digits&gt;e      no leading zero, no -0
 * string:     &lt;digits&gt;:&lt;bytes&gt;   no leading zero in the length
 * list:       l&lt;value&gt;*e
 * dictionary: d(&lt;string&gt;&lt;value&gt;)*e   keys strictly ascending
 * </pre>
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#bencoding">BEP 3, bencoding</a>
 */
public final class BencodeDecoder {
    private final Limits limits;

    /** A decoder with {@link Limits#DEFAULT}. */
    public BencodeDecoder() {
        this(Limits.DEFAULT);
    }

    public BencodeDecoder(Limits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits: null (expected: decoder limits)");
        }
        this.limits = limits;
    }

    /**
     * Decodes exactly one value spanning the whole input.
     *
     * @throws BencodeException on malformed, non-canonical, truncated, trailing or over-limit input
     */
    public BValue decode(byte[] input) {
        if (input.length > limits.maxSize()) {
            throw new BencodeException(0, "input of " + input.length + " bytes",
                    "at most " + limits.maxSize() + " bytes");
        }
        Cursor cursor = new Cursor(input);
        BValue value = cursor.value(1);
        if (cursor.pos != input.length) {
            throw new BencodeException(cursor.pos, (input.length - cursor.pos) + " trailing bytes", "end of input");
        }
        return value;
    }

    /** Decodes {@code input}, which must hold one dictionary. */
    public BDictionary decodeDictionary(byte[] input) {
        if (input.length > 0 && input[0] != 'd') {
            throw new BencodeException(0, "value starting with " + describe(input[0]), "a dictionary");
        }
        return (BDictionary) decode(input);
    }

    /**
     * Decoder limits.
     *
     * @param maxDepth        deepest nesting of lists and dictionaries, the top-level value being depth 1
     * @param maxSize         largest input in bytes
     * @param maxStringLength longest byte string
     */
    public record Limits(int maxDepth, int maxSize, int maxStringLength) {
        /** Generous for torrents and DHT/tracker messages: depth 64, 16 MiB input, 16 MiB strings. */
        public static final Limits DEFAULT = new Limits(64, 16 << 20, 16 << 20);

        public Limits {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: >= 1)");
            }
            if (maxSize < 1) {
                throw new IllegalArgumentException("maxSize: " + maxSize + " (expected: >= 1)");
            }
            if (maxStringLength < 0) {
                throw new IllegalArgumentException("maxStringLength: " + maxStringLength + " (expected: >= 0)");
            }
        }
    }

    private static String describe(byte b) {
        return b >= 0x21 && b < 0x7F ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xFF);
    }

    private final class Cursor {
        private final byte[] in;
        private int pos;

        Cursor(byte[] in) {
            this.in = in;
        }

        private byte peek(String expected) {
            if (pos >= in.length) {
                throw new BencodeException(pos, "end of input", expected);
            }
            return in[pos];
        }

        BValue value(int depth) {
            byte b = peek("a value");
            if (b == 'i') {
                return integer();
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            if (b == 'l' || b == 'd') {
                if (depth > limits.maxDepth()) {
                    throw new BencodeException(pos, "nesting depth " + depth,
                            "at most " + limits.maxDepth());
                }
                return b == 'l' ? list(depth) : dictionary(depth);
            }
            throw new BencodeException(pos, "unexpected byte " + describe(b), "'i', 'l', 'd' or a digit");
        }

        // i[-]<digits>e
        private BInteger integer() {
            pos++;
            int start = pos;
            boolean negative = peek("a digit or '-'") == '-';
            if (negative) {
                pos++;
            }
            int firstDigit = pos;
            long value = 0;
            while (true) {
                byte b = peek("a digit or 'e'");
                if (b == 'e') {
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new BencodeException(pos, "unexpected byte " + describe(b) + " in integer",
                            "a digit or 'e'");
                }
                if (pos > firstDigit && in[firstDigit] == '0') {
                    throw new BencodeException(firstDigit, "leading zero in integer", "canonical integer");
                }
                int digit = b - '0';
                // accumulate negatively so that Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw new BencodeException(start, "integer overflow", "a 64-bit signed integer");
                }
                value = value * 10 - digit;
                pos++;
            }
            if (pos == firstDigit) {
                throw new BencodeException(pos, "empty integer", "at least one digit");
            }
            if (negative && value == 0) {
                throw new BencodeException(start, "negative zero in integer", "canonical integer");
            }
            if (!negative && value == Long.MIN_VALUE) {
                throw new BencodeException(start, "integer overflow", "a 64-bit signed integer");
            }
            pos++;
            return new BInteger(negative ? value : -value);
        }

        // <digits>:<bytes>
        private BString string() {
            int start = pos;
            long length = 0;
            while (true) {
                byte b = peek("a digit or ':'");
                if (b == ':') {
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new BencodeException(pos, "unexpected byte " + describe(b) + " in string length",
                            "a digit or ':'");
                }
                if (pos > start && in[start] == '0') {
                    throw new BencodeException(start, "leading zero in string length", "canonical length");
                }
                length = length * 10 + (b - '0');
                if (length > limits.maxStringLength()) {
                    throw new BencodeException(start, "string length over " + limits.maxStringLength(),
                            "at most " + limits.maxStringLength() + " bytes");
                }
                pos++;
            }
            if (pos == start) {
                throw new BencodeException(pos, "empty string length", "at least one digit");
            }
            pos++;
            int remaining = in.length - pos;
            if (length > remaining) {
                throw new BencodeException(start, "string length " + length + " past end of input",
                        "at most " + remaining + " bytes");
            }
            byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) length);
            pos += (int) length;
            return new BString(Bytes.of(bytes));
        }

        // l<value>*e
        private BList list(int depth) {
            pos++;
            List<BValue> values = new ArrayList<>();
            while (peek("a value or 'e'") != 'e') {
                values.add(value(depth + 1));
            }
            pos++;
            return new BList(values);
        }

        // d(<string><value>)*e
        private BDictionary dictionary(int depth) {
            int start = pos;
            pos++;
            TreeMap<BString, BValue> entries = new TreeMap<>();
            BString previous = null;
            while (true) {
                byte b = peek("a key or 'e'");
                if (b == 'e') {
                    break;
                }
                int keyAt = pos;
                if (b < '0' || b > '9') {
                    throw new BencodeException(pos, "dictionary key starting with " + describe(b),
                            "a byte string key");
                }
                BString key = string();
                if (previous != null) {
                    int cmp = previous.compareTo(key);
                    if (cmp == 0) {
                        throw new BencodeException(keyAt, "duplicate dictionary key " + quote(key), "unique keys");
                    }
                    if (cmp > 0) {
                        throw new BencodeException(keyAt, "dictionary key " + quote(key) + " after "
                                + quote(previous), "keys in ascending byte order");
                    }
                }
                entries.put(key, value(depth + 1));
                previous = key;
            }
            pos++;
            return BDictionary.decoded(entries, Bytes.of(Arrays.copyOfRange(in, start, pos)));
        }

        private String quote(BString key) {
            byte[] bytes = key.value().toArray();
            for (byte b : bytes) {
                if (b < 0x20 || b == 0x7F) {
                    return "0x" + key.value().hex();
                }
            }
            return "'" + new String(bytes, StandardCharsets.UTF_8) + "'";
        }
    }
}
