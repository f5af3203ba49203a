package org.crossnet.adapter.bittorrent.webseed;

/** A web seed request failed; the message reads {@code "field: value (expected: …)"} or names the network fault. */
public final class WebSeedException extends RuntimeException {
    /** Why, as far as retrying is concerned. */
    public enum Kind {
        /** Connection, timeout or a 5xx/429 answer: worth retrying later. */
        TRANSIENT,
        /** The server cannot serve us (404, a 4xx, no range support, wrong length): give the URL up. */
        PERMANENT
    }

    private final Kind kind;
    private final long retryAfterSeconds;

    public WebSeedException(Kind kind, String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public WebSeedException(Kind kind, String message) {
        this(kind, message, -1, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The server's Retry-After in seconds, or -1 when it sent none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
