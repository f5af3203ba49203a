package org.crossnet.engine.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;

/**
 * Streams a file into its eMule AICH root: SHA-1 over 184,320-byte blocks within each 9,728,000-byte part (a part's
 * last block is shorter), a binary SHA-1 tree over a part's blocks, and for a file of several parts a tree over the
 * part roots. A node covering n units (parts at the top, blocks within a part) gives its left child
 * {@code (n + 1) / 2} units when the node is itself a left child or the root, and {@code n / 2} when it is a right
 * child, as eMule's {@code CAICHHashTree} splits; the rest goes right. A single unit is its own hash, so a file of
 * at most one block has AICH = SHA-1. Not thread-safe.
 *
 * @see <a href="https://wiki.amule.org/wiki/AICH">AICH</a>
 */
final class AichTree {
    static final int BLOCK_SIZE = 184_320;
    private static final int SHA1_SIZE = 20;
    private static final int MAX_BLOCKS_PER_PART = (int) ((Ed2kHashSet.PART_SIZE + BLOCK_SIZE - 1) / BLOCK_SIZE);

    private final long size;
    private final long partCount;
    private final MessageDigest sha1;
    private final byte[] blockHashes = new byte[MAX_BLOCKS_PER_PART * SHA1_SIZE];
    private final byte[] partHashes;
    private int blocksInPart;
    private int partIndex;
    private long partLength;
    private long inPart;
    private int inBlock;

    AichTree(long size) {
        this.size = size;
        this.partCount = Math.max(1, (size + Ed2kHashSet.PART_SIZE - 1) / Ed2kHashSet.PART_SIZE);
        if (partCount * SHA1_SIZE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size: " + size + " (expected: a file of at most about 950 TB)");
        }
        this.partHashes = new byte[(int) partCount * SHA1_SIZE];
        this.sha1 = FileHasher.sha1();
        this.partLength = Math.min(size, Ed2kHashSet.PART_SIZE);
    }

    void update(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(Math.min(len, BLOCK_SIZE - inBlock), partLength - inPart);
            sha1.update(buf, off, n);
            off += n;
            len -= n;
            inBlock += n;
            inPart += n;
            if (inBlock == BLOCK_SIZE || inPart == partLength) {
                finishBlock();
            }
            if (inPart == partLength) {
                finishPart();
            }
        }
    }

    /** The root; call once, after the whole file went through {@link #update}. */
    AichRoot root() {
        if (size == 0) {
            // no blocks at all: the hash of the one empty block, as for any single-block file
            return new AichRoot(Bytes.of(sha1.digest()));
        }
        byte[] out = new byte[SHA1_SIZE];
        reduce(partHashes, 0, (int) partCount, true, out, 0);
        return new AichRoot(Bytes.of(out));
    }

    private void finishBlock() {
        try {
            sha1.digest(blockHashes, blocksInPart * SHA1_SIZE, SHA1_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("sha1: digest failed (expected: 20 bytes of room)", e);
        }
        blocksInPart++;
        inBlock = 0;
    }

    private void finishPart() {
        reduce(blockHashes, 0, blocksInPart, isLeftBranch(partIndex), partHashes, partIndex * SHA1_SIZE);
        partIndex++;
        blocksInPart = 0;
        inPart = 0;
        partLength = Math.min(Ed2kHashSet.PART_SIZE, size - (long) partIndex * Ed2kHashSet.PART_SIZE);
    }

    /** Whether the subtree of part {@code index} is a left child (the root counts as left), walking eMule's split. */
    private boolean isLeftBranch(int index) {
        long lo = 0;
        long n = partCount;
        boolean left = true;
        while (n > 1) {
            long nLeft = (left ? n + 1 : n) / 2;
            if (index < lo + nLeft) {
                n = nLeft;
                left = true;
            } else {
                lo += nLeft;
                n -= nLeft;
                left = false;
            }
        }
        return left;
    }

    /** Root of {@code count} unit hashes at {@code hashes[from]} under a node that is a left child or not. */
    private void reduce(byte[] hashes, int from, int count, boolean left, byte[] out, int outOff) {
        if (count == 1) {
            System.arraycopy(hashes, from * SHA1_SIZE, out, outOff, SHA1_SIZE);
            return;
        }
        int nLeft = (left ? count + 1 : count) / 2;
        byte[] pair = new byte[2 * SHA1_SIZE];
        reduce(hashes, from, nLeft, true, pair, 0);
        reduce(hashes, from + nLeft, count - nLeft, false, pair, SHA1_SIZE);
        sha1.update(pair);
        try {
            sha1.digest(out, outOff, SHA1_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("sha1: digest failed (expected: 20 bytes of room)", e);
        }
    }
}
