package org.crossnet.adapter.gnutella.routing;

/**
 * A token bucket with a flood detector, for the queries (or pings) of one connection: {@link #offer} lets a message
 * through while tokens last, drops it otherwise, and says {@link Verdict#CUT} when the peer keeps sending at more
 * than twice its rate over the detection window. Not thread-safe: one event loop owns it.
 */
public final class RateLimiter {
    /** What to do with one message. */
    public enum Verdict { ACCEPT, DROP, CUT }

    private static final long WINDOW_NANOS = 5_000_000_000L;

    private final double perNano;
    private final double burst;
    private final double cutThreshold;
    private double tokens;
    private long refilledAt;
    private long windowStart;
    private int droppedInWindow;

    /**
     * @param perSecond messages per second allowed on average
     * @param burst     messages allowed at once
     */
    public RateLimiter(double perSecond, int burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond/burst: " + perSecond + "/" + burst + " (expected: positive)");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
        this.windowStart = nowNanos;
        // Sending at twice the rate over the window drops about (rate x window) messages.
        this.cutThreshold = Math.max(burst, perSecond * WINDOW_NANOS / 1e9);
    }

    public Verdict offer(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (nowNanos - windowStart >= WINDOW_NANOS) {
            windowStart = nowNanos;
            droppedInWindow = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ACCEPT;
        }
        droppedInWindow++;
        return droppedInWindow > cutThreshold ? Verdict.CUT : Verdict.DROP;
    }
}
