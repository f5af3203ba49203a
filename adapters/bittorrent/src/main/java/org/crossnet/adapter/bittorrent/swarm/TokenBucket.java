package org.crossnet.adapter.bittorrent.swarm;

import java.util.function.LongSupplier;

/**
 * A token bucket in bytes: tokens accrue at the rate, up to a burst of a tenth of a second's worth (at least two
 * 16 KiB blocks, so one block can always be paid for); a rate of 0 means no cap. One per torrent and direction, under
 * the adapter's global traffic shaping. Thread-safe.
 *
 * <p>The burst is small on purpose: over any window the bytes let through exceed {@code rate × window} by at most
 * the burst, so a cap holds within a few percent over a few seconds.
 */
final class TokenBucket {
    /** Smallest burst: two 16 KiB blocks. */
    static final long MIN_BURST = 2 * 16 * 1024;

    private final LongSupplier nanoTime;
    private long rate;
    private double tokens;
    private long last;

    TokenBucket(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
    }

    /** Sets the rate in bytes per second, 0 = unlimited; a new rate starts with a full bucket, the same one is kept. */
    synchronized void rate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate: " + bytesPerSecond + " (expected: >= 0, 0 = unlimited)");
        }
        if (bytesPerSecond == rate) {
            return;
        }
        rate = bytesPerSecond;
        last = nanoTime.getAsLong();
        tokens = burst();
    }

    synchronized long rate() {
        return rate;
    }

    synchronized boolean unlimited() {
        return rate == 0;
    }

    /** Takes {@code bytes} if that many tokens are there (always, when unlimited); false otherwise. */
    synchronized boolean tryTake(long bytes) {
        if (rate == 0) {
            return true;
        }
        refill();
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }

    /**
     * Takes {@code bytes} whether or not they are there, leaving a debt that later takers wait out (a web seed's
     * whole piece, larger than the burst). Nothing when unlimited.
     */
    synchronized void charge(long bytes) {
        if (rate != 0) {
            refill();
            tokens -= bytes;
        }
    }

    /** Gives back tokens taken for bytes that were not sent after all (never above the burst). */
    synchronized void refund(long bytes) {
        if (rate != 0) {
            tokens = Math.min(burst(), tokens + bytes);
        }
    }

    /** Nanoseconds until {@code bytes} tokens will be there (0 when they are, or when unlimited). */
    synchronized long nanosUntil(long bytes) {
        if (rate == 0) {
            return 0;
        }
        refill();
        double missing = Math.min(bytes, burst()) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * 1e9 / rate);
    }

    private long burst() {
        return Math.max(MIN_BURST, rate / 10);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst(), tokens + elapsed * (double) rate / 1e9);
            last = now;
        }
    }
}
