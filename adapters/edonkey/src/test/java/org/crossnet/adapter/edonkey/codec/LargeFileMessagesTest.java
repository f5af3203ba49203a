package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/**
 * The 64-bit forms for files over 4,290,048,000 bytes (none were recorded: built from the layouts in aMule's
 * Client2Client/TCP.h: {@code <HASH 16><start[3] 8*3><end[3] 8*3>}, {@code <HASH 16><start 8><end 8><data>},
 * {@code <HASH 16><start 8><packed size 4><data>}).
 */
class LargeFileMessagesTest {
    private static final Ed2kHash H = Ed2kHash.parse("00112233445566778899aabbccddeeff");
    private static final long G5 = 5_000_000_000L;

    @Test
    void requestPartsI64HasTheDocumentedLayout() {
        ClientMessage m = new ClientMessage.RequestParts(H, new long[] {G5, G5 + 184_320, 0},
                new long[] {G5 + 184_320, G5 + 368_640, 0}, true);
        byte[] frame = frame(m);
        // C5, length 1 + 16 + 48, opcode A3
        assertThat(HexFormat.of().formatHex(frame, 0, 6)).isEqualTo("c541000000a3");
        assertThat(Unpooled.wrappedBuffer(frame, 6 + 16, 8).readLongLE()).isEqualTo(G5);
        assertThat(decodeOne(frame)).isEqualTo(m);
    }

    @Test
    void sendingAndCompressedPartI64RoundTripAtEverySplit() {
        for (ClientMessage m : List.of(
                new ClientMessage.SendingPart(H, G5, G5 + 3, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), true),
                new ClientMessage.CompressedPart(H, G5, 100, Unpooled.wrappedBuffer(new byte[] {9, 8}), true))) {
            byte[] frame = frame(m);
            assertThat(frame[0] & 0xFF).isEqualTo(Ed2kWire.PROT_EMULE);
            assertThat(ProtocolVectors.readInboundAtEveryOffset(ClientVectorsTest.PIPELINE, frame)).isEmpty();
            List<Object> out = ProtocolVectors.readInbound(ClientVectorsTest.PIPELINE, List.of(frame));
            assertThat(frame((ClientMessage) out.get(0))).isEqualTo(frame);
            out.forEach(io.netty.util.ReferenceCountUtil::release);
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    @Test
    void offsetsAbove2To63AreRefused() {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(H.bytes().toArray());
        b.writeLongLE(-1L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientMessageDecoder.decode(Ed2kWire.PROT_EMULE,
                Ed2kWire.OP_SENDINGPART_I64, b, 2)).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("sending part start: 18446744073709551615 (expected: below 2^63)");
        b.release();
    }

    private static Object decodeOne(byte[] frame) {
        List<Object> out = ProtocolVectors.readInbound(ClientVectorsTest.PIPELINE, List.of(frame));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static byte[] frame(ClientMessage m) {
        ByteBuf out = Unpooled.buffer();
        ClientMessageEncoder.encode(m, out);
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }
}
