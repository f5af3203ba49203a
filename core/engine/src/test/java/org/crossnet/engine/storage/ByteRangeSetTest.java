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
}
