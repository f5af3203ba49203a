package org.crossnet.adapter.gnutella.http.wire;

/**
 * A Gnutella HTTP header, request line or GIV line that does not parse. The message reads
 * {@code "field: value (expected: …)"}; the value is cut to 120 characters so that a hostile peer cannot make log
 * lines arbitrarily long. Never crosses the SPI: callers turn it into a 4xx answer or a dropped source.
 */
public final class HttpWireException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_CHARS = 120;

    public HttpWireException(String field, Object value, String expected) {
        super(field + ": " + shorten(value) + " (expected: " + expected + ")", null, false, false);
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "…";
    }
}
