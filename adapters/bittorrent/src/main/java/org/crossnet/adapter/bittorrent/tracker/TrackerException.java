package org.crossnet.adapter.bittorrent.tracker;

/**
 * Why a tracker request failed. The message is the reason: the tracker's own {@code failure reason} or error text
 * for {@link Kind#REJECTED}, otherwise a sentence reading {@code "field: value (expected: …)"}.
 */
public final class TrackerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The class of failure; {@link TrackerSet} disables trackers whose URL is {@link #UNSUPPORTED}. */
    public enum Kind {
        /** The tracker answered with a failure reason (HTTP) or an error action (UDP). */
        REJECTED,
        /** The answer was malformed, oversized or not an answer to our request. */
        PROTOCOL,
        /** No answer in time. */
        TIMEOUT,
        /** Connection, resolution or I/O failure. */
        NETWORK,
        /** The URL or the operation is not supported. */
        UNSUPPORTED,
        /** The client was closed. */
        CLOSED
    }

    private final Kind kind;

    public TrackerException(Kind kind, String message) {
        this(kind, message, null);
    }

    public TrackerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        if (kind == null) {
            throw new IllegalArgumentException("kind: null (expected: a TrackerException.Kind)");
        }
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
