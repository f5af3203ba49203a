package org.crossnet.adapter.gnutella.http.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-encoding of URI path segments (RFC 3986 §2.1). Unlike form decoding, {@code +} stays {@code +}:
 * Gnutella file names in {@code /get/<index>/<name>} are path segments, and gtk-gnutella escapes spaces as
 * {@code %20}.
 */
public final class UriText {
    private static final String UNRESERVED_EXTRA = "-._~!$&'()*+,;=:@";

    private UriText() {
    }

    /**
     * Decodes {@code %XX} escapes and checks that the bytes are UTF-8.
     *
     * @throws HttpWireException reading {@code "field: … (expected: …)"} on a bad escape or invalid UTF-8
     */
    public static String decode(String field, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    throw new HttpWireException(field, text, "%XX escapes with two hex digits");
                }
                out.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpWireException(field, text, "percent-escaped UTF-8");
        }
    }

    /** Encodes everything but RFC 3986 unreserved characters and sub-delimiters as UTF-8 {@code %XX}. */
    public static String encodeSegment(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xFF;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                    || (v < 0x80 && UNRESERVED_EXTRA.indexOf(v) >= 0)) {
                sb.append((char) v);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
