package org.crossnet.adapter.gnutella.http.thex;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.TigerDigest;

/**
 * Tiger tree hashing as THEX defines it: 1024-byte leaves hashed as {@code tiger(0x00 || leaf)}, inner nodes as
 * {@code tiger(0x01 || left || right)}, and a node without a sibling promoted unchanged to the next level. The empty
 * input has one empty leaf ({@code tiger(0x00)}).
 *
 * @see <a href="https://adc.sourceforge.io/draft-jchapweske-thex-02.html">THEX §2</a>
 */
public final class TigerTree {
    /** Bytes per leaf. */
    public static final int LEAF_SIZE = 1024;
    /** Bytes per hash. */
    public static final int HASH_SIZE = 24;

    private TigerTree() {
    }

    /** {@code tiger(0x01 || left || right)}. */
    public static byte[] internal(byte[] left, byte[] right) {
        TigerDigest d = new TigerDigest();
        d.update((byte) 1);
        d.update(left, 0, HASH_SIZE);
        d.update(right, 0, HASH_SIZE);
        byte[] out = new byte[HASH_SIZE];
        d.doFinal(out, 0);
        return out;
    }

    /** The parents of one level: pairs hashed, a last odd node promoted. */
    public static List<byte[]> parents(List<byte[]> level) {
        List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i + 1 < level.size(); i += 2) {
            up.add(internal(level.get(i), level.get(i + 1)));
        }
        if (level.size() % 2 == 1) {
            up.add(level.get(level.size() - 1));
        }
        return up;
    }

    /** The root over one level of nodes (at least one). */
    public static byte[] root(List<byte[]> level) {
        if (level.isEmpty()) {
            throw new IllegalArgumentException("level: empty (expected: at least one node)");
        }
        List<byte[]> current = level;
        while (current.size() > 1) {
            current = parents(current);
        }
        return current.get(0);
    }

    /** The root of {@code data} (position to limit); the buffer is consumed. */
    public static byte[] rootOf(ByteBuffer data) {
        Hasher h = new Hasher();
        h.update(data);
        return h.finish();
    }

    /**
     * Streams bytes into a tree and yields its root. A subtree hash over a range that starts on a leaf boundary
     * equals the tree node covering it, which is how ranges are checked against a serialized tree. Keeps one partial
     * leaf and one hash per tree level (a binary counter of complete subtrees): memory is O(log n). Not thread-safe.
     */
    public static final class Hasher {
        private final TigerDigest digest = new TigerDigest();
        private final TigerDigest inner = new TigerDigest();
        private final byte[] leaf = new byte[LEAF_SIZE];
        private final byte[] out = new byte[HASH_SIZE];
        private final byte[][] stack = new byte[64][];
        private final int[] heights = new int[64];
        private int depth;
        private int fill;
        private long leaves;

        public void update(byte[] src, int offset, int length) {
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                if (fill == 0 && end - pos >= LEAF_SIZE) {
                    leafHash(src, pos, LEAF_SIZE);
                    pos += LEAF_SIZE;
                    continue;
                }
                int n = Math.min(LEAF_SIZE - fill, end - pos);
                System.arraycopy(src, pos, leaf, fill, n);
                fill += n;
                pos += n;
                if (fill == LEAF_SIZE) {
                    leafHash(leaf, 0, LEAF_SIZE);
                    fill = 0;
                }
            }
        }

        /** Consumes {@code src} from position to limit. */
        public void update(ByteBuffer src) {
            if (src.hasArray()) {
                update(src.array(), src.arrayOffset() + src.position(), src.remaining());
                src.position(src.limit());
                return;
            }
            byte[] chunk = new byte[Math.min(src.remaining(), 64 * LEAF_SIZE)];
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                update(chunk, 0, n);
            }
        }

        /** The root; the hasher must not be used afterwards. */
        public byte[] finish() {
            if (fill > 0 || leaves == 0) {
                leafHash(leaf, 0, fill);
                fill = 0;
            }
            // Combining the complete subtrees right to left is exactly THEX's promotion of unpaired nodes.
            while (depth > 1) {
                byte[] right = stack[--depth];
                stack[depth - 1] = combine(stack[depth - 1], right);
            }
            return stack[0];
        }

        private byte[] combine(byte[] left, byte[] right) {
            inner.update((byte) 1);
            inner.update(left, 0, HASH_SIZE);
            inner.update(right, 0, HASH_SIZE);
            byte[] node = new byte[HASH_SIZE];
            inner.doFinal(node, 0);
            return node;
        }

        private void leafHash(byte[] src, int offset, int length) {
            digest.update((byte) 0);
            digest.update(src, offset, length);
            digest.doFinal(out, 0);
            leaves++;
            byte[] node = out.clone();
            int height = 0;
            while (depth > 0 && heights[depth - 1] == height) {
                node = combine(stack[--depth], node);
                height++;
            }
            stack[depth] = node;
            heights[depth] = height;
            depth++;
        }
    }
}
