package org.crossnet.adapter.gnutella.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crossnet.adapter.gnutella.http.wire.RangeSelection.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeTest {
    @Test
    void resolvesTheThreeRangeForms() {
        assertThat(RangeSelection.resolve("bytes=0-99", 1000)).isEqualTo(new RangeSelection(Kind.PARTIAL, 0, 100));
        assertThat(RangeSelection.resolve("bytes = 900-", 1000)).isEqualTo(new RangeSelection(Kind.PARTIAL, 900, 1000));
        assertThat(RangeSelection.resolve("bytes=-10", 1000)).isEqualTo(new RangeSelection(Kind.PARTIAL, 990, 1000));
        assertThat(RangeSelection.resolve("bytes=-5000", 1000)).isEqualTo(new RangeSelection(Kind.PARTIAL, 0, 1000));
        assertThat(RangeSelection.resolve("bytes=990-5000", 1000))
                .isEqualTo(new RangeSelection(Kind.PARTIAL, 990, 1000));
        assertThat(RangeSelection.resolve("BYTES=5-5", 1000)).isEqualTo(new RangeSelection(Kind.PARTIAL, 5, 6));
    }

    @Test
    void servesOnlyTheFirstOfSeveralRanges() {
        assertThat(RangeSelection.resolve("bytes=10-19, 30-39", 1000))
                .isEqualTo(new RangeSelection(Kind.PARTIAL, 10, 20));
    }

    @Test
    void rangesStartingAtOrPastTheEndAreUnsatisfiable() {
        assertThat(RangeSelection.resolve("bytes=1000-", 1000).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(RangeSelection.resolve("bytes=2000-3000", 1000).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(RangeSelection.resolve("bytes=-0", 1000).kind()).isEqualTo(Kind.UNSATISFIABLE);
        assertThat(RangeSelection.resolve("bytes=0-", 0).kind()).isEqualTo(Kind.UNSATISFIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=abc", "bytes=5-2", "items=0-1", "bytes=0x1-2", "bytes=--1",
        "bytes=+1-2", "bytes=1-2-3", "bytes=99999999999999999999-"})
    void malformedRangesAreIgnoredAndTheWholeFileServed(String header) {
        assertThat(RangeSelection.resolve(header, 1000)).isEqualTo(new RangeSelection(Kind.WHOLE, 0, 1000));
    }

    @Test
    void absentRangeMeansTheWholeFile() {
        assertThat(RangeSelection.resolve(null, 1000)).isEqualTo(new RangeSelection(Kind.WHOLE, 0, 1000));
    }

    @Test
    void requestHeaderIsInclusive() {
        assertThat(RangeSelection.requestHeader(0, 65536)).isEqualTo("bytes=0-65535");
        assertThatThrownBy(() -> RangeSelection.requestHeader(5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentRangeRoundTrips() {
        ContentRange r = ContentRange.parse("bytes 100-199/1000");
        assertThat(r).isEqualTo(new ContentRange(100, 200, 1000));
        assertThat(r.headerValue()).isEqualTo("bytes 100-199/1000");
        assertThat(ContentRange.parse("bytes=0-0/1")).isEqualTo(new ContentRange(0, 1, 1));
        assertThat(ContentRange.parse("bytes */1000").unsatisfied()).isTrue();
        assertThat(ContentRange.unsatisfied(1000).headerValue()).isEqualTo("bytes */1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes 5-4/10", "bytes 0-10/10", "bytes 0-1", "bytes 0-1/*", "bytes a-b/10", "0-1/10",
        "bits 0-1/10", "bytes -1-2/10", "bytes 0-1/99999999999999999999"})
    void contentRangeRefusesNonsense(String value) {
        assertThatThrownBy(() -> ContentRange.parse(value)).isInstanceOf(HttpWireException.class)
                .hasMessageStartingWith("content-range: ").hasMessageContaining("(expected: bytes <first>-<last>/<size>");
    }
}
