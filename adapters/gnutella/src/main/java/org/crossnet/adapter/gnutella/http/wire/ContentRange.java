package org.crossnet.adapter.gnutella.http.wire;

/**
 * A response's {@code Content-Range} (RFC 9110 §14.4), for a range of a file of known size.
 *
 * <pre>
 *   Content-Range: bytes &lt;first&gt;-&lt;last&gt;/&lt;size&gt;     inclusive positions
 *   Content-Range: bytes *&#47;&lt;size&gt;                   with 416
 * </pre>
 *
 * Old servents (LimeWire before 4.x) wrote {@code bytes=} instead of {@code bytes }; both are read.
 *
 * @param start first byte, inclusive
 * @param end   exclusive end; {@code start == end == 0} for the unsatisfied form
 * @param size  the whole file's size
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-14.4">RFC 9110 §14.4</a>
 */
public record ContentRange(long start, long end, long size) {
    private static final String EXPECTED = "bytes <first>-<last>/<size> with first <= last < size";

    public ContentRange {
        if (size < 0 || start < 0 || end < start || end > size) {
            throw new HttpWireException("content-range", start + "-" + end + "/" + size, EXPECTED);
        }
    }

    /** Bytes in the range. */
    public long length() {
        return end - start;
    }

    /** True for the {@code bytes *}{@code /size} form. */
    public boolean unsatisfied() {
        return start == end;
    }

    /** The header value. */
    public String headerValue() {
        return unsatisfied() ? "bytes */" + size : "bytes " + start + "-" + (end - 1) + "/" + size;
    }

    /** The {@code bytes *}{@code /size} value sent with 416. */
    public static ContentRange unsatisfied(long size) {
        return new ContentRange(0, 0, size);
    }

    /**
     * Parses a header value.
     *
     * @throws HttpWireException reading {@code "content-range: … (expected: …)"}
     */
    public static ContentRange parse(String value) {
        if (value == null || value.length() > 100) {
            throw new HttpWireException("content-range", value, EXPECTED);
        }
        String v = value.trim();
        if (v.length() < 6 || !v.regionMatches(true, 0, "bytes", 0, 5) || (v.charAt(5) != ' ' && v.charAt(5) != '=')) {
            throw new HttpWireException("content-range", value, EXPECTED);
        }
        String rest = v.substring(6).trim();
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new HttpWireException("content-range", value, EXPECTED);
        }
        long size = decimal(value, rest.substring(slash + 1).trim());
        String range = rest.substring(0, slash).trim();
        if (range.equals("*")) {
            return unsatisfied(size);
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
            throw new HttpWireException("content-range", value, EXPECTED);
        }
        long first = decimal(value, range.substring(0, dash).trim());
        long last = decimal(value, range.substring(dash + 1).trim());
        if (last < first || last >= size) {
            throw new HttpWireException("content-range", value, EXPECTED);
        }
        return new ContentRange(first, last + 1, size);
    }

    private static long decimal(String whole, String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpWireException("content-range", whole, EXPECTED);
        }
        return Long.parseLong(text);
    }
}
