package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateMeterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateMeter meter = new RateMeter(Duration.ofSeconds(5), nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void aSteadyFlowReadsAsItsRate() {
        for (int i = 0; i < 100; i++) {
            advanceMillis(100);
            meter.record(1_000);
        }

        assertThat(meter.bytesPerSecond()).isCloseTo(10_000L, within(500L));
        assertThat(meter.total()).isEqualTo(100_000);
    }

    @Test
    void aNewMeterShowsTheRateAtOnceRatherThanRampingUp() {
        for (int i = 0; i < 10; i++) {
            advanceMillis(100);
            meter.record(1_000);
        }

        assertThat(meter.bytesPerSecond()).isCloseTo(10_000L, within(1_000L));
    }

    @Test
    void theRateFollowsAChangeWithinTheWindowAndFallsToZeroWhenIdle() {
        for (int i = 0; i < 100; i++) {
            advanceMillis(100);
            meter.record(1_000);
        }
        for (int i = 0; i < 60; i++) {
            advanceMillis(100);
            meter.record(5_000);
        }
        assertThat(meter.bytesPerSecond()).isCloseTo(50_000L, within(2_500L));

        advanceMillis(2_500);
        assertThat(meter.bytesPerSecond()).as("half the window idle").isCloseTo(25_000L, within(2_500L));
        advanceMillis(3_000);
        assertThat(meter.bytesPerSecond()).isZero();
        assertThat(meter.total()).isEqualTo(400_000);
    }

    @Test
    void aGapLongerThanTheWindowDoesNotResurrectOldBuckets() {
        meter.record(1_000_000);
        advanceMillis(5_000 * 4 + 10); // lands in the same ring slot, four windows later
        meter.record(10);

        assertThat(meter.bytesPerSecond()).isLessThan(10);
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        RateMeter real = new RateMeter();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    real.record(3);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(real.total()).isEqualTo(600_000);
        assertThat(real.bytesPerSecond()).isPositive();
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> meter.record(-1)).hasMessage("bytes: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new RateMeter(Duration.ofMillis(5), nanos::get))
                .hasMessage("window: PT0.005S (expected: at least 20 ms)");
        assertThatThrownBy(() -> new RateMeter(Duration.ofSeconds(1), null))
                .hasMessage("nanoTime: null (expected: a clock)");
    }
}
