package org.crossnet.spi.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the AICH root, pinned from rhash 1.4 ({@code rhash --printf=%x{aich}}) on the pattern data of
 * {@link #pattern}, and every root cross-checked against an independent calculation written the way aMule's
 * {@code CAICHHashTree} recurses (by byte sizes and a base size that switches from parts to blocks), not by units.
 */
class AichTreeTest {
    private static final long PART = 9_728_000L;
    private static final int BLOCK = 184_320;

    /** {@code byte i = (7i xor i/2048) & 0xFF}: every block of a test file differs from the others. */
    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ((i * 7L) ^ (i >>> 11));
        }
        return b;
    }

    @Test
    void emptyFileIsTheHashOfNothing() {
        assertThat(new AichTree(0).root().bytes().hex()).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(new AichTree(0).partHashes()).isEmpty();
    }

    @Test
    void aFileWithinOneBlockIsItsSha1() throws Exception {
        byte[] abc = "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AichTree t = new AichTree(3);
        t.update(abc, 0, 3);
        assertThat(t.root().bytes().hex()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({
        "184320, afe0d76b7aa4aa4a899a149d583ec13aa741d4ea",    // exactly one block: its SHA-1
        "184321, 6ba5261a0ce03fb3d515a7d7c7886f8a87838bed",    // one block and one byte
        "9728000, 572795a3ced825f102873e677c4b18f3343c6ba2",   // exactly one part: 52 blocks and a short 53rd
        "9912320, e275b9ac3c1463328d825f747deedbe42ff0ba00",   // one part and one block
        "48640001, 69b3251d958836db3af20c093ef2cfac692a3be7",  // five parts and a byte: uneven splits on both sides
    })
    void rootsMatchRhashAndAnIndependentCalculation(int size, String expected) throws Exception {
        byte[] data = pattern(size);
        AichTree t = new AichTree(size);
        // odd slices, so that block and part boundaries fall inside an update
        Random r = new Random(size);
        for (int off = 0; off < size; ) {
            int n = Math.min(size - off, 1 + r.nextInt(300_000));
            if (r.nextBoolean()) {
                t.update(data, off, n);
            } else {
                t.update(ByteBuffer.wrap(data, off, n));
            }
            off += n;
        }
        assertThat(t.root().bytes().hex()).isEqualTo(expected);
        assertThat(hex(independentRoot(data))).isEqualTo(expected);
        assertThat(t.partHashes()).hasSize(AichTree.partCount(size) * 20);
    }

    @Test
    void dataPastTheEndIsRefused() {
        AichTree t = new AichTree(10);
        t.update(new byte[10], 0, 10);
        assertThatThrownBy(() -> t.update(new byte[1], 0, 1)).hasMessageContaining("past its end");
        AichTree short1 = new AichTree(10);
        short1.update(new byte[9], 0, 9);
        assertThatThrownBy(short1::root).hasMessageContaining("9 of 10 bytes hashed");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, (1L << 38) + 1})
    void sizesOutsideEmulesRangeAreRefused(long size) {
        assertThatThrownBy(() -> new AichTree(size)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("size: " + size + " (expected: ");
    }

    @Test
    void geometry() {
        assertThat(AichTree.MAX_BLOCKS_PER_PART).isEqualTo(53);
        assertThat(AichTree.blockCount(PART)).isEqualTo(53);
        assertThat(AichTree.partCount(0)).isEqualTo(1);
        assertThat(AichTree.partCount(2 * PART)).isEqualTo(2);
        assertThat(AichTree.partCount(2 * PART + 1)).isEqualTo(3);
        assertThat(AichTree.partLength(2 * PART + 1, 2)).isEqualTo(1);
        assertThat(AichTree.MAX_PART_LEVELS).isEqualTo(15);
        // five parts: the root gives 3 left, 2 right; the left 3 give 2/1; the right (a right child) 2 give 1/1
        assertThat(java.util.stream.IntStream.range(0, 5).mapToObj(p -> AichTree.isLeftPart(5 * PART, p)))
                .containsExactly(true, false, false, true, false);
        assertThat(AichTree.wideIds(4_290_048_000L)).isFalse();
        assertThat(AichTree.wideIds(4_290_048_001L)).isTrue();
    }

    /** aMule's recursion: a node of {@code len} bytes has base PART_SIZE above one part, BLOCK_SIZE within one. */
    static byte[] independentRoot(byte[] data) throws Exception {
        return node(data, 0, data.length, true);
    }

    private static byte[] node(byte[] data, long start, long len, boolean left) throws Exception {
        long base = len <= PART ? BLOCK : PART;
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        if (len <= base) {
            sha1.update(data, (int) start, (int) len);
            return sha1.digest();
        }
        long units = (len + base - 1) / base;
        long leftLen = ((left ? units + 1 : units) / 2) * base;
        sha1.update(node(data, start, leftLen, true));
        sha1.update(node(data, start + leftLen, len - leftLen, false));
        return sha1.digest();
    }

    static String hex(byte[] b) {
        return org.crossnet.spi.model.Bytes.of(b).hex();
    }
}
