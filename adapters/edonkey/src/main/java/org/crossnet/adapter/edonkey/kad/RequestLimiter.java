package org.crossnet.adapter.edonkey.kad;

import java.util.HashMap;
import java.util.Map;
import org.crossnet.adapter.edonkey.kad.codec.KadOpcodes;

/**
 * aMule's per-IP request flood limits ({@code CPacketTracking::InTrackListIsAllowedPacket}), used both ways: requests
 * from a node beyond its allowance are dropped, and we never send a node more than aMule accepts, since aMule drops
 * the excess and bans an IP that sends five times the allowance. Each (peer, opcode) keeps a count that drains by one
 * every {@code 60 / allowance} seconds; a request is allowed while the count, this one included, stays within the
 * allowance per minute. Mutable; confined to the node's thread.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/PacketTracking.cpp">aMule
 *      PacketTracking.cpp</a>
 */
final class RequestLimiter {
    private static final class Track {
        int count;
        long firstAdded;
    }

    private final Map<String, Track> tracks = new HashMap<>();

    /** Requests per minute aMule accepts from one IP, or -1 for opcodes it does not limit (answers). */
    static int allowedPerMinute(int opcode) {
        switch (opcode) {
            case KadOpcodes.BOOTSTRAP_REQ:
            case KadOpcodes.PUBLISH_SOURCE_REQ:
            case KadOpcodes.PUBLISH_NOTES_REQ:
            case KadOpcodes.FIREWALLED_REQ:
            case KadOpcodes.FIREWALLED2_REQ:
            case KadOpcodes.PING:
                return 2;
            case KadOpcodes.HELLO_REQ:
            case KadOpcodes.SEARCH_KEY_REQ:
            case KadOpcodes.SEARCH_SOURCE_REQ:
            case KadOpcodes.SEARCH_NOTES_REQ:
            case KadOpcodes.PUBLISH_KEY_REQ:
                return 3;
            case KadOpcodes.REQ:
                return 10;
            default:
                return -1;
        }
    }

    /**
     * Counts one request of {@code opcode} to or from {@code peer} and says whether it is within the allowance; a
     * refused request is counted too, as aMule counts it.
     */
    boolean allow(String peer, int opcode, long now) {
        int allowed = allowedPerMinute(opcode);
        if (allowed < 0) {
            return true;
        }
        // aMule counts both firewall request opcodes as one
        int kind = opcode == KadOpcodes.FIREWALLED2_REQ ? KadOpcodes.FIREWALLED_REQ : opcode;
        long perPacket = 60_000 / allowed;
        Track t = tracks.computeIfAbsent(peer + "/" + kind, k -> new Track());
        if (t.count == 0) {
            t.firstAdded = now;
        } else if (now - t.firstAdded > perPacket) {
            long drained = (now - t.firstAdded) / perPacket;
            if (drained >= t.count) {
                t.count = 0;
                t.firstAdded = now;
            } else {
                t.count -= (int) drained;
                t.firstAdded += drained * perPacket;
            }
        }
        t.count++;
        return t.count <= allowed;
    }

    /** True when one more request would be allowed now (does not count it). */
    boolean wouldAllow(String peer, int opcode, long now) {
        int allowed = allowedPerMinute(opcode);
        if (allowed < 0) {
            return true;
        }
        int kind = opcode == KadOpcodes.FIREWALLED2_REQ ? KadOpcodes.FIREWALLED_REQ : opcode;
        Track t = tracks.get(peer + "/" + kind);
        if (t == null || t.count == 0) {
            return true;
        }
        long perPacket = 60_000 / allowed;
        long drained = (now - t.firstAdded) / perPacket;
        return t.count - Math.min(drained, t.count) + 1 <= allowed;
    }

    /** Forgets tracks that have fully drained. */
    void cleanup(long now) {
        tracks.entrySet().removeIf(e -> {
            int kind = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
            long perPacket = 60_000 / allowedPerMinute(kind);
            return now - e.getValue().firstAdded > perPacket * e.getValue().count;
        });
    }
}
