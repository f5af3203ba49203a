package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/** 0xD4 packed frames (built from aMule's Packet.cpp layout: none were recorded) and the inflate cap. */
class PackedFrameTest {
    private static final int CAP = 64 * 1024;

    @Test
    void packedFrameUnpacksToTheEmuleMessage() {
        byte[] plain = ProtocolVectors.load("edonkey", "run1-0081_tcp_EMULE_OP_MULTIPACKETANSWER.bin");
        byte[] packed = pack(plain);
        List<Object> out = ProtocolVectors.readInbound(ClientVectorsTest.PIPELINE, List.of(packed));
        assertThat(out).hasSize(1);
        assertThat(ClientVectorsTest.encode((ClientMessage) out.get(0))).isEqualTo(plain);
        assertThat(ProtocolVectors.readInboundAtEveryOffset(ClientVectorsTest.PIPELINE, packed)).isEmpty();
    }

    @Test
    void zlibBombIsStoppedAtTheCap() {
        // 16 MiB of zeros deflate to ~16 KiB: far over the 64 KiB cap once inflated.
        ByteBuf zeros = Unpooled.wrappedBuffer(new byte[16 * 1024 * 1024]);
        ByteBuf bomb = Ed2kZlib.deflate(zeros, ByteBufAllocator.DEFAULT);
        zeros.release();
        assertThat(bomb.readableBytes()).isLessThan(CAP);
        EmbeddedChannel ch = new EmbeddedChannel(new Ed2kFrameDecoder(CAP), new PackedPacketInflater(CAP));
        ByteBuf frame = Unpooled.buffer();
        ClientMessageEncoder.frame(Ed2kWire.PROT_PACKED, Ed2kWire.OP_MULTIPACKETANSWER, frame, b -> b.writeBytes(bomb));
        bomb.release();
        assertThatThrownBy(() -> ch.writeInbound(frame)).hasRootCauseInstanceOf(Ed2kZlib.InflateException.class)
                .hasMessageContaining("inflates to more than 65536 bytes");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void inflateStopsExactlyAtTheCapAndAcceptsOutputThatFits() {
        ByteBuf data = Unpooled.wrappedBuffer(new byte[CAP]);
        ByteBuf z = Ed2kZlib.deflate(data, ByteBufAllocator.DEFAULT);
        ByteBuf ok = Ed2kZlib.inflate(z, CAP, ByteBufAllocator.DEFAULT, "test");
        assertThat(ok.readableBytes()).isEqualTo(CAP);
        ok.release();
        assertThatThrownBy(() -> Ed2kZlib.inflate(z, CAP - 1, ByteBufAllocator.DEFAULT, "test"))
                .isInstanceOf(Ed2kZlib.InflateException.class)
                .satisfies(e -> assertThat(((Ed2kZlib.InflateException) e).overCap()).isTrue());
        z.release();
        data.release();
    }

    @Test
    void truncatedAndCorruptStreamsAreRefused() {
        ByteBuf data = Unpooled.wrappedBuffer("hello hello hello hello".getBytes());
        ByteBuf z = Ed2kZlib.deflate(data, ByteBufAllocator.DEFAULT);
        ByteBuf cut = z.slice(0, z.readableBytes() - 3);
        assertThatThrownBy(() -> Ed2kZlib.inflate(cut, CAP, ByteBufAllocator.DEFAULT, "packed"))
                .isInstanceOf(Ed2kZlib.InflateException.class).hasMessageContaining("packed: zlib stream ends early");
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {0x78, (byte) 0xDA, (byte) 0xFF, (byte) 0xFF, 1, 2});
        assertThatThrownBy(() -> Ed2kZlib.inflate(garbage, CAP, ByteBufAllocator.DEFAULT, "packed"))
                .isInstanceOf(Ed2kZlib.InflateException.class).hasMessageContaining("corrupt zlib data");
        z.release();
        data.release();
    }

    @Test
    void overLongDeclaredLengthIsRefusedBeforeBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel(new Ed2kFrameDecoder(1000));
        // header only: E3, length 1001, opcode
        ByteBuf header = Unpooled.wrappedBuffer(new byte[] {(byte) 0xE3, (byte) 0xE9, 0x03, 0, 0, 0x01});
        assertThatThrownBy(() -> ch.writeInbound(header))
                .hasRootCauseInstanceOf(Ed2kFrameDecoder.FrameException.class)
                .hasMessageContaining("length: 1001 (expected: 1..1000 (opcode included))");
        ch.finishAndReleaseAll();
    }

    static byte[] pack(byte[] plainFrame) {
        ByteBuf payload = Unpooled.wrappedBuffer(plainFrame, 6, plainFrame.length - 6);
        ByteBuf z = Ed2kZlib.deflate(payload, ByteBufAllocator.DEFAULT);
        ByteBuf frame = Unpooled.buffer();
        ClientMessageEncoder.frame(Ed2kWire.PROT_PACKED, plainFrame[5] & 0xFF, frame, b -> b.writeBytes(z));
        z.release();
        byte[] out = ByteBufUtil.getBytes(frame);
        frame.release();
        return out;
    }
}
