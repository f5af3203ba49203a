package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteRangeSetTest {
    @Test
    void mergesOverlappingAndAdjacentRanges() {
        ByteRangeSet set = new ByteRangeSet();
        set.add(10, 20);
        set.add(30, 40);
        set.add(20, 30);
        set.add(35, 50);
        set.add(0, 5);

        assertThat(set.ranges()).containsExactly(new ByteRange(0, 5), new ByteRange(10, 50));
        assertThat(set.covered()).isEqualTo(45);
        assertThat(set.contains(10, 50)).isTrue();
        assertThat(set.contains(4, 11)).isFalse();
    }

    @Test
    void removeSplitsRangesAndReportsBytesRemoved() {
        ByteRangeSet set = new ByteRangeSet();
        set.add(0, 100);
        set.add(200, 300);

        assertThat(set.remove(50, 250)).isEqualTo(100);
        assertThat(set.ranges()).containsExactly(new ByteRange(0, 50), new ByteRange(250, 300));
        assertThat(set.remove(10, 20)).isEqualTo(10);
        assertThat(set.ranges()).containsExactly(new ByteRange(0, 10), new ByteRange(20, 50), new ByteRange(250, 300));
        assertThat(set.remove(60, 240)).isZero();
        assertThat(set.covered()).isEqualTo(90);
    }

    @Test
    void gapsAndIntersectionsPartitionTheQuery() {
        ByteRangeSet set = new ByteRangeSet();
        set.add(10, 20);
        set.add(30, 40);

        assertThat(set.gaps(0, 50)).containsExactly(new ByteRange(0, 10), new ByteRange(20, 30), new ByteRange(40, 50));
        assertThat(set.intersect(15, 35)).containsExactly(new ByteRange(15, 20), new ByteRange(30, 35));
        assertThat(set.gaps(12, 18)).isEmpty();
        assertThat(set.coveredWithin(0, 35)).isEqualTo(15);
    }

    /** Random operations against a bit-per-byte model. */
    @Test
    void agreesWithABitmapModel() {
        Random random = new Random(42);
        ByteRangeSet set = new ByteRangeSet();
        BitSet model = new BitSet();
        for (int i = 0; i < 5_000; i++) {
            int start = random.nextInt(1_000);
            int end = start + random.nextInt(60);
            if (random.nextInt(3) == 0) {
                assertThat(set.remove(start, end)).isEqualTo(model.get(start, end).cardinality());
                model.clear(start, end);
            } else {
                set.add(start, end);
                model.set(start, end);
            }
            assertThat(set.covered()).isEqualTo(model.cardinality());
            int qs = random.nextInt(1_000);
            int qe = qs + random.nextInt(100);
            assertThat(set.contains(qs, qe)).isEqualTo(model.get(qs, qe).cardinality() == qe - qs);
        }
        BitSet rebuilt = new BitSet();
        long previousEnd = -1;
        for (ByteRange r : set.ranges()) {
            assertThat(r.start()).isGreaterThan(previousEnd);
            rebuilt.set((int) r.start(), (int) r.end());
            previousEnd = r.end();
        }
        assertThat(rebuilt).isEqualTo(model);
    }

    @Test
    void coveredWithinSeveralIntervalsWalksRangesSpanningAndInsideThem() {
        ByteRangeSet set = new ByteRangeSet();
        set.add(5, 25);
        set.add(28, 29);
        set.add(40, 100);
        // intervals like a layout's files: [0,10) [10,10) empty [10,30) [30,35) [35,120)
        long[] starts = {0, 10, 10, 30, 35};
        long[] ends = {10, 10, 30, 35, 120};

        assertThat(set.coveredWithin(starts, ends)).containsExactly(5, 0, 16, 0, 60);
        assertThat(new ByteRangeSet().coveredWithin(starts, ends)).containsExactly(0, 0, 0, 0, 0);
        assertThat(set.coveredWithin(new long[] {50}, new long[] {60})).as("one interval inside one range")
                .containsExactly(10);
        assertThat(set.coveredWithin(new long[0], new long[0])).isEmpty();
    }

    @Test
    void coveredWithinRefusesUnsortedOrOverlappingIntervals() {
        ByteRangeSet set = new ByteRangeSet();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> set.coveredWithin(new long[] {0, 5},
                new long[] {10, 20})).hasMessage("intervals[1]: [5, 20) (expected: sorted, non-overlapping, end >= start)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> set.coveredWithin(new long[] {7}, new long[] {3}))
                .hasMessage("intervals[0]: [7, 3) (expected: sorted, non-overlapping, end >= start)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> set.coveredWithin(new long[] {0}, new long[0]))
                .hasMessage("intervals: 1 starts, 0 ends (expected: as many of each)");
    }

    /** Random sets and random adjacent intervals against per-interval {@code coveredWithin(start, end)}. */
    @Test
    void coveredWithinSeveralIntervalsAgreesWithOneQueryPerInterval() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            ByteRangeSet set = new ByteRangeSet();
            for (int i = random.nextInt(30); i > 0; i--) {
                int start = random.nextInt(2_000);
                set.add(start, start + 1 + random.nextInt(200));
            }
            int n = 1 + random.nextInt(20);
            long[] starts = new long[n];
            long[] ends = new long[n];
            long at = random.nextInt(100);
            for (int i = 0; i < n; i++) {
                starts[i] = at;
                at += random.nextInt(4) == 0 ? 0 : random.nextInt(300);
                ends[i] = at;
                at += random.nextInt(3) == 0 ? random.nextInt(50) : 0;
            }
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = set.coveredWithin(starts[i], ends[i]);
            }
            assertThat(set.coveredWithin(starts, ends)).as("round %d", round).containsExactly(expected);
        }
    }
}
