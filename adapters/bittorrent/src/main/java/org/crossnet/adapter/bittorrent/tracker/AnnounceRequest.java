package org.crossnet.adapter.bittorrent.tracker;

import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * One announce to one tracker (BEP 3, BEP 15). Validated on construction.
 *
 * @param infoHash   the torrent
 * @param peerId     our 20-byte peer id
 * @param port       our listening TCP port, 1..65535
 * @param uploaded   bytes uploaded since the {@code started} event, >= 0
 * @param downloaded bytes downloaded since the {@code started} event, >= 0
 * @param left       bytes still missing, >= 0
 * @param event      the announce event
 * @param numWant    how many peers we want; negative means the tracker's default
 */
public record AnnounceRequest(InfoHash infoHash, Bytes peerId, int port, long uploaded, long downloaded, long left,
                              AnnounceEvent event, int numWant) {
    /** Peer id length in bytes. */
    public static final int PEER_ID_LENGTH = 20;

    public AnnounceRequest {
        if (infoHash == null) {
            throw new IllegalArgumentException("infoHash: null (expected: an info-hash)");
        }
        if (peerId == null || peerId.length() != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peerId: " + (peerId == null ? "null" : peerId.length() + " bytes")
                    + " (expected: " + PEER_ID_LENGTH + " bytes)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        requireNonNegative(uploaded, "uploaded");
        requireNonNegative(downloaded, "downloaded");
        requireNonNegative(left, "left");
        if (event == null) {
            throw new IllegalArgumentException("event: null (expected: an AnnounceEvent)");
        }
    }

    private static void requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: >= 0)");
        }
    }
}
