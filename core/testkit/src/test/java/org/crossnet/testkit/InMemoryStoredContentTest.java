package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.Test;

class InMemoryStoredContentTest {
    private static final int B = StoredContent.BLOCK_SIZE;
    private static final NetworkId BT = new NetworkId("bittorrent");
    private static final NetworkId ED2K = new NetworkId("edonkey");

    private final CallLog log = new CallLog();
    private final InMemoryStoredContent store = new InMemoryStoredContent(TransferId.random(), 2 * B + 100, log);

    @Test
    void writesAreReadBackAndTrackedPerBlock() {
        byte[] block = filled(B, 7);
        ByteBuffer src = ByteBuffer.wrap(block);
        store.write(B, src);
        store.write(2 * B, ByteBuffer.wrap(filled(50, 9)));

        assertThat(src.hasRemaining()).as("write consumes the buffer").isFalse();
        assertThat(store.blockCount()).isEqualTo(3);
        assertThat(store.writtenBlocks().stream().toArray()).containsExactly(1);
        ByteBuffer dst = ByteBuffer.allocate(B);
        assertThat(store.read(B, dst)).isEqualTo(B);
        assertThat(dst.array()).isEqualTo(block);
        assertThat(store.bytesWritten()).isEqualTo(B + 50);
    }

    @Test
    void readStopsAtTheEndAndUnwrittenBytesReadAsZero() {
        ByteBuffer dst = ByteBuffer.allocate(B);
        assertThat(store.read(2 * B, dst)).isEqualTo(100);
        assertThat(Arrays.copyOf(dst.array(), 100)).isEqualTo(new byte[100]);
    }

    @Test
    void writesAndReadsOutsideTheContentAreRefused() {
        assertThatThrownBy(() -> store.write(2 * B + 50, ByteBuffer.allocate(51)))
                .isInstanceOf(GatewayException.class)
                .hasMessage("write: " + (2 * B + 50) + "+51 (expected: a range within 0.." + (2 * B + 100) + ")")
                .extracting(e -> ((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> store.write(-1, ByteBuffer.allocate(1))).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> store.read(2 * B + 101, ByteBuffer.allocate(1)))
                .hasMessage("offset: " + (2 * B + 101) + " (expected: 0.." + (2 * B + 100) + ")");
    }

    @Test
    void verifiedBytesAreNeverOverwritten() {
        store.write(0, ByteBuffer.wrap(filled(B, 1)));
        store.markVerified(new VerificationUnit(BT, "bt-piece", 0, 0, B));
        store.write(B - 10, ByteBuffer.wrap(filled(20, 2)));

        byte[] data = store.data();
        assertThat(data[B - 1]).isEqualTo((byte) 1);
        assertThat(data[B]).isEqualTo((byte) 2);
        assertThat(store.isVerified(0, B)).isTrue();
        assertThat(store.isVerified(0, B + 1)).isFalse();
        assertThat(store.bytesVerified()).isEqualTo(B);
    }

    @Test
    void verifyingUnwrittenDataIsRefused() {
        store.write(0, ByteBuffer.wrap(filled(B - 1, 1)));
        VerificationUnit unit = new VerificationUnit(BT, "bt-piece", 0, 0, B);
        assertThatThrownBy(() -> store.markVerified(unit))
                .isInstanceOf(GatewayException.class)
                .hasMessage("unit: " + unit + " (expected: a range fully written before it is marked verified)");
        VerificationUnit beyond = new VerificationUnit(BT, "bt-piece", 9, 2 * B, 101);
        assertThatThrownBy(() -> store.markVerified(beyond)).hasMessageContaining("a range within 0..");
    }

    @Test
    void markCorruptDropsOnlyBlocksHoldingNoVerifiedByte() {
        store.write(0, ByteBuffer.wrap(filled(2 * B + 100, 3)));
        // Another network verified a range ending inside block 1: blocks 0 and 1 hold verified bytes.
        store.markVerified(new VerificationUnit(ED2K, "ed2k-part", 0, 0, B + 10));

        int dropped = store.markCorrupt(new VerificationUnit(BT, "bt-piece", 0, 0, 2 * B + 100));

        assertThat(dropped).isEqualTo(1);
        assertThat(store.writtenBlocks().stream().toArray()).containsExactly(0, 1);
        assertThat(store.data()[2 * B]).isZero();
        assertThat(store.bytesVerified()).isEqualTo(B + 10);
        assertThat(store.corruptUnits()).hasSize(1);
        assertThat(store.markCorrupt(new VerificationUnit(BT, "bt-piece", 2, 2 * B, 100)))
                .as("nothing left to drop").isZero();
    }

    @Test
    void overlappingUnitsCountVerifiedBytesOnce() {
        store.write(0, ByteBuffer.wrap(filled(2 * B, 3)));
        store.markVerified(new VerificationUnit(BT, "bt-piece", 0, 0, B + 100));
        store.markVerified(new VerificationUnit(ED2K, "ed2k-part", 0, B, B));
        assertThat(store.bytesVerified()).isEqualTo(2 * B);
        assertThat(store.verifiedUnits()).hasSize(2);
        assertThatThrownBy(() -> store.isVerified(-1, 3)).hasMessage("range: -1+3 (expected: offset >= 0 and length >= 0)");
    }

    @Test
    void adapterCallsAreLoggedAndSizeIsChecked() {
        store.size();
        store.bytesVerified();
        assertThat(log.calls("stored-content")).extracting(CallLog.Call::method).containsExactly("size", "bytesVerified");
        assertThatThrownBy(() -> new InMemoryStoredContent(TransferId.random(), -1, log))
                .hasMessage("size: -1 (expected: 0.." + InMemoryStoredContent.MAX_SIZE + " for an in-memory store)");
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
