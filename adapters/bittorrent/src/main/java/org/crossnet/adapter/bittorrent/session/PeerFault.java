package org.crossnet.adapter.bittorrent.session;

/**
 * Thrown by the swarm when a peer's message is well-formed on the wire but wrong for the torrent (a have outside
 * the pieces, a bitfield of the wrong length); the connection closes with {@link #reason()}.
 */
public final class PeerFault extends RuntimeException {
    private final CloseReason reason;

    public PeerFault(CloseReason reason, String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")", null, false, false);
        this.reason = reason;
    }

    public CloseReason reason() {
        return reason;
    }
}
