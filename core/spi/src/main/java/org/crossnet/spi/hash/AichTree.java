package org.crossnet.spi.hash;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;

/**
 * eMule's Advanced Intelligent Corruption Handling (AICH) hash tree, and a streaming hasher for a file's root.
 *
 * <p>The tree: SHA-1 over 184,320-byte blocks within each 9,728,000-byte part (a part's last block is shorter), a
 * binary SHA-1 tree over a part's blocks, and for a file of several parts a binary tree over the part hashes; an
 * inner node is SHA-1 of its left child's hash followed by its right child's. A node covering n units (parts at the
 * top, blocks within a part) gives its left child {@code (n + 1) / 2} units when the node is itself a left child or
 * the root, and {@code n / 2} when it is a right child, as eMule's {@code CAICHHashTree} splits; a part's subtree
 * inherits the side of the part's node. A single unit is its own hash, so a file of at most one block has
 * AICH = SHA-1 of its data (an empty file: SHA-1 of nothing).
 *
 * <p>Node ids, as on the wire in recovery data: the root is 1, a left child of node i is {@code 2i + 1}, a right
 * child {@code 2i}; read from the highest set bit down, a 1 means left.
 *
 * <p>Instances stream one file's data into its root ({@link #update}, then {@link #root()} and
 * {@link #partHashes()}); not thread-safe. The static methods are pure and thread-safe.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SHAHashSet.h">aMule SHAHashSet.h</a>
 * @see <a href="https://wiki.amule.org/wiki/AICH">AICH (aMule wiki)</a>
 */
public final class AichTree {
    /** AICH block: 180 KiB. */
    public static final int BLOCK_SIZE = 184_320;
    /** eD2k part: 9,728,000 bytes. */
    public static final long PART_SIZE = 9_728_000L;
    /** SHA-1 length. */
    public static final int HASH_SIZE = 20;
    /** Blocks of a full part: 52 of 184,320 bytes and one of 143,360. */
    public static final int MAX_BLOCKS_PER_PART = (int) ((PART_SIZE + BLOCK_SIZE - 1) / BLOCK_SIZE);
    /** Largest file eMule and aMule handle: 256 GiB. */
    public static final long MAX_FILE_SIZE = 1L << 38;
    /** eMule's OLD_MAX_EMULE_FILE_SIZE: larger files send recovery data with 32-bit node ids. */
    public static final long OLD_MAX_FILE_SIZE = 4_290_048_000L;
    /** Levels above the parts in the tree of a 256 GiB file (28,257 parts): 15. */
    public static final int MAX_PART_LEVELS = 64 - Long.numberOfLeadingZeros(partCount(MAX_FILE_SIZE) - 1);
    /** Most hashes in one part's recovery data: a sibling per level above the part plus the part's blocks. */
    public static final int MAX_RECOVERY_HASHES = MAX_PART_LEVELS + MAX_BLOCKS_PER_PART;

    private final long size;
    private final int partCount;
    private final byte[] partHashes;
    private final AichBlockHasher blocks;
    private final MessageDigest sha1 = AichBlockHasher.sha1();
    private int partIndex;
    private long position;

    /** A hasher for a file of {@code size} bytes (0..256 GiB). */
    public AichTree(long size) {
        if (size < 0 || size > MAX_FILE_SIZE) {
            throw new IllegalArgumentException("size: " + size + " (expected: 0.." + MAX_FILE_SIZE + ")");
        }
        this.size = size;
        this.partCount = partCount(size);
        this.partHashes = new byte[partCount * HASH_SIZE];
        this.blocks = size == 0 ? null : new AichBlockHasher(partLength(size, 0));
    }

    public void update(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, remainingInPart());
            blocks.update(buf, off, n);
            off += n;
            len -= n;
            advance(n);
        }
    }

    /** Consumes {@code buf} from position to limit. */
    public void update(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            int n = (int) Math.min(buf.remaining(), remainingInPart());
            ByteBuffer slice = buf.duplicate();
            slice.limit(slice.position() + n);
            blocks.update(slice);
            buf.position(buf.position() + n);
            advance(n);
        }
    }

    private long remainingInPart() {
        if (partIndex == partCount || size == 0) {
            throw new IllegalStateException("file: data past its end (expected: at most " + size + " bytes)");
        }
        return partIndex * PART_SIZE + partLength(size, partIndex) - position;
    }

    private void advance(int n) {
        position += n;
        if (position < partIndex * PART_SIZE + partLength(size, partIndex)) {
            return;
        }
        byte[] blockHashes = blocks.blockHashes();
        byte[] h = subtreeHash(sha1, blockHashes, 0, blockHashes.length / HASH_SIZE, isLeftPart(size, partIndex));
        System.arraycopy(h, 0, partHashes, partIndex * HASH_SIZE, HASH_SIZE);
        partIndex++;
        if (partIndex < partCount) {
            blocks.reset(partLength(size, partIndex));
        }
    }

    /** The root; once the whole file went through {@link #update}. */
    public AichRoot root() {
        if (size == 0) {
            return new AichRoot(Bytes.of(sha1.digest()));
        }
        requireDone();
        return new AichRoot(Bytes.of(subtreeHash(sha1, partHashes, 0, partCount, true)));
    }

    /** The part hashes, 20 bytes each in file order; once the whole file went through {@link #update}. */
    public byte[] partHashes() {
        if (size == 0) {
            return new byte[0];
        }
        requireDone();
        return partHashes.clone();
    }

    private void requireDone() {
        if (partIndex < partCount) {
            throw new IllegalStateException("file: " + position + " of " + size + " bytes hashed (expected: all)");
        }
    }

    // ---- geometry ----

    /** Parts of a file: {@code ceil(size / PART_SIZE)}, at least 1 (unlike eD2k's hashset, no empty last part). */
    public static int partCount(long size) {
        return (int) Math.max(1, (size + PART_SIZE - 1) / PART_SIZE);
    }

    /** Bytes of part {@code part}. */
    public static long partLength(long size, int part) {
        return Math.min(PART_SIZE, size - part * PART_SIZE);
    }

    /** Blocks of a part of {@code partLength} bytes: {@code ceil(partLength / BLOCK_SIZE)}. */
    public static int blockCount(long partLength) {
        return (int) ((partLength + BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    /** Whether recovery data needs 32-bit node ids (files over {@link #OLD_MAX_FILE_SIZE}), as eMule sends them. */
    public static boolean wideIds(long size) {
        return size > OLD_MAX_FILE_SIZE;
    }

    /** Whether the node of part {@code part} is a left child (the root counts as left), walking eMule's split. */
    public static boolean isLeftPart(long size, int part) {
        return PartPath.of(size, part).partLeft();
    }

    /** The hash of the subtree over {@code count} unit hashes at {@code hashes[from]}, under a node of that side. */
    public static byte[] subtreeHash(byte[] hashes, int from, int count, boolean left) {
        return subtreeHash(AichBlockHasher.sha1(), hashes, from, count, left);
    }

    static byte[] subtreeHash(MessageDigest sha1, byte[] hashes, int from, int count, boolean left) {
        if (count < 1 || (from + count) * HASH_SIZE > hashes.length) {
            throw new IllegalArgumentException("units: [" + from + ", " + (from + count) + ") (expected: 1 or more of "
                    + hashes.length / HASH_SIZE + ")");
        }
        byte[] out = new byte[HASH_SIZE];
        reduce(sha1, hashes, from, count, left, out, 0);
        return out;
    }

    private static void reduce(MessageDigest sha1, byte[] hashes, int from, int count, boolean left, byte[] out,
                               int outOff) {
        if (count == 1) {
            System.arraycopy(hashes, from * HASH_SIZE, out, outOff, HASH_SIZE);
            return;
        }
        int nLeft = (left ? count + 1 : count) / 2;
        byte[] pair = new byte[2 * HASH_SIZE];
        reduce(sha1, hashes, from, nLeft, true, pair, 0);
        reduce(sha1, hashes, from + nLeft, count - nLeft, false, pair, HASH_SIZE);
        sha1.update(pair);
        try {
            sha1.digest(out, outOff, HASH_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("sha1: digest failed (expected: 20 bytes of room)", e);
        }
    }

    /** SHA-1 of {@code left || right}: an inner node. */
    static byte[] combine(byte[] left, byte[] right) {
        MessageDigest sha1 = AichBlockHasher.sha1();
        sha1.update(left);
        sha1.update(right);
        return sha1.digest();
    }
}
