package org.crossnet.adapter.bittorrent.swarm;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.crossnet.adapter.bittorrent.codec.ExtendedHandshake;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.session.PeerConnection;
import org.crossnet.spi.model.Bytes;

/** What a torrent knows about one attached peer. Guarded by the torrent's monitor. */
final class PeerState {
    final PeerConnection connection;
    final boolean fast;
    final boolean extensions;
    final BitSet has = new BitSet();
    boolean hasAll;
    Bytes pendingBitfield;
    boolean peerChoking = true;
    boolean peerInterested;
    boolean amChoking = true;
    boolean amInterested;
    /** Our requests to the peer, as block keys. */
    final Set<Long> outstanding = new LinkedHashSet<>();
    /** The peer's requests to us that we are still reading (cancel and choke remove them). */
    final Set<Long> serving = new HashSet<>();
    /** Requests waiting for the serving task, in arrival order; entries no longer in {@link #serving} are skipped. */
    final ArrayDeque<PeerMessage.Request> toServe = new ArrayDeque<>();
    /** Whether a serving task for this peer is queued or running. */
    boolean serveScheduled;
    final Set<Integer> allowedFast = new HashSet<>();
    final Set<Integer> suggested = new LinkedHashSet<>();
    ExtendedHandshake extensionsOf;
    long downTick;
    long upTick;
    double downRate;
    double upRate;
    /** When the peer last sent a block we asked for, or when we began waiting for one (host time). */
    long lastBlockNanos;
    boolean snubbed;
    /** Request depth of the slow start (one more per block received); 0 once the rate is known. */
    int slowStartDepth;
    /** Ticks with data seen during the slow start. */
    int slowStartTicks;
    /** The choker tick of the peer's last optimistic unchoke; never = the lowest, so a new peer's turn comes first. */
    long lastOptimisticTick = Long.MIN_VALUE;
    final Set<InetSocketAddress> pexSent = new HashSet<>();
    final Set<Integer> metadataRequested = new HashSet<>();

    PeerState(PeerConnection connection, long nowNanos) {
        this.connection = connection;
        this.lastBlockNanos = nowNanos;
        this.fast = connection.remoteHandshake().supportsFast();
        this.extensions = connection.remoteHandshake().supportsExtensions();
    }

    boolean has(int piece) {
        return hasAll || has.get(piece);
    }

    /** The peer's id for an extension, or 0. */
    int extensionId(String name) {
        return extensionsOf == null ? 0 : extensionsOf.idOf(name);
    }

    /** Where the peer accepts connections, for PEX: the dialled address, or its IP with the port it announced. */
    InetSocketAddress listenAddress() {
        if (connection.dialledAddress() != null) {
            return connection.dialledAddress();
        }
        InetSocketAddress remote = connection.remoteAddress();
        if (remote == null || extensionsOf == null || extensionsOf.listenPort() == 0) {
            return null;
        }
        return new InetSocketAddress(remote.getAddress(), extensionsOf.listenPort());
    }

    static long key(int piece, int begin) {
        return ((long) piece << 32) | (begin & 0xFFFFFFFFL);
    }

    static int piece(long key) {
        return (int) (key >>> 32);
    }

    static int begin(long key) {
        return (int) key;
    }
}
