package org.crossnet.adapter.gnutella.http.wire;

/**
 * What an uploader serves for a request's {@code Range} header, resolved against the file size (RFC 9110 §14.2).
 *
 * <pre>
 *   Range: bytes=&lt;first&gt;-&lt;last&gt;     inclusive positions
 *   Range: bytes=&lt;first&gt;-            to the end
 *   Range: bytes=-&lt;suffix&gt;           the last &lt;suffix&gt; bytes
 * </pre>
 *
 * Only the first range of a list is served (one range per response, as Gnutella servents do; a client checks the
 * Content-Range it gets). A header that is not a valid {@code bytes} range is ignored and the whole file is served,
 * as RFC 9110 §14.2 prescribes.
 *
 * @param kind  whole file, one range, or nothing satisfiable
 * @param start first byte served (0 for WHOLE)
 * @param end   exclusive end (the size for WHOLE, 0 for UNSATISFIABLE)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-14.2">RFC 9110 §14.2</a>
 */
public record RangeSelection(Kind kind, long start, long end) {
    /** The three outcomes. */
    public enum Kind {
        /** No usable Range: answer 200 with the whole file. */
        WHOLE,
        /** One satisfiable range: answer 206 with Content-Range. */
        PARTIAL,
        /** The range starts at or beyond the end: answer 416 with {@code Content-Range: bytes *}{@code /size}. */
        UNSATISFIABLE
    }

    /** Longest Range header value looked at; longer ones are ignored as a whole. */
    public static final int MAX_HEADER_LENGTH = 1024;

    public RangeSelection {
        if (kind == null || start < 0 || end < start) {
            throw new IllegalArgumentException("range: " + kind + " " + start + ".." + end
                    + " (expected: a kind and 0 <= start <= end)");
        }
    }

    /** Bytes served. */
    public long length() {
        return end - start;
    }

    /**
     * Resolves a Range header value (null when absent) against a file of {@code size} bytes.
     */
    public static RangeSelection resolve(String header, long size) {
        RangeSelection whole = new RangeSelection(Kind.WHOLE, 0, size);
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return whole;
        }
        String value = header.trim();
        int equals = value.indexOf('=');
        if (equals < 0 || !value.substring(0, equals).trim().equalsIgnoreCase("bytes")) {
            return whole;
        }
        String spec = value.substring(equals + 1);
        int comma = spec.indexOf(',');
        if (comma >= 0) {
            spec = spec.substring(0, comma);
        }
        spec = spec.trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) {
            long suffix = decimal(last);
            if (suffix < 0) {
                return whole;
            }
            if (suffix == 0 || size == 0) {
                return unsatisfiable();
            }
            return new RangeSelection(Kind.PARTIAL, size - Math.min(suffix, size), size);
        }
        long from = decimal(first);
        long to = last.isEmpty() ? Long.MAX_VALUE - 1 : decimal(last);
        if (from < 0 || to < 0 || to < from) {
            return whole;
        }
        if (from >= size) {
            return unsatisfiable();
        }
        return new RangeSelection(Kind.PARTIAL, from, Math.min(to, size - 1) + 1);
    }

    /** The request header value asking for {@code [start, end)}: {@code bytes=start-(end-1)}. */
    public static String requestHeader(long start, long end) {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("range: " + start + ".." + end + " (expected: 0 <= start < end)");
        }
        return "bytes=" + start + "-" + (end - 1);
    }

    private static RangeSelection unsatisfiable() {
        return new RangeSelection(Kind.UNSATISFIABLE, 0, 0);
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    private static long decimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
