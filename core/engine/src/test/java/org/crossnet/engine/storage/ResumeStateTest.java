package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.crossnet.engine.storage.FileStoredContentTest.BT;
import static org.crossnet.engine.storage.FileStoredContentTest.ED2K;
import static org.crossnet.engine.storage.FileStoredContentTest.SIZE;
import static org.crossnet.engine.storage.FileStoredContentTest.bits;
import static org.crossnet.engine.storage.FileStoredContentTest.data;
import static org.crossnet.engine.storage.FileStoredContentTest.unit;
import static org.crossnet.engine.storage.FileStoredContentTest.write;
import static org.crossnet.spi.StoredContent.BLOCK_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeStateTest {
    @TempDir
    Path dir;

    @Test
    void snapshotEncodeDecodeRestoreRoundTripsWithoutRechecking() {
        TransferId id = TransferId.random();
        Path file = dir.resolve("r.crossnet-part");
        byte[] data = data(SIZE, 20);
        ResumeState state;
        try (FileStoredContent content = FileStoredContent.create(id, file, SIZE)) {
            write(content, data, 0, 2 * BLOCK_SIZE + 7);
            content.markVerified(unit(BT, "bt-piece", 0, 0, BLOCK_SIZE));
            content.markVerified(unit(ED2K, "aich-block", 0, 100, BLOCK_SIZE + 5));
            state = content.snapshot();
        }

        byte[] encoded = state.encode();
        ResumeState decoded = ResumeState.decode(encoded);

        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.size()).isEqualTo(SIZE);
        assertThat(decoded.writtenBlocks()).isEqualTo(bits(0, 1));
        assertThat(decoded.verified()).containsOnlyKeys(BT, ED2K);
        assertThat(encoded.length).as("compact").isLessThan(100);
        try (FileStoredContent restored = FileStoredContent.restore(id, file, decoded)) {
            assertThat(restored.transfer()).isEqualTo(id);
            assertThat(restored.writtenBlocks()).isEqualTo(bits(0, 1));
            assertThat(restored.bytesVerified()).isEqualTo(BLOCK_SIZE + 105);
            assertThat(restored.verifiedRanges(ED2K)).containsExactly(new ByteRange(100, BLOCK_SIZE + 105));
            assertThat(readPrefix(restored, 2 * BLOCK_SIZE)).isEqualTo(Arrays.copyOf(data, 2 * BLOCK_SIZE));
            // Verified bytes stay protected after the restart.
            restored.write(0, ByteBuffer.allocate(BLOCK_SIZE * 2));
            assertThat(readPrefix(restored, BLOCK_SIZE + 105)).isEqualTo(Arrays.copyOf(data, BLOCK_SIZE + 105));
            assertThat(readPrefix(restored, BLOCK_SIZE + 106)[BLOCK_SIZE + 105]).isZero();
        }
    }

    static byte[] readPrefix(FileStoredContent content, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length);
        assertThat(content.read(0, dst)).isEqualTo(length);
        return dst.array();
    }

    @Test
    void aRestoredVerifiedRangeEndingInsideABlockStillLetsTheBlockComplete() {
        TransferId id = TransferId.random();
        Path file = dir.resolve("v.crossnet-part");
        byte[] data = data(SIZE, 21);
        ResumeState state;
        try (FileStoredContent content = FileStoredContent.create(id, file, SIZE)) {
            write(content, data, 0, 20_000);
            content.markVerified(unit(ED2K, "aich-block", 0, 0, 20_000));
            state = content.snapshot();
        }
        assertThat(state.writtenBlocks()).isEqualTo(bits(0));

        try (FileStoredContent restored = FileStoredContent.restore(id, file, ResumeState.decode(state.encode()))) {
            write(restored, data, 0, 2 * BLOCK_SIZE);
            assertThat(restored.writtenBlocks()).isEqualTo(bits(0, 1));
        }
    }

    @Test
    void unknownSizeRoundTrips() {
        ResumeState state = ResumeState.empty(-1);

        assertThat(ResumeState.decode(state.encode())).isEqualTo(state);
        try (FileStoredContent content = FileStoredContent.create(TransferId.random(), dir.resolve("m"), -1)) {
            assertThat(content.snapshot()).isEqualTo(state);
        }
    }

    @Test
    void restoreForgetsWhatLiesBeyondATruncatedFile() throws IOException {
        TransferId id = TransferId.random();
        Path file = dir.resolve("t.crossnet-part");
        ResumeState state;
        try (FileStoredContent content = FileStoredContent.create(id, file, SIZE)) {
            write(content, data(SIZE, 22), 0, SIZE);
            content.markVerified(unit(BT, "bt-piece", 0, 0, SIZE));
            state = content.snapshot();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(BLOCK_SIZE + 10);
        }

        try (FileStoredContent restored = FileStoredContent.restore(id, file, state)) {
            assertThat(restored.writtenBlocks()).isEqualTo(bits(0));
            assertThat(restored.bytesVerified()).isEqualTo(BLOCK_SIZE + 10);
            assertThat(restored.isComplete()).isFalse();
        }
    }

    @Test
    void restoringWithoutTheFileIsNotFound() {
        assertThatThrownBy(() -> FileStoredContent.restore(TransferId.random(), dir.resolve("gone"),
                ResumeState.empty(SIZE)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.NOT_FOUND));
    }

    @Test
    void theStateIsImmutable() {
        BitSet bitmap = bits(1);
        ResumeState state = new ResumeState(SIZE, bitmap, Map.of());
        bitmap.set(2);
        state.writtenBlocks().set(3);

        assertThat(state.writtenBlocks()).isEqualTo(bits(1));
    }

    @Test
    void inconsistentStatesAreRejected() {
        assertThatThrownBy(() -> new ResumeState(SIZE, bits(4), Map.of()))
                .hasMessage("writtenBlocks: block 4 (expected: below the block count 4)");
        assertThatThrownBy(() -> new ResumeState(SIZE, new BitSet(),
                Map.of(BT, List.of(new ByteRange(10, 20), new ByteRange(5, 8)))))
                .hasMessageStartingWith("verified: bittorrent [5, 8) (expected: sorted");
        assertThatThrownBy(() -> new ResumeState(SIZE, new BitSet(),
                Map.of(BT, List.of(new ByteRange(10, SIZE + 1)))))
                .hasMessageStartingWith("verified: bittorrent [10, " + (SIZE + 1) + ")");
        assertThatThrownBy(() -> new ResumeState(-2, new BitSet(), Map.of())).hasMessageStartingWith("size: -2");
    }

    @Test
    void malformedEncodingsNameTheirField() {
        byte[] good = new ResumeState(SIZE, bits(0, 2), Map.of(BT, List.of(new ByteRange(0, 100)))).encode();

        assertDecodeFails(new byte[0], "resumeData.length: 0");
        assertDecodeFails(null, "resumeData: null");
        byte[] version = good.clone();
        version[0] = 9;
        assertDecodeFails(version, "resumeData.version: 9 (expected: 1)");
        assertDecodeFails(Arrays.copyOf(good, 5), "resumeData.length: 5 (expected: a complete encoding)");
        assertDecodeFails(Arrays.copyOf(good, good.length - 1), "resumeData.ranges: 1");
        assertDecodeFails(Arrays.copyOf(good, good.length + 1), "resumeData.length: " + (good.length + 1)
                + " (expected: no trailing bytes)");
        byte[] bitmapLength = good.clone();
        bitmapLength[12] = 50; // the bitmap length's low byte: 4 blocks need 1 byte
        assertDecodeFails(bitmapLength, "resumeData.bitmapLength: 50 (expected: 0..1)");
        byte[] networks = good.clone();
        networks[1 + 8 + 4 + 1] = (byte) 0xff; // networks count becomes negative
        assertDecodeFails(networks, "resumeData.networks:");
        byte[] ranges = good.clone();
        ranges[ranges.length - 16 - 1] = 3; // range count 1 → 3 with only one present
        assertDecodeFails(ranges, "resumeData.ranges: 3");
        byte[] range = good.clone();
        range[range.length - 1] = 0; // end 100 → 0
        assertDecodeFails(range, "resumeData.range: [0, 0)");
    }

    static void assertDecodeFails(byte[] data, String messageStart) {
        assertThatThrownBy(() -> ResumeState.decode(data))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith(messageStart);
    }
}
