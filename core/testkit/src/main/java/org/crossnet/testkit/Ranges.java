package org.crossnet.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A set of half-open long ranges kept merged; not thread-safe (its owner locks). */
final class Ranges {
    // start -> exclusive end; entries are disjoint and never touch, so coverage questions need one floor lookup.
    private final TreeMap<Long, Long> map = new TreeMap<>();

    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> floor = map.floorEntry(start);
        if (floor != null && floor.getValue() >= start) {
            start = floor.getKey();
            end = Math.max(end, floor.getValue());
        }
        for (Map.Entry<Long, Long> e : List.copyOf(map.subMap(start, true, end, true).entrySet())) {
            end = Math.max(end, e.getValue());
            map.remove(e.getKey());
        }
        map.put(start, end);
    }

    void remove(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> lower = map.lowerEntry(start);
        if (lower != null && lower.getValue() > start) {
            map.put(lower.getKey(), start);
            if (lower.getValue() > end) {
                map.put(end, lower.getValue());
                return;
            }
        }
        for (Map.Entry<Long, Long> e : List.copyOf(map.subMap(start, true, end, false).entrySet())) {
            map.remove(e.getKey());
            if (e.getValue() > end) {
                map.put(end, e.getValue());
            }
        }
    }

    boolean covers(long start, long end) {
        if (start >= end) {
            return true;
        }
        Map.Entry<Long, Long> floor = map.floorEntry(start);
        return floor != null && floor.getValue() >= end;
    }

    boolean intersects(long start, long end) {
        if (start >= end) {
            return false;
        }
        Map.Entry<Long, Long> lower = map.lowerEntry(end);
        return lower != null && lower.getValue() > start;
    }

    /** The parts of [start, end) not in the set, in order. */
    List<long[]> gaps(long start, long end) {
        List<long[]> gaps = new ArrayList<>();
        long cursor = start;
        Map.Entry<Long, Long> lower = map.lowerEntry(start);
        if (lower != null && lower.getValue() > cursor) {
            cursor = lower.getValue();
        }
        for (Map.Entry<Long, Long> e : map.subMap(start, true, end, false).entrySet()) {
            if (e.getKey() > cursor) {
                gaps.add(new long[] {cursor, e.getKey()});
            }
            cursor = Math.max(cursor, e.getValue());
        }
        if (cursor < end) {
            gaps.add(new long[] {cursor, end});
        }
        return gaps;
    }

    long total() {
        long sum = 0;
        for (Map.Entry<Long, Long> e : map.entrySet()) {
            sum += e.getValue() - e.getKey();
        }
        return sum;
    }
}
