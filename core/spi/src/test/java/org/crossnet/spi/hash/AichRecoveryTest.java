package org.crossnet.spi.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recovery data built from a file verifies against its root; anything changed in it does not. */
class AichRecoveryTest {
    private static final long PART = 9_728_000L;
    private static final int BLOCK = 184_320;

    @Test
    void everyPartOfAFiveAndABitPartFileRoundTrips() {
        int size = (int) (4 * PART + 3 * BLOCK + 5);
        byte[] data = AichTreeTest.pattern(size);
        AichTree t = new AichTree(size);
        t.update(data, 0, size);
        AichRoot root = t.root();
        for (int p = 0; p < 5; p++) {
            byte[] blocks = blockHashes(data, size, p);
            List<AichNodeHash> rec = AichRecovery.build(size, p, t.partHashes(), blocks);
            assertThat(rec).hasSize(AichRecovery.hashCount(size, p));
            assertThat(AichRecovery.verify(size, p, root, rec)).isEqualTo(blocks);
            // any order is accepted, as aMule places hashes by id
            List<AichNodeHash> shuffled = new ArrayList<>(rec);
            Collections.shuffle(shuffled, new Random(p));
            assertThat(AichRecovery.verify(size, p, root, shuffled)).isEqualTo(blocks);
        }
    }

    @Test
    void idsFollowAmulesLayout() {
        // five parts: root 1; part 0 is left-left-left (0b1111); its sibling the right subtree 0b10, then 0b110
        long size = 5 * PART;
        byte[] parts = randomHashes(5, 1);
        List<AichNodeHash> rec = AichRecovery.build(size, 0, parts, randomHashes(53, 2));
        assertThat(rec.subList(0, 3)).extracting(AichNodeHash::id).containsExactly(0b10L, 0b110L, 0b1110L);
        // part 0 (a left node, 53 blocks) splits 27/26; its first block is left all the way down six levels
        assertThat(rec.get(3).id()).isEqualTo(0b1111_111111L);
        assertThat(rec).hasSize(3 + 53);
        // part 0's siblings are the hashes of those subtrees
        assertThat(rec.get(0).hash().toArray()).isEqualTo(AichTree.subtreeHash(parts, 3, 2, false));
    }

    @Test
    void onePartFileHasNoSiblings() {
        int size = 3 * BLOCK + 1;
        byte[] data = AichTreeTest.pattern(size);
        AichTree t = new AichTree(size);
        t.update(data, 0, size);
        List<AichNodeHash> rec = AichRecovery.build(size, 0, t.partHashes(), blockHashes(data, size, 0));
        // 4 blocks under the root (a left node): 2/2; ids 0b111, 0b110, 0b101, 0b100
        assertThat(rec).extracting(AichNodeHash::id).containsExactly(0b111L, 0b110L, 0b101L, 0b100L);
        assertThat(AichRecovery.verify(size, 0, t.root(), rec)).isEqualTo(blockHashes(data, size, 0));
    }

    @Test
    void partsOfOneBlockAreNotRecoverable() {
        assertThat(AichRecovery.recoverable(BLOCK, 0)).isFalse();
        assertThat(AichRecovery.recoverable(BLOCK + 1, 0)).isTrue();
        assertThat(AichRecovery.recoverable(PART + BLOCK, 1)).isFalse();
        assertThat(AichRecovery.recoverable(PART + BLOCK + 1, 1)).isTrue();
        assertThatThrownBy(() -> AichRecovery.verify(PART + BLOCK, 1, new AichRoot(Bytes.of(new byte[20])),
                List.of())).isInstanceOf(AichRecoveryException.class)
                .hasMessage("aich recovery part: 1 (expected: a part of more than one block of a 9912320-byte file)");
    }

    @Test
    void idsOfFilesUpTo4GbFitSixteenBitsAndOfTheLargestTwentyTwo() {
        for (long size : new long[] {AichTree.OLD_MAX_FILE_SIZE, AichTree.MAX_FILE_SIZE}) {
            int parts = AichTree.partCount(size);
            long max = 0;
            int most = 0;
            for (int p = 0; p < parts; p += 1 + parts / 500) {
                PartPath path = PartPath.of(size, p);
                for (long id : path.blockIds(AichTree.blockCount(AichTree.partLength(size, p)))) {
                    max = Math.max(max, id);
                }
                most = Math.max(most, AichRecovery.hashCount(size, p));
            }
            assertThat(max).isLessThanOrEqualTo(size == AichTree.OLD_MAX_FILE_SIZE ? 0xFFFF : 0x40_0000);
            assertThat(most).isLessThanOrEqualTo(AichTree.MAX_RECOVERY_HASHES);
        }
    }

    @ParameterizedTest(name = "part {0} of a 200 GiB file")
    @ValueSource(ints = {0, 7, 12_345, 22_075})
    void largeFileRecoveryVerifies(int part) {
        long size = 200L << 30;
        int parts = AichTree.partCount(size);
        int blockCount = AichTree.blockCount(AichTree.partLength(size, part));
        byte[] blocks = randomHashes(blockCount, part);
        byte[] partHashes = randomHashes(parts, 99);
        System.arraycopy(AichTree.subtreeHash(blocks, 0, blockCount, AichTree.isLeftPart(size, part)), 0,
                partHashes, part * 20, 20);
        AichRoot root = new AichRoot(Bytes.of(AichTree.subtreeHash(partHashes, 0, parts, true)));
        List<AichNodeHash> rec = AichRecovery.build(size, part, partHashes, blocks);
        assertThat(AichRecovery.verify(size, part, root, rec)).isEqualTo(blocks);
        // the part's block ids need more than 16 bits, and stay within aMule's bound for 32-bit ids
        assertThat(rec.get(rec.size() - 1).id()).isGreaterThan(0xFFFFL).isLessThanOrEqualTo(0x40_0000L);
    }

    @Test
    void tamperedDataIsRefusedWithItsReason() {
        long size = 3 * PART;
        byte[] parts = randomHashes(3, 5);
        byte[] blocks = randomHashes(53, 6);
        System.arraycopy(AichTree.subtreeHash(blocks, 0, 53, AichTree.isLeftPart(size, 1)), 0, parts, 20, 20);
        AichRoot root = new AichRoot(Bytes.of(AichTree.subtreeHash(parts, 0, 3, true)));
        List<AichNodeHash> good = AichRecovery.build(size, 1, parts, blocks);
        assertThat(AichRecovery.verify(size, 1, root, good)).isEqualTo(blocks);

        List<AichNodeHash> changed = new ArrayList<>(good);
        byte[] h = changed.get(10).hash().toArray();
        h[0] ^= 1;
        changed.set(10, new AichNodeHash(changed.get(10).id(), Bytes.of(h)));
        assertThatThrownBy(() -> AichRecovery.verify(size, 1, root, changed))
                .hasMessageStartingWith("aich recovery root: ")
                .hasMessageEndingWith("(expected: the trusted root " + root.bytes().hex() + ")");

        assertThatThrownBy(() -> AichRecovery.verify(size, 1, root, good.subList(1, good.size())))
                .hasMessage("aich recovery hash count: 54 (expected: 55 for part 1 of a 29184000-byte file)");

        List<AichNodeHash> dup = new ArrayList<>(good);
        dup.set(5, dup.get(4));
        assertThatThrownBy(() -> AichRecovery.verify(size, 1, root, dup))
                .hasMessage("aich recovery node id: 0x" + Long.toHexString(good.get(4).id()) + " (expected: each id once)");

        List<AichNodeHash> rootId = new ArrayList<>(good);
        rootId.set(0, new AichNodeHash(1, good.get(0).hash()));
        assertThatThrownBy(() -> AichRecovery.verify(size, 1, root, rootId))
                .hasMessage("aich recovery node id: 0x1 (expected: not the root's)");

        List<AichNodeHash> stray = new ArrayList<>(good);
        stray.set(0, new AichNodeHash(0x7FFF, good.get(0).hash()));
        assertThatThrownBy(() -> AichRecovery.verify(size, 1, root, stray))
                .hasMessageStartingWith("aich recovery node 0x" + Long.toHexString(good.get(0).id()) + ": missing");

        // data for part 1 offered as part 2's
        assertThatThrownBy(() -> AichRecovery.verify(size, 2, root, good)).isInstanceOf(AichRecoveryException.class);
    }

    @Test
    void badBlocksAreTheOnesThatDiffer() {
        byte[] a = randomHashes(5, 1);
        byte[] b = a.clone();
        b[2 * 20 + 7] ^= 0x40;
        b[4 * 20] ^= 1;
        assertThat(AichRecovery.badBlocks(a, b)).containsExactly(2, 4);
        assertThat(AichRecovery.badBlocks(a, a.clone())).isEmpty();
    }

    static byte[] blockHashes(byte[] data, long size, int part) {
        long len = AichTree.partLength(size, part);
        AichBlockHasher h = new AichBlockHasher(len);
        h.update(data, (int) (part * PART), (int) len);
        return h.blockHashes();
    }

    static byte[] randomHashes(int n, long seed) {
        byte[] b = new byte[n * 20];
        new Random(seed).nextBytes(b);
        return b;
    }
}
