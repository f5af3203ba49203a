package org.crossnet.spi.model;

/** Sources of one transfer on one network: connected now, and known in total. */
public record SourceCount(int connected, int known) {
    public SourceCount {
        if (connected < 0 || known < connected) {
            throw new IllegalArgumentException("sources: " + connected + "/" + known
                    + " (expected: 0 <= connected <= known)");
        }
    }
}
