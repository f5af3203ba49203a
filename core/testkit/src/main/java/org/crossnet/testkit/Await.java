package org.crossnet.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a timeout passes; the doubles' await methods share it. */
final class Await {
    private static final long POLL_MILLIS = 5;

    private Await() {
    }

    /** True when {@code condition} held before {@code timeout} passed. Keeps the interrupt flag if interrupted. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
