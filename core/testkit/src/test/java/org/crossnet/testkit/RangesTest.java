package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangesTest {
    @Test
    void addMergesOverlappingAndTouchingRanges() {
        Ranges r = new Ranges();
        r.add(10, 20);
        r.add(20, 30);
        r.add(5, 12);
        r.add(40, 50);
        assertThat(r.covers(5, 30)).isTrue();
        assertThat(r.covers(5, 41)).isFalse();
        assertThat(r.total()).isEqualTo(35);
        assertThat(r.gaps(0, 60)).containsExactly(new long[] {0, 5}, new long[] {30, 40}, new long[] {50, 60});
    }

    @Test
    void removeSplitsAndTrimsRanges() {
        Ranges r = new Ranges();
        r.add(0, 100);
        r.remove(40, 60);
        assertThat(r.total()).isEqualTo(80);
        assertThat(r.intersects(40, 60)).isFalse();
        assertThat(r.intersects(39, 41)).isTrue();
        r.remove(30, 70);
        r.remove(90, 200);
        assertThat(r.gaps(0, 100)).containsExactly(new long[] {30, 70}, new long[] {90, 100});
        assertThat(r.total()).isEqualTo(50);
    }

    @Test
    void emptyRangesAreCoveredButNeverIntersect() {
        Ranges r = new Ranges();
        assertThat(r.covers(5, 5)).isTrue();
        assertThat(r.intersects(5, 5)).isFalse();
        assertThat(r.gaps(3, 3)).isEmpty();
    }
}
