package org.crossnet.engine.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of bytes kept as merged, non-adjacent half-open ranges, so that a mostly contiguous download costs a handful
 * of entries however large it is. Not thread-safe: {@link FileStoredContent} guards its instances.
 */
final class ByteRangeSet {
    /** start → exclusive end; ranges never overlap or touch. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long covered;

    /** Adds {@code [start, end)}, merging with neighbours; empty ranges are ignored. */
    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        Map.Entry<Long, Long> below = ranges.floorEntry(start);
        if (below != null && below.getValue() >= start) {
            if (below.getValue() >= end) {
                return;
            }
            start = below.getKey();
            end = Math.max(end, below.getValue());
            removeEntry(below.getKey());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
                next != null && next.getKey() <= end;
                next = ranges.ceilingEntry(start)) {
            end = Math.max(end, next.getValue());
            removeEntry(next.getKey());
        }
        ranges.put(start, end);
        covered += end - start;
    }

    /** Removes {@code [start, end)}; returns the number of bytes that were in the set. */
    long remove(long start, long end) {
        if (end <= start) {
            return 0;
        }
        long before = covered;
        Map.Entry<Long, Long> below = ranges.lowerEntry(start);
        if (below != null && below.getValue() > start) {
            long belowEnd = below.getValue();
            removeEntry(below.getKey());
            putRange(below.getKey(), start);
            if (belowEnd > end) {
                putRange(end, belowEnd);
                return before - covered;
            }
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
                next != null && next.getKey() < end;
                next = ranges.ceilingEntry(start)) {
            long nextEnd = next.getValue();
            removeEntry(next.getKey());
            if (nextEnd > end) {
                putRange(end, nextEnd);
                break;
            }
        }
        return before - covered;
    }

    /** True when every byte of {@code [start, end)} is in the set; an empty range is always contained. */
    boolean contains(long start, long end) {
        if (end <= start) {
            return true;
        }
        Map.Entry<Long, Long> below = ranges.floorEntry(start);
        return below != null && below.getValue() >= end;
    }

    /** Number of bytes of {@code [start, end)} in the set. */
    long coveredWithin(long start, long end) {
        long sum = 0;
        for (ByteRange r : intersect(start, end)) {
            sum += r.length();
        }
        return sum;
    }

    /**
     * Bytes of the set inside each of the intervals {@code [starts[i], ends[i])}, which must be sorted and must not
     * overlap (a layout's files). One merge walk over the intervals and the ranges from the first interval on, so a
     * torrent of many files with a contiguous download costs O(files + ranges), not one tree search per file.
     *
     * @throws IllegalArgumentException when the intervals are not sorted, overlap or have an end before their start
     */
    long[] coveredWithin(long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("intervals: " + starts.length + " starts, " + ends.length
                    + " ends (expected: as many of each)");
        }
        for (int i = 0; i < starts.length; i++) {
            if (ends[i] < starts[i] || i > 0 && starts[i] < ends[i - 1]) {
                throw new IllegalArgumentException("intervals[" + i + "]: [" + starts[i] + ", " + ends[i]
                        + ") (expected: sorted, non-overlapping, end >= start)");
            }
        }
        long[] out = new long[starts.length];
        if (starts.length == 0 || ranges.isEmpty()) {
            return out;
        }
        Long from = ranges.floorKey(starts[0]);
        Iterator<Map.Entry<Long, Long>> it = ranges.tailMap(from == null ? starts[0] : from, true).entrySet()
                .iterator();
        Map.Entry<Long, Long> range = it.hasNext() ? it.next() : null;
        int i = 0;
        while (range != null && i < starts.length) {
            long s = Math.max(range.getKey(), starts[i]);
            long e = Math.min(range.getValue(), ends[i]);
            if (s < e) {
                out[i] += e - s;
            }
            // whichever ends first is done with: a range may span several intervals, an interval several ranges
            if (range.getValue() <= ends[i]) {
                range = it.hasNext() ? it.next() : null;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The parts of {@code [start, end)} in the set, in order. */
    List<ByteRange> intersect(long start, long end) {
        List<ByteRange> out = new ArrayList<>();
        if (end <= start) {
            return out;
        }
        Long from = ranges.floorKey(start);
        for (Map.Entry<Long, Long> e : ranges.tailMap(from == null ? start : from, true).entrySet()) {
            if (e.getKey() >= end) {
                break;
            }
            long s = Math.max(start, e.getKey());
            long t = Math.min(end, e.getValue());
            if (s < t) {
                out.add(new ByteRange(s, t));
            }
        }
        return out;
    }

    /** The parts of {@code [start, end)} not in the set, in order. */
    List<ByteRange> gaps(long start, long end) {
        List<ByteRange> out = new ArrayList<>();
        long cursor = start;
        for (ByteRange r : intersect(start, end)) {
            if (r.start() > cursor) {
                out.add(new ByteRange(cursor, r.start()));
            }
            cursor = r.end();
        }
        if (cursor < end) {
            out.add(new ByteRange(cursor, end));
        }
        return out;
    }

    /** Total bytes in the set. */
    long covered() {
        return covered;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The ranges in order. */
    List<ByteRange> ranges() {
        List<ByteRange> out = new ArrayList<>(ranges.size());
        ranges.forEach((s, e) -> out.add(new ByteRange(s, e)));
        return out;
    }

    private void putRange(long start, long end) {
        if (start < end) {
            ranges.put(start, end);
            covered += end - start;
        }
    }

    private void removeEntry(long start) {
        Long end = ranges.remove(start);
        covered -= end - start;
    }
}
