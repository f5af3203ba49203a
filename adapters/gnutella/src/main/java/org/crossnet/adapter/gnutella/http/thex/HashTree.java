package org.crossnet.adapter.gnutella.http.thex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The top levels of a file's Tiger tree, from the root (depth 0) down to some depth, as THEX serializes them.
 * Level {@code d} has {@code ceil(leaves / 2^(fullDepth - d))} nodes and each covers
 * {@code 1024 · 2^(fullDepth - d)} bytes (the last one fewer). Immutable.
 *
 * <pre>
 *   breadth-first serialization: root, then each level left to right, 24 bytes per node, no separators
 * </pre>
 *
 * @see <a href="https://adc.sourceforge.io/draft-jchapweske-thex-02.html">THEX §3.1 (breadth-first serialization)</a>
 */
public final class HashTree {
    /** gtk-gnutella's cut-off: a tree deeper than 11 levels below the root is never served nor needed. */
    public static final int MAX_DEPTH = 11;
    /** Sizes from which gtk-gnutella serves one more level (note the step from 64 MiB straight to 256 MiB). */
    private static final long[] GOOD_DEPTH_THRESHOLDS = {256L << 10, 512L << 10, 1L << 20, 2L << 20, 4L << 20,
        8L << 20, 16L << 20, 32L << 20, 64L << 20, 256L << 20, 1L << 30};

    private final long fileSize;
    private final byte[][][] levels;

    private HashTree(long fileSize, byte[][][] levels) {
        this.fileSize = fileSize;
        this.levels = levels;
    }

    /** 1024-byte leaves of a file; an empty file has one (empty) leaf. */
    public static long leafCount(long fileSize) {
        return Math.max(1, (fileSize + TigerTree.LEAF_SIZE - 1) / TigerTree.LEAF_SIZE);
    }

    /** Levels below the root in the complete tree. */
    public static int fullDepth(long fileSize) {
        long n = leafCount(fileSize);
        int depth = 0;
        while (n > 1) {
            n = (n + 1) / 2;
            depth++;
        }
        return depth;
    }

    /**
     * The depth gtk-gnutella serves (its {@code tt_good_depth}: one more level per doubling of the size from 256 KiB
     * on, at most {@link #MAX_DEPTH}), so the nodes of the deepest level cover 128 to 256 KiB for files below 1 GiB.
     * Never deeper than the full tree.
     */
    public static int goodDepth(long fileSize) {
        int depth = 0;
        while (depth < GOOD_DEPTH_THRESHOLDS.length && fileSize >= GOOD_DEPTH_THRESHOLDS[depth]) {
            depth++;
        }
        return Math.min(depth, fullDepth(fileSize));
    }

    /** Nodes at {@code depth}. */
    public static long nodeCount(long fileSize, int depth) {
        int shift = fullDepth(fileSize) - depth;
        if (shift < 0) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: 0.." + fullDepth(fileSize) + ")");
        }
        long span = 1L << shift;
        return (leafCount(fileSize) + span - 1) / span;
    }

    /** Bytes covered by one node at {@code depth} (the last node of the level may cover fewer). */
    public static long nodeSize(long fileSize, int depth) {
        return (long) TigerTree.LEAF_SIZE << (fullDepth(fileSize) - depth);
    }

    /**
     * Builds the tree from the nodes of its deepest level.
     *
     * @throws IllegalArgumentException when the node count does not fit the size and depth
     */
    public static HashTree fromLevel(long fileSize, int depth, List<byte[]> nodes) {
        if (depth < 0 || depth > fullDepth(fileSize) || nodes.size() != nodeCount(fileSize, depth)) {
            throw new IllegalArgumentException("level: " + nodes.size() + " nodes at depth " + depth
                    + " (expected: " + (depth <= fullDepth(fileSize) ? nodeCount(fileSize, depth) : "a depth <= "
                    + fullDepth(fileSize)) + " for " + fileSize + " bytes)");
        }
        byte[][][] levels = new byte[depth + 1][][];
        List<byte[]> current = nodes;
        for (int d = depth; d >= 0; d--) {
            levels[d] = current.stream().map(byte[]::clone).toArray(byte[][]::new);
            if (d > 0) {
                current = TigerTree.parents(current);
            }
        }
        return new HashTree(fileSize, levels);
    }

    /**
     * Reads a breadth-first serialized tree and checks it completely: its length must be the node count of a whole
     * number of levels, every level must hash to the one above, and the root must be {@code expected}.
     *
     * @throws HttpWireException reading {@code "thex.tree: … (expected: …)"}
     */
    public static HashTree parse(long fileSize, byte[] serialized, TigerTreeRoot expected) {
        if (serialized.length == 0 || serialized.length % TigerTree.HASH_SIZE != 0) {
            throw new HttpWireException("thex.tree", serialized.length + " bytes", "a positive multiple of 24");
        }
        long nodes = serialized.length / TigerTree.HASH_SIZE;
        int depth = -1;
        long total = 0;
        for (int d = 0; d <= fullDepth(fileSize) && total < nodes; d++) {
            total += nodeCount(fileSize, d);
            depth = d;
        }
        if (total != nodes) {
            throw new HttpWireException("thex.tree", nodes + " nodes", "the node count of whole levels for a file of "
                    + fileSize + " bytes");
        }
        byte[][][] levels = new byte[depth + 1][][];
        int offset = 0;
        for (int d = 0; d <= depth; d++) {
            int count = (int) nodeCount(fileSize, d);
            levels[d] = new byte[count][];
            for (int i = 0; i < count; i++) {
                levels[d][i] = Arrays.copyOfRange(serialized, offset, offset + TigerTree.HASH_SIZE);
                offset += TigerTree.HASH_SIZE;
            }
        }
        for (int d = depth; d > 0; d--) {
            List<byte[]> up = TigerTree.parents(Arrays.asList(levels[d]));
            for (int i = 0; i < up.size(); i++) {
                if (!Arrays.equals(up.get(i), levels[d - 1][i])) {
                    throw new HttpWireException("thex.tree", "node " + i + " at depth " + (d - 1),
                            "the hash of its two children at depth " + d);
                }
            }
        }
        if (!Arrays.equals(levels[0][0], expected.bytes().toArray())) {
            throw new HttpWireException("thex.tree", "root " + Bytes.of(levels[0][0]).base32(),
                    "the content's TTH root " + expected.bytes().base32());
        }
        return new HashTree(fileSize, levels);
    }

    /** The root, depth 0. */
    public TigerTreeRoot root() {
        return new TigerTreeRoot(Bytes.of(levels[0][0]));
    }

    /** The deepest level held. */
    public int depth() {
        return levels.length - 1;
    }

    public long fileSize() {
        return fileSize;
    }

    /** A copy of the nodes at {@code depth}. */
    public List<byte[]> level(int depth) {
        List<byte[]> out = new ArrayList<>(levels[depth].length);
        for (byte[] node : levels[depth]) {
            out.add(node.clone());
        }
        return out;
    }

    /** True when {@code hash} is node {@code index} at {@code depth}. */
    public boolean matches(int depth, int index, byte[] hash) {
        return Arrays.equals(levels[depth][index], hash);
    }

    /** Every level, root first, 24 bytes per node. */
    public byte[] serialize() {
        int count = 0;
        for (byte[][] level : levels) {
            count += level.length;
        }
        byte[] out = new byte[count * TigerTree.HASH_SIZE];
        int offset = 0;
        for (byte[][] level : levels) {
            for (byte[] node : level) {
                System.arraycopy(node, 0, out, offset, TigerTree.HASH_SIZE);
                offset += TigerTree.HASH_SIZE;
            }
        }
        return out;
    }
}
