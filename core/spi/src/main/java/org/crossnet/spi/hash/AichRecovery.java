package org.crossnet.spi.hash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;

/**
 * AICH part recovery data, as eMule and aMule exchange it (OP_AICHANSWER): for one part, the hash of each subtree
 * beside the way from the root down to the part (top-down), then the part's block hashes (left to right), each with
 * its node id. With the trusted root, these prove every block hash of the part, so a part that failed its MD4 check
 * can be re-hashed block by block and only the bad 180 KiB blocks fetched again. Pure functions; thread-safe.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SHAHashSet.cpp">aMule SHAHashSet.cpp
 *      (CreatePartRecoveryData, ReadRecoveryData)</a>
 */
public final class AichRecovery {
    private AichRecovery() {
    }

    /**
     * Whether a part can be recovered: as eMule, only when it holds more than one block (a part of one block has no
     * smaller unit to keep).
     */
    public static boolean recoverable(long size, int part) {
        return part >= 0 && part < AichTree.partCount(size) && size > part * AichTree.PART_SIZE + AichTree.BLOCK_SIZE;
    }

    /** The number of hashes in a part's recovery data: one per level above the part plus its blocks. */
    public static int hashCount(long size, int part) {
        return PartPath.of(size, part).siblings().size() + AichTree.blockCount(AichTree.partLength(size, part));
    }

    /**
     * Builds the recovery data of {@code part}.
     *
     * @param partHashes  every part hash of the file (20 bytes each, file order), as {@link AichTree#partHashes()}
     * @param blockHashes the part's block hashes (20 bytes each), as {@link AichBlockHasher#blockHashes()}
     */
    public static List<AichNodeHash> build(long size, int part, byte[] partHashes, byte[] blockHashes) {
        PartPath path = PartPath.of(size, part);
        int parts = AichTree.partCount(size);
        int blocks = AichTree.blockCount(AichTree.partLength(size, part));
        if (partHashes.length != parts * AichTree.HASH_SIZE || blockHashes.length != blocks * AichTree.HASH_SIZE) {
            throw new IllegalArgumentException("hashes: " + partHashes.length / AichTree.HASH_SIZE + " parts, "
                    + blockHashes.length / AichTree.HASH_SIZE + " blocks (expected: " + parts + " parts, " + blocks
                    + " blocks)");
        }
        List<AichNodeHash> out = new ArrayList<>(path.siblings().size() + blocks);
        for (PartPath.Sibling s : path.siblings()) {
            out.add(new AichNodeHash(s.id(),
                    Bytes.of(AichTree.subtreeHash(partHashes, s.fromPart(), s.partCount(), s.left()))));
        }
        long[] ids = path.blockIds(blocks);
        for (int i = 0; i < blocks; i++) {
            byte[] h = new byte[AichTree.HASH_SIZE];
            System.arraycopy(blockHashes, i * AichTree.HASH_SIZE, h, 0, AichTree.HASH_SIZE);
            out.add(new AichNodeHash(ids[i], Bytes.of(h)));
        }
        return List.copyOf(out);
    }

    /**
     * Checks recovery data for {@code part} against the trusted root and returns the part's block hashes (20 bytes
     * each, left to right). The hashes may come in any order, but must be exactly the part's: one per level above
     * it and one per block, each id once, none the root's.
     *
     * @throws AichRecoveryException naming what does not fit
     */
    public static byte[] verify(long size, int part, AichRoot root, List<AichNodeHash> hashes) {
        if (!recoverable(size, part)) {
            throw new AichRecoveryException("aich recovery part", part, "a part of more than one block of a "
                    + size + "-byte file");
        }
        PartPath path = PartPath.of(size, part);
        int blocks = AichTree.blockCount(AichTree.partLength(size, part));
        int expected = path.siblings().size() + blocks;
        if (hashes.size() != expected) {
            throw new AichRecoveryException("aich recovery hash count", hashes.size(), expected + " for part " + part
                    + " of a " + size + "-byte file");
        }
        Map<Long, Bytes> byId = new HashMap<>();
        for (AichNodeHash h : hashes) {
            if (h.id() == 1) {
                throw new AichRecoveryException("aich recovery node id", "0x1", "not the root's");
            }
            if (byId.put(h.id(), h.hash()) != null) {
                throw new AichRecoveryException("aich recovery node id", "0x" + Long.toHexString(h.id()),
                        "each id once");
            }
        }
        long[] blockIds = path.blockIds(blocks);
        byte[] blockHashes = new byte[blocks * AichTree.HASH_SIZE];
        for (int i = 0; i < blocks; i++) {
            Bytes h = need(byId, blockIds[i], "block " + i + " of part " + part);
            System.arraycopy(h.toArray(), 0, blockHashes, i * AichTree.HASH_SIZE, AichTree.HASH_SIZE);
        }
        byte[] node = AichTree.subtreeHash(blockHashes, 0, blocks, path.partLeft());
        List<PartPath.Sibling> siblings = path.siblings();
        for (int level = siblings.size() - 1; level >= 0; level--) {
            PartPath.Sibling s = siblings.get(level);
            byte[] sibling = need(byId, s.id(), "the subtree beside part " + part + " at level " + (level + 1))
                    .toArray();
            node = s.left() ? AichTree.combine(sibling, node) : AichTree.combine(node, sibling);
        }
        if (!Bytes.of(node).equals(root.bytes())) {
            throw new AichRecoveryException("aich recovery root", Bytes.of(node).hex(), "the trusted root "
                    + root.bytes().hex());
        }
        return blockHashes;
    }

    private static Bytes need(Map<Long, Bytes> byId, long id, String what) {
        Bytes h = byId.get(id);
        if (h == null) {
            throw new AichRecoveryException("aich recovery node 0x" + Long.toHexString(id), "missing",
                    "the hash of " + what);
        }
        return h;
    }

    /**
     * Compares a part's data, hashed block by block, with its verified block hashes; returns the indexes of the
     * blocks that differ (within the part, ascending).
     */
    public static List<Integer> badBlocks(byte[] verifiedBlockHashes, byte[] actualBlockHashes) {
        if (verifiedBlockHashes.length != actualBlockHashes.length) {
            throw new IllegalArgumentException("block hashes: " + actualBlockHashes.length / AichTree.HASH_SIZE
                    + " (expected: " + verifiedBlockHashes.length / AichTree.HASH_SIZE + ")");
        }
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i * AichTree.HASH_SIZE < verifiedBlockHashes.length; i++) {
            if (!java.util.Arrays.equals(verifiedBlockHashes, i * AichTree.HASH_SIZE, (i + 1) * AichTree.HASH_SIZE,
                    actualBlockHashes, i * AichTree.HASH_SIZE, (i + 1) * AichTree.HASH_SIZE)) {
                bad.add(i);
            }
        }
        return bad;
    }
}
