package org.crossnet.engine.hash;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.TigerDigest;

/**
 * THEX Tiger tree: leaves of 1024 bytes hashed as Tiger(0x00 || data), inner nodes as Tiger(0x01 || left || right),
 * an unpaired node promoted unchanged to the next level; the empty file's root is the hash of one empty leaf.
 *
 * <p>Leaves are hashed in chunks of {@link #CHUNK_LEAVES} (any thread, see {@link #chunkRoot}) and the chunk roots are
 * folded here in file order on one thread. A complete chunk is a perfect subtree, so pushing its root at level
 * {@link #CHUNK_LEVEL} gives the same tree as pushing its leaves one by one. Not thread-safe.
 *
 * @see <a href="https://adc.sourceforge.io/draft-jchapweske-thex-02.html">THEX draft 02</a>
 */
final class TigerTree {
    static final int LEAF_SIZE = 1024;
    static final int CHUNK_LEVEL = 6;
    static final int CHUNK_LEAVES = 1 << CHUNK_LEVEL;
    static final int CHUNK_SIZE = CHUNK_LEAVES * LEAF_SIZE;
    static final int HASH_SIZE = 24;

    private final TigerDigest digest = new TigerDigest();
    // pending subtree roots; levels strictly decrease from the bottom, so 64 entries cover any file size
    private final byte[][] stack = new byte[64][];
    private final int[] levels = new int[64];
    private int depth;

    /** Adds the next node in file order: a leaf hash at level 0 or a complete chunk root at {@link #CHUNK_LEVEL}. */
    void push(byte[] src, int offset, int level) {
        byte[] hash = Arrays.copyOfRange(src, offset, offset + HASH_SIZE);
        int lvl = level;
        while (depth > 0 && levels[depth - 1] == lvl) {
            byte[] parent = new byte[HASH_SIZE];
            node(digest, stack[depth - 1], 0, hash, 0, parent, 0);
            hash = parent;
            depth--;
            lvl++;
        }
        stack[depth] = hash;
        levels[depth] = lvl;
        depth++;
    }

    /** The root over everything pushed; odd nodes are promoted, which folding right to left gives. */
    byte[] root() {
        if (depth == 0) {
            byte[] empty = new byte[HASH_SIZE];
            leaf(digest, new byte[0], 0, 0, empty, 0);
            return empty;
        }
        byte[] hash = stack[depth - 1];
        for (int i = depth - 2; i >= 0; i--) {
            byte[] parent = new byte[HASH_SIZE];
            node(digest, stack[i], 0, hash, 0, parent, 0);
            hash = parent;
        }
        return hash;
    }

    /**
     * Hashes the {@link #CHUNK_SIZE} bytes at {@code buf[off]} into the root of their 64-leaf subtree.
     *
     * @param scratch at least {@code CHUNK_LEAVES * HASH_SIZE} bytes, owned by the calling thread
     */
    static void chunkRoot(TigerDigest digest, byte[] buf, int off, byte[] scratch, byte[] out, int outOff) {
        for (int i = 0; i < CHUNK_LEAVES; i++) {
            leaf(digest, buf, off + i * LEAF_SIZE, LEAF_SIZE, scratch, i * HASH_SIZE);
        }
        for (int n = CHUNK_LEAVES; n > 1; n >>= 1) {
            for (int j = 0; j < n / 2; j++) {
                node(digest, scratch, 2 * j * HASH_SIZE, scratch, (2 * j + 1) * HASH_SIZE, scratch, j * HASH_SIZE);
            }
        }
        System.arraycopy(scratch, 0, out, outOff, HASH_SIZE);
    }

    /** Leaf: Tiger(0x00 || data). */
    static void leaf(TigerDigest digest, byte[] buf, int off, int len, byte[] out, int outOff) {
        digest.update((byte) 0x00);
        digest.update(buf, off, len);
        digest.doFinal(out, outOff);
    }

    /** Inner node: Tiger(0x01 || left || right); the output may overlap the inputs. */
    static void node(TigerDigest digest, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        digest.update((byte) 0x01);
        digest.update(left, leftOff, HASH_SIZE);
        digest.update(right, rightOff, HASH_SIZE);
        digest.doFinal(out, outOff);
    }
}
