package org.crossnet.adapter.gnutella.http.download;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which bytes of one download are missing, requested, written or verified, and by whom: the piece picker of
 * multi-source swarming. Pure bookkeeping (no I/O, no threads); the owning {@link HttpDownload} serialises calls.
 *
 * <p>The content is cut into pieces of a fixed size (the last one short). A source {@link #claim claims} a run of
 * consecutive missing pieces, sized so that the remaining work spreads over the active sources. When nothing is
 * left unclaimed, an idle source takes the upper half of the largest run still in flight (the slow source gives up
 * those pieces: its run's end is lowered and it stops at the new end). Pieces complete when their bytes are written;
 * the source that wrote a piece is its owner, which is how bad data is traced to a source.
 *
 * <p>With a THEX tree, pieces are grouped under the tree's nodes at the verification level; a node whose pieces are
 * all written is {@link #readyNodes handed out} for checking once, and a bad one returns its pieces to missing.
 */
final class Swarm {
    /** Owner of pieces written before this session (resume) or by another network. */
    static final int UNKNOWN_OWNER = -1;
    private static final int NO_EXCLUSION = Integer.MIN_VALUE;
    private static final byte MISSING = 0;
    private static final byte CLAIMED = 1;
    private static final byte DONE = 2;
    private static final byte VERIFIED = 3;
    private static final byte NODE_PENDING = 0;
    private static final byte NODE_CHECKING = 1;
    private static final byte NODE_OK = 2;

    /** A range being fetched by one source: [start, end), end lowered when another source takes its upper part. */
    static final class Run {
        final int source;
        final long start;
        final long requestedEnd;
        long end;
        long received;
        int nextPiece;
        boolean released;

        Run(int source, long start, long end, int firstPiece) {
            this.source = source;
            this.start = start;
            this.requestedEnd = end;
            this.end = end;
            this.nextPiece = firstPiece;
        }

        /** Bytes still to receive before the (possibly lowered) end. */
        long remaining() {
            return end - start - received;
        }

        @Override
        public String toString() {
            return "run[" + start + ".." + end + ") of source " + source + ", " + received + " received";
        }
    }

    private final long size;
    private final int pieceSize;
    private final int pieceCount;
    private final byte[] state;
    private final int[] owner;
    private final int[] excluded;
    private final List<Run> runs = new ArrayList<>();
    private int finished;
    private int cursor;
    private long nodeSize;
    private byte[] nodes;
    /** Pieces per tree node once nodes are known (1 before): runs are sized and split on node boundaries. */
    private int align = 1;

    Swarm(long size, int pieceSize) {
        if (size <= 0 || pieceSize <= 0) {
            throw new IllegalArgumentException("swarm: size " + size + ", piece " + pieceSize
                    + " (expected: both positive)");
        }
        this.size = size;
        this.pieceSize = pieceSize;
        long count = (size + pieceSize - 1) / pieceSize;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("size: " + size + " (expected: fewer than 2^31 pieces)");
        }
        this.pieceCount = (int) count;
        this.state = new byte[pieceCount];
        this.owner = new int[pieceCount];
        this.excluded = new int[pieceCount];
        java.util.Arrays.fill(owner, UNKNOWN_OWNER);
        java.util.Arrays.fill(excluded, NO_EXCLUSION);
    }

    int pieceCount() {
        return pieceCount;
    }

    long pieceStart(int piece) {
        return (long) piece * pieceSize;
    }

    long pieceEnd(int piece) {
        return Math.min(size, pieceStart(piece) + pieceSize);
    }

    /** Marks a piece written before the session (owner unknown). */
    void preset(int piece, boolean verified) {
        if (state[piece] == MISSING) {
            finished++;
        }
        state[piece] = verified ? VERIFIED : DONE;
    }

    /** True when every piece is written or verified. */
    boolean complete() {
        return finished == pieceCount;
    }

    /** Bytes in pieces neither written nor verified. */
    long missingBytes() {
        long missing = 0;
        for (int p = 0; p < pieceCount; p++) {
            if (state[p] == MISSING || state[p] == CLAIMED) {
                missing += pieceEnd(p) - pieceStart(p);
            }
        }
        return missing;
    }

    /** Runs in flight. */
    List<Run> runs() {
        return List.copyOf(runs);
    }

    /** True when {@link #claim} would find something for {@code source}. */
    boolean hasWorkFor(int source) {
        for (int p = cursor; p < pieceCount; p++) {
            if (state[p] == MISSING && excluded[p] != source) {
                return true;
            }
        }
        for (Run r : runs) {
            if (r.source != source && stealPoint(r, source) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Claims the next run for {@code source}: the first missing pieces it is not excluded from, at most
     * {@code maxBytes}, and with several {@code activeSources} no more than half an even share of what is left; else
     * the upper half of the largest run in flight; else null.
     *
     * @param skipVerified called for each candidate piece; true marks it verified (another network got it) instead
     */
    Run claim(int source, long maxBytes, int activeSources, PieceCheck skipVerified) {
        advanceCursor();
        long unclaimed = 0;
        for (int p = cursor; p < pieceCount; p++) {
            if (state[p] == MISSING) {
                unclaimed += pieceEnd(p) - pieceStart(p);
            }
        }
        // Half an even share per source leaves a tail for whoever is fastest; a lone source has no one to share with.
        long share = activeSources <= 1 ? unclaimed : (unclaimed + 2L * activeSources - 1) / (2L * activeSources);
        long unit = (long) align * pieceSize;
        long budget = Math.max(unit, (Math.min(maxBytes, roundUp(share)) + unit - 1) / unit * unit);
        for (int p = cursor; p < pieceCount; p++) {
            if (state[p] != MISSING || excluded[p] == source) {
                continue;
            }
            if (skipVerified.verified(pieceStart(p), pieceEnd(p) - pieceStart(p))) {
                state[p] = VERIFIED;
                finished++;
                continue;
            }
            int q = p;
            // Within the budget, and on to the next node boundary: a node's pieces then come from one source.
            while (q < pieceCount && state[q] == MISSING && excluded[q] != source
                    && (pieceEnd(q) - pieceStart(p) <= budget || q % align != 0)) {
                state[q] = CLAIMED;
                q++;
            }
            Run run = new Run(source, pieceStart(p), pieceEnd(q - 1), p);
            runs.add(run);
            return run;
        }
        return steal(source);
    }

    private Run steal(int source) {
        Run best = null;
        long bestMid = -1;
        for (Run r : runs) {
            if (r.source == source) {
                continue;
            }
            long mid = stealPoint(r, source);
            if (mid >= 0 && (best == null || r.end - mid > best.end - bestMid)) {
                best = r;
                bestMid = mid;
            }
        }
        if (best == null) {
            return null;
        }
        Run taken = new Run(source, bestMid, best.end, (int) (bestMid / pieceSize));
        best.end = bestMid;
        runs.add(taken);
        return taken;
    }

    /** Where {@code source} could split {@code r} (the upper half of its untouched pieces), or -1. */
    private long stealPoint(Run r, int source) {
        long untouched = roundUp(r.start + r.received);
        if (untouched >= r.end) {
            return -1;
        }
        int first = (int) (untouched / pieceSize);
        int last = (int) ((r.end - 1) / pieceSize);
        int count = last - first + 1;
        if (count < 2) {
            return -1;
        }
        int mid = first + count / 2;
        if (align > 1) {
            // Split on a node boundary, so that no node holds pieces of two sources (a bad one could not be told).
            int up = (mid + align - 1) / align * align;
            int down = mid / align * align;
            mid = up <= last ? up : down;
            if (mid <= first) {
                return -1;
            }
        }
        for (int p = mid; p <= last; p++) {
            if (excluded[p] == source) {
                return -1;
            }
        }
        return pieceStart(mid);
    }

    /**
     * Counts {@code bytes} received for {@code run}; returns how many of them fall before the run's end (the rest
     * belongs to a source that took over, and the connection should stop).
     */
    long accept(Run run, long bytes) {
        if (run.released) {
            return 0;
        }
        long usable = Math.max(0, Math.min(bytes, run.remaining()));
        run.received += usable;
        return usable;
    }

    /**
     * The run's bytes up to {@code upTo} are written: pieces wholly below it complete, owned by the run's source.
     *
     * @return the pieces completed by this call
     */
    List<Integer> written(Run run, long upTo) {
        List<Integer> completed = new ArrayList<>();
        while (run.nextPiece < pieceCount && pieceStart(run.nextPiece) < run.end && pieceEnd(run.nextPiece) <= upTo) {
            int p = run.nextPiece++;
            if (state[p] == CLAIMED) {
                state[p] = DONE;
                owner[p] = run.source;
                finished++;
                completed.add(p);
            }
        }
        return completed;
    }

    /** The run is over (finished, cut or its connection lost): its unwritten pieces are missing again. Idempotent. */
    void release(Run run) {
        if (run.released) {
            return;
        }
        run.released = true;
        runs.remove(run);
        int last = (int) ((run.end - 1) / pieceSize);
        for (int p = run.nextPiece; p <= last && p < pieceCount; p++) {
            if (state[p] == CLAIMED && pieceStart(p) >= run.start) {
                state[p] = MISSING;
                cursor = Math.min(cursor, p);
            }
        }
    }

    /**
     * The response covers only {@code [run.start, newEnd)}: the pieces wholly beyond return to missing; a piece cut
     * by {@code newEnd} stays claimed until the run is released (it cannot complete from this run).
     */
    void shorten(Run run, long newEnd) {
        if (newEnd >= run.end) {
            return;
        }
        int from = (int) ((newEnd + pieceSize - 1) / pieceSize);
        int last = (int) ((run.end - 1) / pieceSize);
        for (int p = from; p <= last; p++) {
            if (state[p] == CLAIMED) {
                state[p] = MISSING;
                cursor = Math.min(cursor, p);
            }
        }
        run.end = newEnd;
    }

    // ---- THEX nodes

    /** Groups the pieces under tree nodes of {@code nodeBytes} bytes (a power of two multiple of 1024). */
    void nodes(long nodeBytes) {
        this.nodeSize = nodeBytes;
        this.nodes = new byte[(int) ((size + nodeBytes - 1) / nodeBytes)];
        this.align = (int) Math.max(1, Math.min(nodeBytes / pieceSize, 1 << 16));
    }

    boolean hasNodes() {
        return nodes != null;
    }

    long nodeStart(int node) {
        return node * nodeSize;
    }

    long nodeEnd(int node) {
        return Math.min(size, nodeStart(node) + nodeSize);
    }

    /**
     * Nodes not yet checked whose pieces are all written, among those touching {@code pieces} (every node when
     * null); each is returned once and counts as being checked until {@link #nodeOk} or {@link #nodeBad}.
     */
    List<Integer> readyNodes(List<Integer> pieces) {
        List<Integer> ready = new ArrayList<>();
        if (nodes == null) {
            return ready;
        }
        Set<Integer> candidates = new LinkedHashSet<>();
        if (pieces == null) {
            for (int n = 0; n < nodes.length; n++) {
                candidates.add(n);
            }
        } else {
            for (int p : pieces) {
                int first = (int) (pieceStart(p) / nodeSize);
                int last = (int) ((pieceEnd(p) - 1) / nodeSize);
                for (int n = first; n <= last; n++) {
                    candidates.add(n);
                }
            }
        }
        for (int n : candidates) {
            if (nodes[n] == NODE_PENDING && allWritten(nodeStart(n), nodeEnd(n))) {
                nodes[n] = NODE_CHECKING;
                ready.add(n);
            }
        }
        return ready;
    }

    /** True while some node is handed out and not reported back. */
    boolean checking() {
        if (nodes == null) {
            return false;
        }
        for (byte n : nodes) {
            if (n == NODE_CHECKING) {
                return true;
            }
        }
        return false;
    }

    /** True when every node checked out. */
    boolean allNodesOk() {
        if (nodes == null) {
            return false;
        }
        for (byte n : nodes) {
            if (n != NODE_OK) {
                return false;
            }
        }
        return true;
    }

    void nodeOk(int node) {
        nodes[node] = NODE_OK;
        for (int p = firstPiece(nodeStart(node)); p < pieceCount && pieceEnd(p) <= nodeEnd(node); p++) {
            if (pieceStart(p) >= nodeStart(node) && state[p] == DONE) {
                state[p] = VERIFIED;
            }
        }
    }

    /**
     * The node's data is bad: its written pieces are missing again.
     *
     * @return the owners of those pieces (UNKNOWN_OWNER included when some were written before)
     */
    Set<Integer> nodeBad(int node) {
        nodes[node] = NODE_PENDING;
        Set<Integer> owners = new LinkedHashSet<>();
        int first = firstPiece(nodeStart(node));
        int last = (int) ((nodeEnd(node) - 1) / pieceSize);
        for (int p = first; p <= last; p++) {
            if (state[p] == DONE) {
                owners.add(owner[p]);
                state[p] = MISSING;
                owner[p] = UNKNOWN_OWNER;
                finished--;
                cursor = Math.min(cursor, p);
            }
        }
        return owners;
    }

    // ---- whole-file SHA-1 failures

    /** Written, unverified bytes per owner. */
    Map<Integer, Long> unverifiedByOwner() {
        Map<Integer, Long> out = new HashMap<>();
        for (int p = 0; p < pieceCount; p++) {
            if (state[p] == DONE) {
                out.merge(owner[p], pieceEnd(p) - pieceStart(p), Long::sum);
            }
        }
        return out;
    }

    /**
     * Drops the written, unverified pieces of {@code suspect}; they are fetched again from other sources only.
     *
     * @return the dropped pieces
     */
    List<Integer> discard(int suspect) {
        List<Integer> dropped = new ArrayList<>();
        for (int p = 0; p < pieceCount; p++) {
            if (state[p] == DONE && owner[p] == suspect) {
                state[p] = MISSING;
                owner[p] = UNKNOWN_OWNER;
                if (suspect != UNKNOWN_OWNER) {
                    excluded[p] = suspect;
                }
                finished--;
                cursor = Math.min(cursor, p);
                dropped.add(p);
            }
        }
        return dropped;
    }

    /** Lets a source fetch every piece again (after it was cleared or when no one else can). */
    void pardon(int source) {
        for (int p = 0; p < pieceCount; p++) {
            if (excluded[p] == source) {
                excluded[p] = NO_EXCLUSION;
            }
        }
    }

    private boolean allWritten(long from, long to) {
        for (int p = firstPiece(from); p < pieceCount && pieceStart(p) < to; p++) {
            if (state[p] != DONE && state[p] != VERIFIED) {
                return false;
            }
        }
        return true;
    }

    private int firstPiece(long offset) {
        return (int) (offset / pieceSize);
    }

    private void advanceCursor() {
        while (cursor < pieceCount && state[cursor] != MISSING) {
            cursor++;
        }
    }

    private long roundUp(long offset) {
        return Math.min(size, (offset + pieceSize - 1) / pieceSize * pieceSize);
    }

    /** Asks whether a range is already verified (by any network). */
    @FunctionalInterface
    interface PieceCheck {
        boolean verified(long offset, long length);
    }
}
