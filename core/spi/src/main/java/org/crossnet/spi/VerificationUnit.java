package org.crossnet.spi;

import org.crossnet.spi.model.NetworkId;

/**
 * A range one network verifies as a whole with its own hash.
 *
 * @param kind   e.g. {@code bt-piece}, {@code ed2k-part}, {@code aich-block}, {@code tth-range}
 * @param index  the unit's index within its kind
 */
public record VerificationUnit(NetworkId network, String kind, long index, long offset, long length) {
    public VerificationUnit {
        if (network == null || kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("unit: network/kind missing (expected: both present)");
        }
        if (index < 0 || offset < 0 || length <= 0) {
            throw new IllegalArgumentException("unit: index=" + index + " offset=" + offset + " length=" + length
                    + " (expected: index >= 0, offset >= 0, length > 0)");
        }
    }

    /** Exclusive end offset. */
    public long end() {
        return offset + length;
    }
}
