package org.crossnet.engine.storage;

/**
 * A half-open byte range {@code [start, end)} of a transfer's content. Immutable.
 *
 * @param start first byte, {@code >= 0}
 * @param end   exclusive end, {@code > start}
 */
public record ByteRange(long start, long end) {
    public ByteRange {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("range: [" + start + ", " + end + ") (expected: 0 <= start < end)");
        }
    }

    /** Number of bytes in the range. */
    public long length() {
        return end - start;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
