package org.crossnet.adapter.bittorrent.tracker;

/**
 * The {@code event} of an announce (BEP 3); {@link #NONE} is a regular re-announce. The UDP codes are BEP 15's
 * (0 none, 1 completed, 2 started, 3 stopped), which differ from the declaration order.
 */
public enum AnnounceEvent {
    NONE(null, 0),
    STARTED("started", 2),
    COMPLETED("completed", 1),
    STOPPED("stopped", 3);

    private final String httpValue;
    private final int udpCode;

    AnnounceEvent(String httpValue, int udpCode) {
        this.httpValue = httpValue;
        this.udpCode = udpCode;
    }

    /** The HTTP {@code event} parameter value, or null when the parameter is omitted. */
    String httpValue() {
        return httpValue;
    }

    /** The BEP 15 event code. */
    int udpCode() {
        return udpCode;
    }
}
