package org.crossnet.spi.link;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.crossnet.spi.error.GatewayException;

/**
 * Percent-encoding (RFC 3986 section 2.1) and text checks shared by the magnet and ed2k parsers. Decoding is strict: a
 * '%' must start two hex digits and the decoded bytes must be well-formed UTF-8, because a lenient decoder lets two
 * different link texts name the same file and hides truncated copy-and-paste.
 */
final class LinkText {
    /** Longest value echoed in an error message; links may be 1 MiB and messages end up in logs and API faults. */
    private static final int SHOWN_MAX = 120;
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private LinkText() {
    }

    /** An INVALID_ARGUMENT error reading {@code "field: value (expected: …)"} with the value shortened and escaped. */
    static GatewayException invalid(String field, String value, String expected) {
        return GatewayException.invalid(field, shown(value), expected);
    }

    /** The value as safe to show: control characters as {@code \\uXXXX}, long values cut with an ellipsis. */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        if (value.isEmpty()) {
            return "(empty)";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), SHOWN_MAX) + 8);
        for (int i = 0; i < value.length() && sb.length() < SHOWN_MAX; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= SHOWN_MAX && value.length() > SHOWN_MAX) {
            sb.append("… (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8; characters that are not escaped stay as they are (pasted links often
     * carry raw spaces or non-ASCII letters).
     *
     * @param plusIsSpace whether '+' means a space (the HTML form convention some magnet producers use in dn)
     */
    static String percentDecode(String field, String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%') {
                // A run of escapes is decoded together: one character's UTF-8 bytes are always all escaped.
                ByteBuffer bytes = ByteBuffer.allocate((text.length() - i) / 3 + 1);
                while (i < text.length() && text.charAt(i) == '%') {
                    int hi = i + 1 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
                    int lo = i + 2 < text.length() ? hexValue(text.charAt(i + 2)) : -1;
                    if (hi < 0 || lo < 0) {
                        throw invalid(field, text, "'%' followed by two hex digits, at offset " + i);
                    }
                    bytes.put((byte) (hi << 4 | lo));
                    i += 3;
                }
                bytes.flip();
                out.append(decodeUtf8(field, text, bytes));
            } else {
                out.append(plusIsSpace && c == '+' ? ' ' : c);
                i++;
            }
        }
        return out.toString();
    }

    /** ASCII hex only: Character.digit would also take Arabic-Indic and fullwidth digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String decodeUtf8(String field, String text, ByteBuffer bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw invalid(field, text, "percent escapes forming valid UTF-8");
        }
    }

    /**
     * Percent-encodes every character except ASCII letters, digits, {@code -._~} and those in {@code keep}; other
     * characters become their UTF-8 bytes as uppercase {@code %XX}. The input holds no unpaired surrogate (checked
     * by {@link #requirePrintable}).
     */
    static String percentEncode(String text, String keep) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int v = b & 0xFF;
            if (isUnreserved(v) || (v < 0x80 && keep.indexOf(v) >= 0)) {
                out.append((char) v);
            } else {
                out.append('%').append(HEX_UPPER[v >> 4]).append(HEX_UPPER[v & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * Rejects null, empty, control characters (C0, DEL, C1: NUL in a name truncates it in C code and newlines forge
     * log lines) and unpaired surrogates (they cannot be encoded as UTF-8).
     */
    static String requirePrintable(String field, String value, String expected) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, value, expected);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid(field, value, expected + ", without control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(field, value, expected + ", without unpaired surrogates");
            }
        }
        return value;
    }

    /** {@link #requirePrintable} plus no whitespace, for URLs and host names. */
    static String requireToken(String field, String value, String expected) {
        requirePrintable(field, value, expected);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i))) {
                throw invalid(field, value, expected + ", without spaces");
            }
        }
        return value;
    }

    /**
     * ASCII-only case-insensitive prefix test: String.regionMatches(true, …) folds Unicode too and would read
     * {@code urn:\u017Fha1:} (long s) as {@code urn:sha1:}.
     */
    static boolean startsWithIgnoreCase(String text, String lowerPrefix) {
        if (text.length() < lowerPrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when the text is exactly {@code length} ASCII hex digits. */
    static boolean isHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (hexValue(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the text is exactly {@code length} RFC 4648 base32 characters, either case. */
    static boolean isBase32(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True when the text starts with an RFC 3986 scheme and a colon, as every tracker and source URL does. */
    static boolean hasScheme(String text) {
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = text.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean ok = letter || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True when every character is an ASCII decimal digit and there is at least one. */
    static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
