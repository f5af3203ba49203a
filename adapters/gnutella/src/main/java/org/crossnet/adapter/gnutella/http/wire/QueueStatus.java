package org.crossnet.adapter.gnutella.http.wire;

import java.util.Locale;

/**
 * An uploader's queue report, in either of the two forms servents send.
 *
 * <pre>
 *   X-Queue: position=2,length=5,limit=4,pollMin=45,pollMax=120          active queuing (LimeWire; GDF)
 *   X-Queued: position=1503; length=1840; ETA=4200; lifetime=3600; ID=6a07…   PARQ 1.x (gtk-gnutella)
 * </pre>
 *
 * Items are {@code key=value}, separated by commas or semicolons with optional spaces; keys are case-insensitive
 * and unknown keys are skipped (PARQ §4: "the order must not be relied upon"). Absent numbers are -1; an absent ID is
 * null. gtk-gnutella also sends {@code X-Queued: ID=…} alone in a 200 answer, so every field is optional here and the
 * caller decides which it needs.
 *
 * @param position   1-based place in the queue
 * @param length     entries in the queue
 * @param limit      upload slots of the server
 * @param pollMin    seconds before which a re-request is too early
 * @param pollMax    seconds after which the server forgets the entry
 * @param lifetime   PARQ: seconds the server keeps the entry
 * @param id         PARQ: the entry's token, echoed by the client in its next requests
 * @see <a href="http://getenvy.com/archives/the-gdf.org/Active_Queuing_Extension.html">Active Queuing Extension</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/gnutella/PARQ">PARQ 1.1 §4</a>
 */
public record QueueStatus(int position, int length, int limit, int pollMin, int pollMax, int lifetime, String id) {
    /** Longest header value looked at. */
    public static final int MAX_LENGTH = 512;
    private static final int MAX_ID_LENGTH = 64;

    public QueueStatus {
        for (int v : new int[] {position, length, limit, pollMin, pollMax, lifetime}) {
            if (v < -1) {
                throw new IllegalArgumentException("queue: " + v + " (expected: >= 0, or -1 when absent)");
            }
        }
        if (id != null && (id.isEmpty() || id.length() > MAX_ID_LENGTH || !isToken(id))) {
            throw new HttpWireException("queue.id", id, "1.." + MAX_ID_LENGTH + " letters or digits");
        }
    }

    /**
     * Parses an X-Queue or X-Queued response value.
     *
     * @throws HttpWireException reading {@code "queue.<key>: … (expected: …)"}
     */
    public static QueueStatus parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new HttpWireException("queue", value, "at most " + MAX_LENGTH + " characters of key=value items");
        }
        int position = -1;
        int length = -1;
        int limit = -1;
        int pollMin = -1;
        int pollMax = -1;
        int lifetime = -1;
        String id = null;
        for (String item : value.split("[,;]")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new HttpWireException("queue", value, "key=value items separated by ',' or ';'");
            }
            String key = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = trimmed.substring(eq + 1).trim();
            switch (key) {
                case "position" -> position = number(key, v);
                case "length" -> length = number(key, v);
                case "limit" -> limit = number(key, v);
                case "pollmin" -> pollMin = number(key, v);
                case "pollmax" -> pollMax = number(key, v);
                case "lifetime" -> lifetime = number(key, v);
                case "id" -> id = unquote(v);
                default -> {
                    // ETA and extensions (LimeWire's id="general") carry nothing a downloader acts on.
                }
            }
        }
        return new QueueStatus(position, length, limit, pollMin, pollMax, lifetime, id);
    }

    /** The legacy {@code X-Queue} response value. */
    public String xQueue() {
        return "position=" + position + ",length=" + length + ",limit=" + limit + ",pollMin=" + pollMin
                + ",pollMax=" + pollMax;
    }

    /** The PARQ {@code X-Queued} response value; needs an id. */
    public String xQueued() {
        if (id == null) {
            throw new IllegalStateException("queue.id: null (expected: an id for X-Queued)");
        }
        return "position=" + position + "; length=" + length + "; lifetime=" + lifetime + "; ID=" + id;
    }

    /** The {@code X-Queued} value a client sends back to keep its place: {@code position=…; ID=…}. */
    public String echo() {
        if (id == null) {
            throw new IllegalStateException("queue.id: null (expected: an id to echo)");
        }
        return (position >= 0 ? "position=" + position + "; " : "") + "ID=" + id;
    }

    /**
     * Parses the version a client announces in its request's {@code X-Queue} header ({@code 0.1}, {@code 1.0},
     * {@code 1.1}); returns the major number, or -1 when the value is not {@code <major>.<minor>}.
     */
    public static int clientMajorVersion(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        int dot = v.indexOf('.');
        if (dot <= 0 || dot > 3 || dot == v.length() - 1 || v.length() > 8) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (i != dot && (c < '0' || c > '9')) {
                return -1;
            }
        }
        return Integer.parseInt(v.substring(0, dot));
    }

    private static int number(String key, String v) {
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpWireException("queue." + key, v, "a decimal 0..999999999");
        }
        return Integer.parseInt(v);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
