package org.crossnet.adapter.edonkey.swarm;

import java.util.Map;
import java.util.TreeMap;

/** Disjoint half-open ranges of bytes received, merged as they arrive. Not thread-safe. */
final class RangeSet {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private long covered;

    /** Adds [start, end); returns the number of bytes that were new. */
    long add(long start, long end) {
        long before = covered;
        Map.Entry<Long, Long> floor = ranges.floorEntry(start);
        if (floor != null && floor.getValue() >= start) {
            start = floor.getKey();
            end = Math.max(end, floor.getValue());
            covered -= floor.getValue() - floor.getKey();
            ranges.remove(floor.getKey());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            covered -= next.getValue() - next.getKey();
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
        covered += end - start;
        return covered - before;
    }

    /** Whether [start, end) is entirely covered. */
    boolean covers(long start, long end) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(start);
        return floor != null && floor.getValue() >= end;
    }

    long covered() {
        return covered;
    }
}
