package org.crossnet.spi.model;

/** Lifecycle of a transfer. */
public enum TransferState {
    /** Added; waiting for a network that can fetch it (see {@link TransferStatus#detail()}). */
    QUEUED,
    /** Checking existing data against its hashes. */
    CHECKING,
    /** Fetching data from one or more networks. */
    DOWNLOADING,
    /** Stopped by the user; resumable. */
    PAUSED,
    /** All data verified; uploading to others where a network does so. */
    SEEDING,
    /** All data verified; not uploading. */
    COMPLETED,
    /** Stopped by an error; see {@link TransferStatus#detail()}. */
    FAILED;

    /** True when all data is present and verified. */
    public boolean complete() {
        return this == SEEDING || this == COMPLETED;
    }
}
