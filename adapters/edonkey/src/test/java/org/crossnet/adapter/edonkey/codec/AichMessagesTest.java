package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.crossnet.spi.hash.AichNodeHash;
import org.crossnet.spi.hash.AichRecovery;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/**
 * OP_AICHREQUEST / OP_AICHANSWER (0xC5 0x9B / 0x9C). aMule 2.3.3 sent none in the recorded runs (it asks only
 * after a part fails its MD4 check), so the frames are built from the layouts in aMule's BaseClient.cpp
 * (SendAICHRequest, ProcessAICHRequest) and SHAHashSet.cpp (CreatePartRecoveryData, ReadRecoveryData):
 * {@code <hash 16><part u16><root 20>} and {@code <hash 16><part u16><root 20><count16 u16>(<id u16><hash 20>)*
 * <count32 u16>(<id u32><hash 20>)*}, or {@code <hash 16>} alone for "no data".
 */
class AichMessagesTest {
    private static final Ed2kHash H = Ed2kHash.parse("00112233445566778899aabbccddeeff");
    private static final AichRoot ROOT = new AichRoot(Bytes.fromHex("572795a3ced825f102873e677c4b18f3343c6ba2"));

    @Test
    void requestHasTheDocumentedLayoutAndRoundTripsAtEverySplit() {
        ClientMessage m = new ClientMessage.AichRequest(H, 258, ROOT);
        byte[] frame = frame(m);
        // C5, length 1 + 16 + 2 + 20 = 39, opcode 9B, hash, part 258 LE, root
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("c5270000009b" + H.bytes().hex() + "0201"
                + ROOT.bytes().hex());
        roundTrips(m, frame);
    }

    @Test
    void answerWithSixteenBitIdsFillsTheFirstListAndEndsWithAZeroCount() {
        // the short last part of a three-part file (kept small: every split of the frame is decoded)
        long size = 2 * AichTree.PART_SIZE + 2 * AichTree.BLOCK_SIZE;
        List<AichNodeHash> data = recoveryData(size, 2);
        // the root gives 2 parts left, 1 right: one sibling, then two blocks
        assertThat(data).hasSize(1 + 2);
        ClientMessage m = new ClientMessage.AichAnswer(H, 2, ROOT, data, false);
        byte[] frame = frame(m);
        int n = data.size();
        assertThat(frame.length).isEqualTo(6 + 16 + 2 + 20 + 2 + n * 22 + 2);
        ByteBuf b = Unpooled.wrappedBuffer(frame).skipBytes(6 + 16 + 2 + 20);
        assertThat(b.readUnsignedShortLE()).isEqualTo(n);
        assertThat(b.readUnsignedShortLE()).isEqualTo(data.get(0).id());
        b.skipBytes(20 + (n - 1) * 22);
        assertThat(b.readUnsignedShortLE()).as("32-bit count").isZero();
        roundTrips(m, frame);
    }

    @Test
    void answerWithThirtyTwoBitIdsLeavesTheFirstListEmpty() {
        // a file just over 4,290,048,000 bytes: 442 parts, the last of two blocks
        long size = 441 * AichTree.PART_SIZE + AichTree.BLOCK_SIZE + 1;
        assertThat(AichTree.wideIds(size)).isTrue();
        List<AichNodeHash> data = recoveryData(size, 441);
        ClientMessage m = new ClientMessage.AichAnswer(H, 441, ROOT, data, true);
        byte[] frame = frame(m);
        ByteBuf b = Unpooled.wrappedBuffer(frame).skipBytes(6 + 16 + 2 + 20);
        assertThat(b.readUnsignedShortLE()).as("16-bit count").isZero();
        assertThat(b.readUnsignedShortLE()).isEqualTo(data.size());
        assertThat(b.readUnsignedIntLE()).isEqualTo(data.get(0).id());
        assertThat(frame.length).isEqualTo(6 + 16 + 2 + 20 + 2 + 2 + data.size() * 24);
        roundTrips(m, frame);
    }

    @Test
    void noDataAnswerIsTheFileHashAlone() {
        ClientMessage m = new ClientMessage.AichNoAnswer(H);
        byte[] frame = frame(m);
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("c5110000009c" + H.bytes().hex());
        roundTrips(m, frame);
    }

    @Test
    void malformedAnswersAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> answer(b -> b.writeShortLE(AichTree.MAX_RECOVERY_HASHES + 1)))
                .isInstanceOf(Ed2kWireException.class)
                .hasMessage("aich answer 16-bit count: 69 (expected: at most 68 and at most the 0 hashes left in the "
                        + "payload)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(3);
            hashes(b, 2, false, 2);
        })).hasMessage("aich answer 16-bit count: 3 (expected: at most 68 and at most the 2 hashes left in the "
                + "payload)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(1);
            hashes(b, 1, false, 2);
            b.writeShortLE(1);
            hashes(b, 1, true, 3);
        })).hasMessage("aich answer 32-bit count: 1 (expected: 0 after 1 hashes with 16-bit ids)");
        assertThatThrownBy(() -> answer(b -> b.writeShortLE(0).writeShortLE(0)))
                .hasMessage("aich answer counts: 0 and 0 (expected: one list of 1..68 hashes)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(1);
            hashes(b, 1, false, 1);
            b.writeShortLE(0);
        })).hasMessage("aich answer node id 0: 0x1 (expected: 0x2..0xFFFF)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(1);
            hashes(b, 1, false, 0);
            b.writeShortLE(0);
        })).hasMessage("aich answer node id 0: 0x0 (expected: 0x2..0xFFFF)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(0).writeShortLE(1);
            hashes(b, 1, true, 0x40_0001);
        })).hasMessage("aich answer node id 0: 0x400001 (expected: 0x2..0x400000)");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(1);
            hashes(b, 1, false, 2);
        })).hasMessageStartingWith("aich answer 32-bit count: ");
        assertThatThrownBy(() -> answer(b -> {
            b.writeShortLE(1);
            hashes(b, 1, false, 2);
            b.writeShortLE(0).writeByte(7);
        })).hasMessage("opcode 0x9C: 1 trailing bytes (expected: none)");
        // a part number but nothing after it
        assertThatThrownBy(() -> decode(Ed2kWire.OP_AICHANSWER, b -> b.writeBytes(H.bytes().toArray())
                .writeShortLE(1))).hasMessageStartingWith("aich answer root: ");
    }

    @Test
    void requestsOfTheWrongSizeAreRefused() {
        assertThatThrownBy(() -> decode(Ed2kWire.OP_AICHREQUEST, b -> b.writeBytes(H.bytes().toArray())
                .writeShortLE(1).writeBytes(new byte[19]))).isInstanceOf(Ed2kWireException.class)
                .hasMessageStartingWith("aich request root: ");
        assertThatThrownBy(() -> decode(Ed2kWire.OP_AICHREQUEST, b -> b.writeBytes(H.bytes().toArray())
                .writeShortLE(1).writeBytes(new byte[21]))).hasMessage("opcode 0x9B: 1 trailing bytes (expected: none)");
    }

    private static List<AichNodeHash> recoveryData(long size, int part) {
        Random r = new Random(part);
        byte[] parts = new byte[AichTree.partCount(size) * 20];
        byte[] blocks = new byte[AichTree.blockCount(AichTree.partLength(size, part)) * 20];
        r.nextBytes(parts);
        r.nextBytes(blocks);
        return AichRecovery.build(size, part, parts, blocks);
    }

    private static void hashes(ByteBuf b, int n, boolean wide, long firstId) {
        for (int i = 0; i < n; i++) {
            if (wide) {
                b.writeIntLE((int) (firstId + i));
            } else {
                b.writeShortLE((int) (firstId + i));
            }
            b.writeZero(20);
        }
    }

    private static Object answer(java.util.function.Consumer<ByteBuf> body) {
        return decode(Ed2kWire.OP_AICHANSWER, b -> {
            b.writeBytes(H.bytes().toArray()).writeShortLE(1).writeBytes(ROOT.bytes().toArray());
            body.accept(b);
        });
    }

    private static Object decode(int opcode, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf b = Unpooled.buffer();
        try {
            body.accept(b);
            return ClientMessageDecoder.decode(Ed2kWire.PROT_EMULE, opcode, b, 2);
        } finally {
            b.release();
        }
    }

    private static void roundTrips(ClientMessage m, byte[] frame) {
        assertThat(ProtocolVectors.readInboundAtEveryOffset(ClientVectorsTest.PIPELINE, frame)).isEmpty();
        List<Object> out = ProtocolVectors.readInbound(ClientVectorsTest.PIPELINE, List.of(frame));
        assertThat(out).singleElement().isEqualTo(m);
        assertThat(frame((ClientMessage) out.get(0))).isEqualTo(frame);
        out.forEach(ReferenceCountUtil::release);
    }

    private static byte[] frame(ClientMessage m) {
        ByteBuf out = Unpooled.buffer();
        ClientMessageEncoder.encode(m, out);
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }
}
