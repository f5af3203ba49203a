package org.crossnet.spi.model;

/** Where a tracker (or an index server) stands with one transfer. */
public enum TrackerState {
    /** Not contacted yet. */
    IDLE,
    /** An announce is in flight. */
    UPDATING,
    /** The last announce was answered. */
    WORKING,
    /** The last announce failed; see {@link TrackerStatus#error()}. */
    FAILED,
    /** Never contacted: the URL's scheme is not supported, or the torrent's flags forbid it. */
    DISABLED
}
