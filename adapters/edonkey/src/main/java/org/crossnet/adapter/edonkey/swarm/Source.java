package org.crossnet.adapter.edonkey.swarm;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.session.PeerConnection;

/** One source of one download: its address, connection, parts and requests in flight. Confined to the loop. */
final class Source {
    /** Where the source is in the eD2k download sequence. */
    enum State {
        /** Not connected; may be dialled when {@link #nextAttempt} has passed. */
        IDLE,
        /** Dialling. */
        CONNECTING,
        /** Connected: file name/status asked, upload asked once both are known. */
        ASKING,
        /** In its upload queue (OP_QUEUERANKING, or waiting for OP_ACCEPTUPLOADREQ). */
        QUEUED,
        /** It gave us a slot: requesting and receiving blocks. */
        DOWNLOADING,
        /** It has nothing we need now; asked again later. */
        NOTHING_NEEDED,
        /** It does not have the file, or sent corrupt data: never asked again. */
        DROPPED
    }

    /** A requested block and what arrived of it. */
    static final class Pending {
        final PartMap.Block block;
        final RangeSet received = new RangeSet();
        /** The block's bytes as they arrive; written to storage in one piece once complete. */
        java.nio.ByteBuffer data;
        ByteBuf packed;
        long packedLength;

        Pending(PartMap.Block block) {
            this.block = block;
        }

        void releasePacked() {
            if (packed != null) {
                packed.release();
                packed = null;
            }
        }
    }

    final Download download;
    final InetSocketAddress address;
    final String origin;
    PeerConnection connection;
    State state = State.IDLE;
    PartStatus status;
    boolean statusCounted;
    boolean nameKnown;
    boolean uploadAsked;
    int queueRank = -1;
    long nextAttempt;
    int failures;
    int strikes;
    long bytesReceived;
    long lastData;
    String lastProblem;
    /** The AICH root it announced for the file, or null. */
    org.crossnet.spi.model.AichRoot aichRoot;
    /** An OP_AICHREQUEST of ours is outstanding on its connection (one at a time, as aMule asks). */
    boolean aichBusy;
    final List<Pending> pending = new ArrayList<>();

    Source(Download download, InetSocketAddress address, String origin) {
        this.download = download;
        this.address = address;
        this.origin = origin;
    }

    Pending pendingFor(long start, long end) {
        for (Pending p : pending) {
            if (p.block.start() <= start && end <= p.block.end()) {
                return p;
            }
        }
        return null;
    }

    boolean connected() {
        return connection != null && connection.isOpen();
    }

    @Override
    public String toString() {
        return address + " " + state + (lastProblem == null ? "" : " (" + lastProblem + ")");
    }
}
