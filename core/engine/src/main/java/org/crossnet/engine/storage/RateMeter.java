package org.crossnet.engine.storage;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Bytes per second over a sliding window: the window is cut into buckets, a sample lands in the current bucket and
 * the rate is the sum of the buckets still inside the window divided by the time they span. Until a whole window has
 * passed since creation, the rate is taken over the time elapsed so far, so a new transfer shows its speed at once.
 *
 * <p>Thread-safe; {@link #record} and {@link #bytesPerSecond} are O(buckets) at worst and take one uncontended-in-
 * practice monitor, cheap enough to call for every received block.
 */
public final class RateMeter {
    /** The window the engine uses for transfer rates. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    private static final int BUCKETS = 20;

    private final LongSupplier nanoTime;
    private final long bucketNanos;
    private final long origin;
    private final long[] counts = new long[BUCKETS];
    /** The bucket number (time since origin / bucketNanos) each slot currently holds. */
    private final long[] stamps = new long[BUCKETS];
    private long total;

    /** A meter over {@link #DEFAULT_WINDOW} on {@link System#nanoTime()}. */
    public RateMeter() {
        this(DEFAULT_WINDOW, System::nanoTime);
    }

    /**
     * @param window   how far back the rate looks; at least 20 ms
     * @param nanoTime a monotonic clock in nanoseconds (tests substitute their own)
     */
    public RateMeter(Duration window, LongSupplier nanoTime) {
        if (window == null || window.toMillis() < BUCKETS) {
            throw new IllegalArgumentException("window: " + window + " (expected: at least " + BUCKETS + " ms)");
        }
        if (nanoTime == null) {
            throw new IllegalArgumentException("nanoTime: null (expected: a clock)");
        }
        this.nanoTime = nanoTime;
        this.bucketNanos = window.toNanos() / BUCKETS;
        this.origin = nanoTime.getAsLong();
        Arrays.fill(stamps, -1);
    }

    /** Counts {@code bytes} transferred now. */
    public void record(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        synchronized (this) {
            // Read the clock under the monitor: a thread stalled between the two must not reset a newer bucket.
            long bucket = (nanoTime.getAsLong() - origin) / bucketNanos;
            int slot = (int) (bucket % BUCKETS);
            if (stamps[slot] != bucket) {
                stamps[slot] = bucket;
                counts[slot] = 0;
            }
            counts[slot] += bytes;
            total += bytes;
        }
    }

    /** The current rate in bytes per second. */
    public long bytesPerSecond() {
        long elapsed;
        long sum = 0;
        synchronized (this) {
            elapsed = nanoTime.getAsLong() - origin;
            long bucket = elapsed / bucketNanos;
            for (int i = 0; i < BUCKETS; i++) {
                if (stamps[i] > bucket - BUCKETS && stamps[i] <= bucket) {
                    sum += counts[i];
                }
            }
        }
        // The window's buckets span the full older ones plus the elapsed part of the current one.
        long span = Math.min(elapsed, (BUCKETS - 1) * bucketNanos + elapsed % bucketNanos);
        span = Math.max(span, bucketNanos);
        return (long) (sum * 1_000_000_000.0 / span);
    }

    /** All bytes recorded since creation. */
    public synchronized long total() {
        return total;
    }
}
