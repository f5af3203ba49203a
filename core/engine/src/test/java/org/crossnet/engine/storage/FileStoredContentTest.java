package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crossnet.spi.StoredContent.BLOCK_SIZE;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStoredContentTest {
    static final NetworkId BT = new NetworkId("bittorrent");
    static final NetworkId ED2K = new NetworkId("edonkey");
    static final NetworkId GNUTELLA = new NetworkId("gnutella");
    /** Three full blocks and a short last one. */
    static final int SIZE = 3 * BLOCK_SIZE + 1000;

    @TempDir
    Path dir;
    private final List<FileStoredContent> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FileStoredContent::close);
    }

    FileStoredContent newContent(long size) {
        FileStoredContent content = FileStoredContent.create(TransferId.random(), dir.resolve("c.crossnet-part"), size);
        opened.add(content);
        return content;
    }

    static byte[] data(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void write(FileStoredContent content, byte[] data, int from, int to) {
        content.write(from, ByteBuffer.wrap(data, from, to - from));
    }

    static byte[] readAll(FileStoredContent content) {
        ByteBuffer dst = ByteBuffer.allocate((int) content.size());
        assertThat(content.read(0, dst)).isEqualTo(content.size());
        return dst.array();
    }

    static BitSet bits(int... indices) {
        BitSet set = new BitSet();
        for (int i : indices) {
            set.set(i);
        }
        return set;
    }

    static VerificationUnit unit(NetworkId network, String kind, long index, long offset, long length) {
        return new VerificationUnit(network, kind, index, offset, length);
    }

    @Test
    void reportsBlockGeometry() {
        FileStoredContent content = newContent(SIZE);

        assertThat(content.size()).isEqualTo(SIZE);
        assertThat(content.blockCount()).isEqualTo(4);
        assertThat(newContent(0).blockCount()).isZero();
        assertThat(FileStoredContent.blockCount(BLOCK_SIZE)).isEqualTo(1);
        assertThat(FileStoredContent.blockCount(BLOCK_SIZE + 1)).isEqualTo(2);
    }

    /** Chunk sizes of the networks (eD2k 10,240, BitTorrent 16 KiB) and arbitrary ones, from several start phases. */
    @ParameterizedTest
    @ValueSource(ints = {1, 999, 10_240, BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1, 40_000, SIZE})
    void chunksOfAnySizeCombineToCompleteBlocks(int chunk) {
        byte[] data = data(SIZE, chunk);
        FileStoredContent content = newContent(SIZE);
        List<Integer> starts = new ArrayList<>();
        for (int start = 0; start < SIZE; start += chunk) {
            starts.add(start);
        }
        Collections.shuffle(starts, new Random(chunk));

        for (int start : starts) {
            write(content, data, start, Math.min(SIZE, start + chunk));
        }

        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
        assertThat(readAll(content)).isEqualTo(data);
    }

    @Test
    void writesSplitAtEveryOffsetOfABoundaryRegionCompleteTheBlocks() {
        byte[] data = data(SIZE, 7);
        for (int split = BLOCK_SIZE - 3; split <= BLOCK_SIZE + 3; split++) {
            for (int second = 2 * BLOCK_SIZE - 2; second <= 2 * BLOCK_SIZE + 2; second++) {
                FileStoredContent content = newContent(SIZE);
                write(content, data, second, SIZE);
                write(content, data, 0, split);
                BitSet expected = bits(3);
                expected.set(0, split >= BLOCK_SIZE);
                expected.set(2, second <= 2 * BLOCK_SIZE);
                assertThat(content.writtenBlocks()).as("split %d/%d", split, second).isEqualTo(expected);
                write(content, data, split, second);
                assertThat(content.writtenBlocks()).as("split %d/%d", split, second).isEqualTo(bits(0, 1, 2, 3));
                assertThat(readAll(content)).isEqualTo(data);
                content.close();
            }
        }
    }

    /** An eD2k part ends inside a block: progress must count its bytes, never less than what was verified. */
    @Test
    void bytesWrittenCountsPartlyWrittenBlocksToTheByteAndNeverFallsBelowVerified() {
        byte[] data = data(SIZE, 3);
        FileStoredContent content = newContent(SIZE);
        int partEnd = BLOCK_SIZE + 5_000;

        write(content, data, 0, partEnd);
        assertThat(content.bytesWritten()).isEqualTo(partEnd);
        content.markVerified(unit(ED2K, "ed2k-part", 0, 0, partEnd));
        assertThat(content.bytesWritten()).isEqualTo(partEnd).isGreaterThanOrEqualTo(content.bytesVerified());

        write(content, data, 2 * BLOCK_SIZE + 7, 2 * BLOCK_SIZE + 107);
        assertThat(content.bytesWritten()).isEqualTo(partEnd + 100);
        write(content, data, partEnd, SIZE);
        assertThat(content.bytesWritten()).isEqualTo(SIZE);
    }

    @Test
    void aSubBlockWriteLeavesTheBlockIncompleteAndASpanningWriteCompletesOnlyWholeBlocks() {
        byte[] data = data(SIZE, 1);
        FileStoredContent content = newContent(SIZE);

        write(content, data, 0, 10_240);
        assertThat(content.writtenBlocks()).isEqualTo(new BitSet());
        write(content, data, 10_240, 20_480);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0));
        write(content, data, 20_480, 3 * BLOCK_SIZE + 10);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2));
    }

    @Test
    void theLastShortBlockCompletesWithItsOwnLength() {
        byte[] data = data(SIZE, 2);
        FileStoredContent content = newContent(SIZE);

        write(content, data, 3 * BLOCK_SIZE, SIZE);

        assertThat(content.writtenBlocks()).isEqualTo(bits(3));
        ByteBuffer tail = ByteBuffer.allocate(1000);
        assertThat(content.read(3 * BLOCK_SIZE, tail)).isEqualTo(1000);
        assertThat(tail.array()).isEqualTo(Arrays.copyOfRange(data, 3 * BLOCK_SIZE, SIZE));
    }

    @Test
    void readingPastTheWrittenEndOfTheSparseFileReturnsFewerBytes() {
        byte[] data = data(SIZE, 23);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, 100);
        write(content, data, 300, 400);

        ByteBuffer dst = ByteBuffer.allocate(1000);
        dst.position(10);
        int read = content.read(50, dst);

        assertThat(read).isEqualTo(350);
        assertThat(dst.position()).isEqualTo(360);
        assertThat(Arrays.copyOfRange(dst.array(), 10, 60)).isEqualTo(Arrays.copyOfRange(data, 50, 100));
        assertThat(Arrays.copyOfRange(dst.array(), 60, 260)).as("never written: zeros").isEqualTo(new byte[200]);
        assertThat(Arrays.copyOfRange(dst.array(), 260, 360)).isEqualTo(Arrays.copyOfRange(data, 300, 400));
    }

    /** Byte counting would call the block complete after writing its first half twice; ranges do not. */
    @Test
    void rewritingTheSameBytesDoesNotCountTwice() {
        byte[] data = data(SIZE, 3);
        FileStoredContent content = newContent(SIZE);

        write(content, data, 0, BLOCK_SIZE / 2);
        write(content, data, 0, BLOCK_SIZE / 2);
        write(content, data, 100, BLOCK_SIZE / 2 + 100);

        assertThat(content.writtenBlocks()).isEqualTo(new BitSet());
        write(content, data, BLOCK_SIZE / 2, BLOCK_SIZE);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0));
    }

    @Test
    void writeConsumesTheSourceBufferFromItsPosition() {
        byte[] data = data(100, 4);
        FileStoredContent content = newContent(SIZE);
        ByteBuffer src = ByteBuffer.allocate(120);
        src.position(20);
        src.put(data);
        src.position(20);

        content.write(500, src.asReadOnlyBuffer());
        content.write(600, src);

        assertThat(src.hasRemaining()).isFalse();
        ByteBuffer back = ByteBuffer.allocate(100);
        content.read(600, back);
        assertThat(back.array()).isEqualTo(data);
    }

    @Test
    void concurrentWritersFromSeveralThreadsFillEveryBlock() throws Exception {
        int size = 64 * BLOCK_SIZE + 4321;
        byte[] data = data(size, 5);
        FileStoredContent content = newContent(size);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    // Each thread has its own chunk size and order, so the chunks overlap across threads.
                    int chunk = 3_000 + id * 1_777;
                    List<Integer> starts = new ArrayList<>();
                    for (int s = id * 97; s < size; s += chunk) {
                        starts.add(s);
                    }
                    Collections.shuffle(starts, new Random(id));
                    for (int s : starts) {
                        write(content, data, s, Math.min(size, s + chunk));
                    }
                    write(content, data, 0, id * 97);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        BitSet all = new BitSet();
        all.set(0, content.blockCount());
        assertThat(content.writtenBlocks()).isEqualTo(all);
        assertThat(readAll(content)).isEqualTo(data);
    }

    @Test
    void writesAndVerificationsInterleavedAcrossThreadsNeverChangeVerifiedBytes() throws Exception {
        int size = 32 * BLOCK_SIZE;
        byte[] good = data(size, 6);
        byte[] bad = data(size, 66);
        FileStoredContent content = newContent(size);
        write(content, good, 0, size);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> verifier = pool.submit(() -> {
                for (int piece = 0; piece < 32; piece++) {
                    content.markVerified(unit(BT, "bt-piece", piece, (long) piece * BLOCK_SIZE, BLOCK_SIZE));
                }
            });
            // Writers keep sending the wrong bytes; every piece verified before they reach it must stay good.
            Future<?> writerA = pool.submit(() -> {
                for (int round = 0; round < 20; round++) {
                    write(content, bad, 0, size);
                }
            });
            verifier.get(60, TimeUnit.SECONDS);
            writerA.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        byte[] lastPiece = Arrays.copyOfRange(readAll(content), size - BLOCK_SIZE, size);
        write(content, bad, 0, size);

        assertThat(content.isVerified(0, size)).isTrue();
        assertThat(Arrays.copyOfRange(readAll(content), size - BLOCK_SIZE, size)).isEqualTo(lastPiece);
    }

    @Test
    void twoNetworksVerifyingOverlappingUnitsCountEachByteOnce() {
        // eD2k part 0 ends at 9,728,000 = 593.75 blocks; BitTorrent pieces of 256 KiB straddle it.
        long partSize = 9_728_000L;
        int pieceSize = 256 * 1024;
        long size = partSize + 1_000_000;
        FileStoredContent content = newContent(size);
        byte[] chunk = data(pieceSize, 8);
        for (long offset = 0; offset < size; offset += pieceSize) {
            content.write(offset, ByteBuffer.wrap(chunk, 0, (int) Math.min(pieceSize, size - offset)));
        }

        content.markVerified(unit(ED2K, "ed2k-part", 0, 0, partSize));
        long piece37 = 37L * pieceSize; // 9,699,328: the piece holding the part boundary
        content.markVerified(unit(BT, "bt-piece", 37, piece37, pieceSize));
        content.markVerified(unit(BT, "bt-piece", 36, piece37 - pieceSize, pieceSize));

        assertThat(content.bytesVerified()).isEqualTo(piece37 + pieceSize);
        assertThat(content.isVerified(0, piece37 + pieceSize)).isTrue();
        assertThat(content.isVerified(partSize - 10, 20)).isTrue();
        assertThat(content.isVerified(piece37 + pieceSize, 1)).isFalse();
        assertThat(content.verifiedRanges(ED2K)).containsExactly(new ByteRange(0, partSize));
        assertThat(content.verifiedRanges(BT)).containsExactly(new ByteRange(piece37 - pieceSize, piece37 + pieceSize));
        assertThat(content.verifiedRanges(GNUTELLA)).isEmpty();
        assertThat(content.isComplete()).isFalse();
    }

    @Test
    void aVerifiedUnitEndingInsideABlockCountsTowardsThatBlock() {
        byte[] data = data(SIZE, 9);
        FileStoredContent content = newContent(SIZE);
        int boundary = BLOCK_SIZE + 5_000;
        write(content, data, 0, boundary);
        content.markVerified(unit(ED2K, "aich-block", 0, 0, boundary));

        write(content, bytesOf(99, SIZE), 0, SIZE); // verified bytes are skipped, the rest is written
        byte[] expected = bytesOf(99, SIZE);
        System.arraycopy(data, 0, expected, 0, boundary);

        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
        assertThat(readAll(content)).isEqualTo(expected);
    }

    static byte[] bytesOf(int value, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void verifiedBytesAreNeverOverwrittenAndTheWriteReturnsNormally() {
        byte[] good = data(SIZE, 10);
        FileStoredContent content = newContent(SIZE);
        write(content, good, 0, SIZE);
        content.markVerified(unit(BT, "bt-piece", 1, BLOCK_SIZE, BLOCK_SIZE));
        content.markVerified(unit(GNUTELLA, "tth-range", 0, 3 * BLOCK_SIZE + 10, 20));

        write(content, bytesOf(0x55, SIZE), 0, SIZE);

        byte[] after = readAll(content);
        byte[] expected = bytesOf(0x55, SIZE);
        System.arraycopy(good, BLOCK_SIZE, expected, BLOCK_SIZE, BLOCK_SIZE);
        System.arraycopy(good, 3 * BLOCK_SIZE + 10, expected, 3 * BLOCK_SIZE + 10, 20);
        assertThat(after).isEqualTo(expected);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
    }

    @Test
    void markCorruptDropsOnlyBlocksNoNetworkVerified() {
        int size = 8 * BLOCK_SIZE;
        byte[] bad = data(size, 11);
        FileStoredContent content = newContent(size);
        write(content, bad, 0, size);
        content.markVerified(unit(BT, "bt-piece", 1, BLOCK_SIZE, BLOCK_SIZE));

        int dropped = content.markCorrupt(unit(ED2K, "ed2k-part", 0, 0, 4L * BLOCK_SIZE));

        assertThat(dropped).isEqualTo(3);
        assertThat(content.writtenBlocks()).isEqualTo(bits(1, 4, 5, 6, 7));
        assertThat(content.bytesVerified()).isEqualTo(BLOCK_SIZE);
        byte[] good = data(size, 12);
        write(content, good, 0, 4 * BLOCK_SIZE);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3, 4, 5, 6, 7));
        byte[] after = readAll(content);
        assertThat(Arrays.copyOfRange(after, BLOCK_SIZE, 2 * BLOCK_SIZE))
                .isEqualTo(Arrays.copyOfRange(bad, BLOCK_SIZE, 2 * BLOCK_SIZE));
        assertThat(Arrays.copyOfRange(after, 0, BLOCK_SIZE))
                .isEqualTo(Arrays.copyOfRange(good, 0, BLOCK_SIZE));
    }

    /** 9,728,000 is not a multiple of 16 KiB: the part boundary falls inside block 593. */
    @Test
    void aCorruptUnitEndingInsideABlockKeepsTheBlocksBytesBeyondTheUnit() {
        long partSize = 9_728_000L;
        long size = partSize + 2 * BLOCK_SIZE;
        FileStoredContent content = newContent(size);
        byte[] chunk = data(BLOCK_SIZE, 13);
        for (long offset = 0; offset < size; offset += BLOCK_SIZE) {
            content.write(offset, ByteBuffer.wrap(chunk, 0, (int) Math.min(BLOCK_SIZE, size - offset)));
        }
        int boundaryBlock = (int) (partSize / BLOCK_SIZE);
        assertThat(boundaryBlock).isEqualTo(593);

        // The next part (index 1) was verified; part 0 fails.
        content.markVerified(unit(ED2K, "ed2k-part", 1, partSize, size - partSize));
        int dropped = content.markCorrupt(unit(ED2K, "ed2k-part", 0, 0, partSize));

        assertThat(dropped).isEqualTo(boundaryBlock + 1);
        BitSet written = content.writtenBlocks();
        assertThat(written.nextSetBit(0)).isEqualTo(boundaryBlock + 1);
        // Re-fetching part 0 alone completes block 593, whose tail stayed (verified by part 1).
        for (long offset = 0; offset < partSize; offset += BLOCK_SIZE) {
            content.write(offset, ByteBuffer.wrap(chunk, 0, (int) Math.min(BLOCK_SIZE, partSize - offset)));
        }
        assertThat(content.writtenBlocks().cardinality()).isEqualTo(content.blockCount());
    }

    @Test
    void aCorruptUnitStartingInsideABlockKeepsTheUnverifiedBytesBeforeIt() {
        byte[] data = data(SIZE, 14);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, SIZE);
        int unitStart = BLOCK_SIZE + 100;

        int dropped = content.markCorrupt(unit(GNUTELLA, "tth-range", 1, unitStart, 2 * BLOCK_SIZE - 100));

        assertThat(dropped).isEqualTo(2);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 3));
        write(content, data, unitStart, 3 * BLOCK_SIZE);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
    }

    @Test
    void markCorruptOnAPartlyWrittenBlockCountsItAndOnAnEmptyOneDoesNot() {
        byte[] data = data(SIZE, 15);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, 100);

        assertThat(content.markCorrupt(unit(BT, "bt-piece", 0, 0, 2L * BLOCK_SIZE))).isEqualTo(1);
        assertThat(content.markCorrupt(unit(BT, "bt-piece", 0, 0, 2L * BLOCK_SIZE))).isZero();
        write(content, data, 100, BLOCK_SIZE);
        assertThat(content.writtenBlocks()).as("the first 100 bytes were dropped").isEqualTo(new BitSet());
    }

    @Test
    void aWhollyVerifiedUnitMarkedCorruptDropsNothing() {
        byte[] data = data(SIZE, 16);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, SIZE);
        content.markVerified(unit(BT, "bt-piece", 0, 0, SIZE));

        assertThat(content.markCorrupt(unit(ED2K, "ed2k-part", 0, 0, SIZE))).isZero();
        assertThat(content.isComplete()).isTrue();
        assertThat(content.writtenBlocks().cardinality()).isEqualTo(4);
    }

    @Test
    void outOfRangeWritesAreRejected() {
        FileStoredContent content = newContent(SIZE);

        assertInvalidOffset(() -> content.write(-1, ByteBuffer.allocate(1)), "offset: -1 (expected: 0..");
        assertInvalidOffset(() -> content.write(SIZE - 10, ByteBuffer.allocate(11)),
                "offset: " + (SIZE - 10) + " (expected: 0.." + (SIZE - 11) + " for 11 bytes");
        assertInvalidOffset(() -> content.write(Long.MAX_VALUE, ByteBuffer.allocate(2)), "offset: " + Long.MAX_VALUE);
        assertInvalidOffset(() -> content.read(SIZE, ByteBuffer.allocate(1)), "offset: " + SIZE);
        assertInvalidOffset(() -> content.isVerified(0, SIZE + 1), "offset: 0");
        assertThat(content.writtenBlocks()).isEqualTo(new BitSet());
        content.write(SIZE, ByteBuffer.allocate(0));
    }

    static void assertInvalidOffset(Runnable call, String messageStart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void unitsOutsideTheContentAreRejected() {
        FileStoredContent content = newContent(SIZE);

        assertThatThrownBy(() -> content.markVerified(unit(BT, "bt-piece", 4, 3L * BLOCK_SIZE, BLOCK_SIZE)))
                .isInstanceOf(GatewayException.class)
                .hasMessage("unit: bt-piece 4 [49152, 65536) (expected: within size " + SIZE + ")");
        assertThatThrownBy(() -> content.markCorrupt(unit(BT, "bt-piece", 9, SIZE, 1)))
                .isInstanceOf(GatewayException.class);
        assertThat(content.bytesVerified()).isZero();
    }

    @Test
    void unknownSizeRefusesDataUntilSetOnce() {
        FileStoredContent content = newContent(-1);

        assertThat(content.size()).isEqualTo(-1);
        assertThat(content.blockCount()).isZero();
        assertInvalidOffset(() -> content.write(0, ByteBuffer.allocate(1)),
                "offset: 0 (expected: a known size first");

        content.setSize(SIZE);
        content.setSize(SIZE);
        write(content, data(SIZE, 17), 0, SIZE);

        assertThat(content.blockCount()).isEqualTo(4);
        assertThat(content.writtenBlocks().cardinality()).isEqualTo(4);
        assertThatThrownBy(() -> content.setSize(SIZE + 1))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT))
                .hasMessage("size: " + (SIZE + 1) + " (expected: the known size " + SIZE + ")");
        assertThatThrownBy(() -> newContent(-1).setSize(-5)).hasMessageStartingWith("size: -5 (expected: 0..");
    }

    @Test
    void anInterruptedWriterFailsAloneAndTheOthersCarryOn() throws Exception {
        byte[] data = data(SIZE, 18);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, BLOCK_SIZE);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> write(content, data, BLOCK_SIZE, 2 * BLOCK_SIZE))
                    .isInstanceOfSatisfying(GatewayException.class,
                            e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.UNAVAILABLE));
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
        }

        Thread other = new Thread(() -> write(content, data, BLOCK_SIZE, SIZE));
        other.start();
        other.join(10_000);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
        assertThat(readAll(content)).isEqualTo(data);
    }

    @Test
    void moveToRenamesAndKeepsServingButNeverReplacesAFile() throws Exception {
        byte[] data = data(SIZE, 19);
        FileStoredContent content = newContent(SIZE);
        write(content, data, 0, SIZE);
        Path taken = Files.writeString(dir.resolve("taken.bin"), "mine");

        assertThatThrownBy(() -> content.moveTo(taken))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT));
        assertThat(Files.readString(taken)).isEqualTo("mine");

        Path target = dir.resolve("final.bin");
        content.moveTo(target);

        assertThat(content.path()).isEqualTo(target);
        assertThat(Files.exists(dir.resolve("c.crossnet-part"))).isFalse();
        assertThat(readAll(content)).isEqualTo(data);
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void aClosedContentRefusesIo() {
        FileStoredContent content = newContent(SIZE);
        content.close();
        content.close();

        assertThatThrownBy(() -> content.write(0, ByteBuffer.allocate(1)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> content.read(0, ByteBuffer.allocate(1))).isInstanceOf(GatewayException.class);
    }

    @Test
    void manyScatteredPartialBlocksStayBoundedAndLoseOnlyProgress() {
        int blocks = FileStoredContent.MAX_PARTIAL_BLOCKS + 10;
        long size = (long) blocks * BLOCK_SIZE;
        FileStoredContent content = newContent(size);
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int b = 0; b < blocks; b++) {
            content.write((long) b * BLOCK_SIZE, one.clear());
        }
        // Block 0's progress was evicted first: completing the rest of it does not complete it.
        content.write(1, ByteBuffer.allocate(BLOCK_SIZE - 1));
        content.write((long) (blocks - 1) * BLOCK_SIZE + 1, ByteBuffer.allocate(BLOCK_SIZE - 1));

        assertThat(content.writtenBlocks()).isEqualTo(bits(blocks - 1));
        content.write(0, ByteBuffer.allocate(BLOCK_SIZE));
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, blocks - 1));
    }
}
