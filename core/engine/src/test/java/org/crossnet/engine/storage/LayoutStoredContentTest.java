package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crossnet.engine.storage.FileStoredContentTest.BT;
import static org.crossnet.engine.storage.FileStoredContentTest.ED2K;
import static org.crossnet.engine.storage.FileStoredContentTest.bits;
import static org.crossnet.engine.storage.FileStoredContentTest.data;
import static org.crossnet.engine.storage.FileStoredContentTest.unit;
import static org.crossnet.spi.StoredContent.BLOCK_SIZE;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileStoredContent} laid out over several files: the flat byte space maps onto the files, writes and reads
 * split at file boundaries (at every alignment), empty files, units spanning files, resume, renaming on completion.
 */
class LayoutStoredContentTest {
    /**
     * A file ending 100 bytes into block 1, an empty file, a 50-byte file inside block 1, one ending the content 157
     * bytes into block 3.
     */
    static final long[] LENGTHS = {BLOCK_SIZE + 100, 0, 50, 2L * BLOCK_SIZE + 7};
    static final int SIZE = (int) Arrays.stream(LENGTHS).sum();

    @TempDir
    Path dir;
    private final List<FileStoredContent> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FileStoredContent::close);
    }

    List<StoredFile> layout(Path folder, long... lengths) {
        List<StoredFile> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            Path file = folder.resolve("f" + i);
            files.add(new StoredFile(file, folder.resolve("f" + i + ContentPaths.PART_SUFFIX), lengths[i], offset));
            offset += lengths[i];
        }
        return files;
    }

    FileStoredContent create(List<StoredFile> layout) {
        FileStoredContent content = FileStoredContent.create(TransferId.random(), layout);
        opened.add(content);
        return content;
    }

    static byte[] slice(byte[] data, StoredFile f) {
        return Arrays.copyOfRange(data, (int) f.offset(), (int) f.end());
    }

    static byte[] read(FileStoredContent content, long offset, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length);
        assertThat(content.read(offset, dst)).isEqualTo(length);
        return dst.array();
    }

    /** The file boundaries of {@link #LENGTHS} in the flat byte space (the empty file's two coincide). */
    static List<Long> boundaries() {
        List<Long> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < LENGTHS.length - 1; i++) {
            offset += LENGTHS[i];
            out.add(offset);
        }
        return out;
    }

    @Test
    void createsEveryFileIncludingEmptyOnesAndReportsTheTotal() throws IOException {
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);

        assertThat(content.size()).isEqualTo(SIZE);
        assertThat(content.blockCount()).isEqualTo(4);
        assertThat(content.layout()).isEqualTo(layout);
        assertThat(content.paths()).containsExactlyElementsOf(layout.stream().map(StoredFile::partFile).toList());
        for (StoredFile f : layout) {
            assertThat(Files.size(f.partFile())).isZero();
        }
    }

    @Test
    void writesSplitAtEveryOffsetAroundEveryFileBoundaryLandInTheRightFiles() throws IOException {
        byte[] data = data(SIZE, 31);
        for (long boundary : boundaries()) {
            for (long split = boundary - 3; split <= boundary + 3; split++) {
                Path folder = Files.createDirectories(dir.resolve("split-" + boundary + "-" + split));
                List<StoredFile> layout = layout(folder, LENGTHS);
                FileStoredContent content = create(layout);
                content.write(split, ByteBuffer.wrap(data, (int) split, SIZE - (int) split));
                content.write(0, ByteBuffer.wrap(data, 0, (int) split));

                assertThat(content.writtenBlocks()).as("split at %d", split).isEqualTo(bits(0, 1, 2, 3));
                for (StoredFile f : layout) {
                    assertThat(Files.readAllBytes(f.partFile())).as("%s split at %d", f.file().getFileName(), split)
                            .isEqualTo(slice(data, f));
                }
                assertThat(read(content, 0, SIZE)).isEqualTo(data);
                content.close();
            }
        }
    }

    @Test
    void shortWritesAndReadsAtEveryAlignmentAroundABoundaryMatchTheFlatBytes() {
        byte[] data = data(SIZE, 32);
        FileStoredContent content = create(layout(dir, LENGTHS));
        content.write(0, ByteBuffer.wrap(data));
        for (long boundary : boundaries()) {
            for (long offset = boundary - 4; offset <= boundary + 4; offset++) {
                for (int length = 1; length <= 8; length++) {
                    assertThat(read(content, offset, length)).as("read [%d, +%d)", offset, length)
                            .isEqualTo(Arrays.copyOfRange(data, (int) offset, (int) offset + length));
                }
            }
        }
        byte[] other = data(SIZE, 33);
        for (long boundary : boundaries()) {
            for (long offset = boundary - 4; offset <= boundary + 4; offset++) {
                content.write(offset, ByteBuffer.wrap(other, (int) offset, 3));
                System.arraycopy(other, (int) offset, data, (int) offset, 3);
            }
        }
        assertThat(read(content, 0, SIZE)).isEqualTo(data);
    }

    @Test
    void aWriteCoveringSeveralFilesAtOnceAndReadsFromTheirMiddles() throws IOException {
        long[] lengths = {10, 20, 0, 0, 30, 1};
        List<StoredFile> layout = layout(dir, lengths);
        FileStoredContent content = create(layout);
        byte[] data = data(61, 34);

        content.write(5, ByteBuffer.wrap(data, 5, 50));

        assertThat(Files.readAllBytes(layout.get(0).partFile())).hasSize(10)
                .endsWith(Arrays.copyOfRange(data, 5, 10));
        assertThat(Files.readAllBytes(layout.get(1).partFile())).isEqualTo(Arrays.copyOfRange(data, 10, 30));
        assertThat(Files.size(layout.get(2).partFile())).isZero();
        assertThat(Files.readAllBytes(layout.get(4).partFile())).hasSize(25)
                .isEqualTo(Arrays.copyOfRange(data, 30, 55));
        assertThat(read(content, 12, 40)).isEqualTo(Arrays.copyOfRange(data, 12, 52));
    }

    @Test
    void aReadStopsWhereAFilesWrittenDataEnds() {
        FileStoredContent content = create(layout(dir, 100, 100));
        content.write(0, ByteBuffer.wrap(data(50, 35)));
        content.write(100, ByteBuffer.wrap(data(100, 36)));

        ByteBuffer dst = ByteBuffer.allocate(200);
        assertThat(content.read(0, dst)).isEqualTo(50);
        assertThat(dst.position()).isEqualTo(50);
    }

    @Test
    void aPieceSpanningThreeFilesVerifiesAllOfThemAndIsNeverOverwritten() throws IOException {
        byte[] data = data(SIZE, 37);
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);
        content.write(0, ByteBuffer.wrap(data));
        // one 2-block piece from block 0 to block 2: covers file 0, the empty file, file 2 and part of file 3
        content.markVerified(unit(BT, "bt-piece", 0, 0, 2L * BLOCK_SIZE));

        content.write(0, ByteBuffer.wrap(new byte[SIZE]));

        assertThat(content.isVerified(0, 2L * BLOCK_SIZE)).isTrue();
        assertThat(Files.readAllBytes(layout.get(0).partFile())).isEqualTo(slice(data, layout.get(0)));
        assertThat(Files.readAllBytes(layout.get(2).partFile())).isEqualTo(slice(data, layout.get(2)));
        byte[] last = Files.readAllBytes(layout.get(3).partFile());
        int verifiedInLast = (int) (2L * BLOCK_SIZE - layout.get(3).offset());
        assertThat(Arrays.copyOf(last, verifiedInLast)).isEqualTo(Arrays.copyOf(slice(data, layout.get(3)),
                verifiedInLast));
        assertThat(Arrays.copyOfRange(last, verifiedInLast, last.length)).containsOnly(0);
    }

    @Test
    void verifiedBytesPerFileFollowUnitsAcrossFilesAndWrittenBytesCountTheShortLastBlock() {
        byte[] data = data(SIZE, 39);
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);
        long[] starts = layout.stream().mapToLong(StoredFile::offset).toArray();
        long[] ends = layout.stream().mapToLong(StoredFile::end).toArray();
        assertThat(content.bytesVerifiedWithin(starts, ends)).containsExactly(0, 0, 0, 0);
        assertThat(content.bytesWritten()).isZero();

        content.write(0, ByteBuffer.wrap(data));
        assertThat(content.bytesWritten()).as("every block, the last one short").isEqualTo(SIZE);
        // block 1 of the content: the tail of file 0, the empty file, file 2, the head of file 3
        content.markVerified(unit(BT, "bt-piece", 1, BLOCK_SIZE, BLOCK_SIZE));
        assertThat(content.bytesVerifiedWithin(starts, ends)).containsExactly(100, 0, 50,
                BLOCK_SIZE - 150);
        // an eD2k-like unit ending in the middle of file 3
        content.markVerified(unit(ED2K, "ed2k-part", 0, 0, SIZE - 1_000));
        assertThat(content.bytesVerifiedWithin(starts, ends)).containsExactly(BLOCK_SIZE + 100, 0, 50,
                2L * BLOCK_SIZE + 7 - 1_000);
        assertThat(Arrays.stream(content.bytesVerifiedWithin(starts, ends)).sum()).isEqualTo(content.bytesVerified());
    }

    @Test
    void markCorruptAcrossFilesDropsOnlyWhatNoNetworkVerified() {
        byte[] data = data(SIZE, 38);
        FileStoredContent content = create(layout(dir, LENGTHS));
        content.write(0, ByteBuffer.wrap(data));
        // eD2k verified the first file only; a BitTorrent piece over the first two blocks then fails
        long firstFile = LENGTHS[0];
        content.markVerified(unit(ED2K, "ed2k-part", 0, 0, firstFile));

        int dropped = content.markCorrupt(unit(BT, "bt-piece", 0, 0, 2L * BLOCK_SIZE));

        assertThat(dropped).isEqualTo(1);
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 2, 3));
        // re-fetching the piece's unverified bytes (past the first file) completes block 1 again
        content.write(firstFile, ByteBuffer.wrap(data, (int) firstFile, (int) (2L * BLOCK_SIZE - firstFile)));
        assertThat(content.writtenBlocks()).isEqualTo(bits(0, 1, 2, 3));
        assertThat(read(content, 0, SIZE)).isEqualTo(data);
    }

    @Test
    void snapshotAndRestoreKeepTheLayoutWithoutRechecking() {
        byte[] data = data(SIZE, 39);
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);
        content.write(0, ByteBuffer.wrap(data, 0, 2 * BLOCK_SIZE));
        content.markVerified(unit(BT, "bt-piece", 0, 0, 2L * BLOCK_SIZE));
        ResumeState state = ResumeState.decode(content.snapshot().encode());
        content.close();

        FileStoredContent restored = FileStoredContent.restore(TransferId.random(), layout, state);
        opened.add(restored);

        assertThat(restored.layout()).isEqualTo(layout);
        assertThat(restored.writtenBlocks()).isEqualTo(bits(0, 1));
        assertThat(restored.bytesVerified()).isEqualTo(2L * BLOCK_SIZE);
        assertThat(read(restored, 0, 2 * BLOCK_SIZE)).isEqualTo(Arrays.copyOf(data, 2 * BLOCK_SIZE));
        restored.write(0, ByteBuffer.wrap(data));
        assertThat(read(restored, 0, SIZE)).isEqualTo(data);
    }

    @Test
    void aFileTruncatedBehindOurBackLosesOnlyItsOwnRange() throws IOException {
        long[] lengths = {3L * BLOCK_SIZE, 2L * BLOCK_SIZE, 2L * BLOCK_SIZE};
        List<StoredFile> layout = layout(dir, lengths);
        FileStoredContent content = create(layout);
        byte[] data = data(7 * BLOCK_SIZE, 40);
        content.write(0, ByteBuffer.wrap(data));
        content.markVerified(unit(BT, "bt-piece", 0, 0, 7L * BLOCK_SIZE));
        ResumeState state = content.snapshot();
        content.close();
        try (RandomAccessFile middle = new RandomAccessFile(layout.get(1).partFile().toFile(), "rw")) {
            middle.setLength(BLOCK_SIZE / 2);
        }

        FileStoredContent restored = FileStoredContent.restore(TransferId.random(), layout, state);
        opened.add(restored);

        assertThat(restored.writtenBlocks()).isEqualTo(bits(0, 1, 2, 5, 6));
        assertThat(restored.isVerified(0, 3L * BLOCK_SIZE + BLOCK_SIZE / 2)).isTrue();
        assertThat(restored.isVerified(3L * BLOCK_SIZE + BLOCK_SIZE / 2, 1)).isFalse();
        assertThat(restored.isVerified(5L * BLOCK_SIZE, 2L * BLOCK_SIZE)).isTrue();
        assertThat(restored.bytesVerified()).isEqualTo(7L * BLOCK_SIZE - (2L * BLOCK_SIZE - BLOCK_SIZE / 2));
    }

    @Test
    void restoreRefusesAStateOfAnotherSizeAndAMissingFile() throws IOException {
        List<StoredFile> layout = layout(dir, LENGTHS);
        create(layout).close();

        assertThatThrownBy(() -> FileStoredContent.restore(TransferId.random(), layout, ResumeState.empty(SIZE + 1)))
                .hasMessage("resumeData.size: " + (SIZE + 1) + " (expected: the layout's size " + SIZE + ")");
        Files.delete(layout.get(1).partFile());
        assertThatThrownBy(() -> FileStoredContent.restore(TransferId.random(), layout, ResumeState.empty(SIZE)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.NOT_FOUND));
    }

    @Test
    void finishRenamesEveryFileAndKeepsServing() throws IOException {
        byte[] data = data(SIZE, 41);
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);
        content.write(0, ByteBuffer.wrap(data));

        content.finish();
        content.finish();

        assertThat(content.paths()).containsExactlyElementsOf(layout.stream().map(StoredFile::file).toList());
        for (StoredFile f : layout) {
            assertThat(f.partFile()).doesNotExist();
            assertThat(Files.readAllBytes(f.file())).isEqualTo(slice(data, f));
        }
        assertThat(read(content, 0, SIZE)).isEqualTo(data);
    }

    @Test
    void finishRenamesNothingWhenAnyFinalNameIsTaken() throws IOException {
        byte[] data = data(SIZE, 42);
        List<StoredFile> layout = layout(dir, LENGTHS);
        FileStoredContent content = create(layout);
        content.write(0, ByteBuffer.wrap(data));
        Files.writeString(layout.get(3).file(), "mine");

        assertThatThrownBy(content::finish)
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT))
                .hasMessage("target: f3 (expected: a name not in use)");

        assertThat(Files.readString(layout.get(3).file())).isEqualTo("mine");
        assertThat(content.paths()).containsExactlyElementsOf(layout.stream().map(StoredFile::partFile).toList());
        assertThat(layout.get(0).file()).doesNotExist();
        assertThat(read(content, 0, SIZE)).isEqualTo(data);
        assertThatThrownBy(() -> content.moveTo(dir.resolve("one")))
                .hasMessage("files: 4 (expected: one file to move; finish() renames a layout)");
    }

    @Test
    void singleFileContentFinishesToItsNameWithoutThePartSuffix() throws IOException {
        Path part = dir.resolve("song.ogg" + ContentPaths.PART_SUFFIX);
        FileStoredContent content = FileStoredContent.create(TransferId.random(), part, 10);
        opened.add(content);
        content.write(0, ByteBuffer.wrap(data(10, 43)));

        content.finish();

        assertThat(content.path()).isEqualTo(dir.resolve("song.ogg"));
        assertThat(Files.readAllBytes(dir.resolve("song.ogg"))).isEqualTo(data(10, 43));
    }

    @Test
    void aMagnetPlaceholderTakesItsLayoutOnceAndOnlyBeforeData() throws IOException {
        Path placeholder = dir.resolve("magnet" + ContentPaths.PART_SUFFIX);
        FileStoredContent content = FileStoredContent.create(TransferId.random(), placeholder, -1);
        opened.add(content);
        Path folder = Files.createDirectories(dir.resolve("album"));
        List<StoredFile> layout = layout(folder, LENGTHS);

        content.setLayout(layout);
        content.setLayout(layout);

        assertThat(placeholder).doesNotExist();
        assertThat(content.size()).isEqualTo(SIZE);
        assertThat(content.layout()).isEqualTo(layout);
        byte[] data = data(SIZE, 44);
        content.write(0, ByteBuffer.wrap(data));
        assertThat(Files.readAllBytes(layout.get(3).partFile())).isEqualTo(slice(data, layout.get(3)));
        assertThatThrownBy(() -> content.setLayout(layout(folder, SIZE - 1, 1)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT))
                .hasMessage("layout: 2 files (expected: set before any data is written)");
    }

    @Test
    void aLayoutMustMatchAKnownSize() {
        FileStoredContent content = FileStoredContent.create(TransferId.random(), dir.resolve("m.crossnet-part"), 10);
        opened.add(content);

        assertThatThrownBy(() -> content.setLayout(layout(dir, 5, 6)))
                .hasMessage("layout: 11 bytes (expected: the known size 10)");
        content.setLayout(layout(dir, 4, 6));
        assertThat(content.size()).isEqualTo(10);
        assertThat(dir.resolve("m.crossnet-part")).doesNotExist();
    }

    @Test
    void badLayoutsAreRejectedWithTheFirstBadField() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TransferId id = TransferId.random();
        assertThatThrownBy(() -> FileStoredContent.create(id, List.of()))
                .hasMessage("layout: 0 files (expected: 1..100000 files)");
        assertThatThrownBy(() -> FileStoredContent.create(id, List.of(new StoredFile(a, a, 5, 0),
                new StoredFile(b, b, 5, 6))))
                .hasMessage("layout[1].offset: 6 (expected: 5, where the previous file ends)");
        assertThatThrownBy(() -> FileStoredContent.create(id, List.of(new StoredFile(a, a, 5, 1))))
                .hasMessage("layout[0].offset: 1 (expected: 0, where the previous file ends)");
        assertThatThrownBy(() -> FileStoredContent.create(id, List.of(new StoredFile(a, b, 5, 0),
                new StoredFile(b, dir.resolve("c"), 5, 5))))
                .hasMessage("layout[1].file: b (expected: a path no other file of the layout uses)");
        assertThatThrownBy(() -> FileStoredContent.create(id, List.of(new StoredFile(a, a, FileStoredContent.MAX_SIZE,
                0), new StoredFile(b, b, 1, FileStoredContent.MAX_SIZE))))
                .hasMessageStartingWith("layout[1].length: 1 (expected: a total of at most");
        assertThatThrownBy(() -> new StoredFile(a, a, -1, 0)).hasMessage("storedFile.length: -1 (expected: >= 0)");
        assertThat(a).doesNotExist();
    }

    @Test
    void manyMoreFilesThanOpenChannelsAreWrittenConcurrentlyAndReadBack() throws Exception {
        int files = FileStoredContent.MAX_OPEN_FILES * 4;
        long[] lengths = new long[files];
        Arrays.fill(lengths, 1000);
        List<StoredFile> layout = layout(dir, lengths);
        FileStoredContent content = create(layout);
        byte[] data = data(files * 1000, 45);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                writes.add(pool.submit(() -> {
                    // each thread writes every 8th 777-byte chunk: chunks cross file boundaries at many alignments
                    for (int offset = first * 777; offset < data.length; offset += 8 * 777) {
                        content.write(offset, ByteBuffer.wrap(data, offset, Math.min(777, data.length - offset)));
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(content.writtenBlocks().cardinality()).isEqualTo(content.blockCount());
        content.snapshot();
        assertThat(read(content, 0, data.length)).isEqualTo(data);
        for (StoredFile f : List.of(layout.get(0), layout.get(files / 2), layout.get(files - 1))) {
            assertThat(Files.readAllBytes(f.partFile())).isEqualTo(slice(data, f));
        }
    }
}
