package org.crossnet.adapter.bittorrent.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossnet.spi.model.Bytes;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PeerMessageCodecTest {
    private static ChannelHandler[] pipeline() {
        return new ChannelHandler[] {new PeerFrameDecoder(1 << 16)};
    }

    static Stream<PeerMessage> messages() {
        return Stream.of(new PeerMessage.KeepAlive(), new PeerMessage.Choke(), new PeerMessage.Unchoke(),
                new PeerMessage.Interested(), new PeerMessage.NotInterested(), new PeerMessage.Have(123456),
                new PeerMessage.Bitfield(Bytes.of(new byte[] {(byte) 0xF0, 0x01})),
                new PeerMessage.Request(3, 16384, 16384), new PeerMessage.Cancel(3, 0, 16384),
                new PeerMessage.Port(6881), new PeerMessage.Suggest(9), new PeerMessage.HaveAll(),
                new PeerMessage.HaveNone(), new PeerMessage.Reject(1, 32768, 100), new PeerMessage.AllowedFast(5),
                new PeerMessage.Extended(0, Bytes.of("d1:md6:ut_pexi2eee".getBytes())));
    }

    /** The bytes of {@code m} on the wire. */
    static byte[] encode(PeerMessage m) {
        ByteBuf buf = PeerMessageEncoder.encode(Unpooled.buffer().alloc(), m);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageRoundTripsAtEverySplit(PeerMessage message) {
        byte[] wire = encode(message);
        List<Object> whole = ProtocolVectors.readInbound(PeerMessageCodecTest::pipeline, List.of(wire));
        assertThat(whole).containsExactly(message);
        assertThat(ProtocolVectors.readInboundAtEveryOffset(PeerMessageCodecTest::pipeline, wire)).isEmpty();
    }

    @Test
    void pieceRoundTripsWithoutLeakingItsBlock() {
        byte[] block = new byte[300];
        block[0] = 7;
        PeerMessage.Piece piece = new PeerMessage.Piece(2, 16384, Unpooled.wrappedBuffer(block));
        EmbeddedChannel out = new EmbeddedChannel(PeerMessageEncoder.INSTANCE);
        out.writeOutbound(piece);
        ByteBuf header = out.readOutbound();
        ByteBuf body = out.readOutbound();
        byte[] wire = new byte[header.readableBytes() + body.readableBytes()];
        header.readBytes(wire, 0, header.readableBytes());
        body.readBytes(wire, 13, body.readableBytes());
        header.release();
        body.release();
        assertThat(out.finish()).isFalse();
        assertThat(ByteBufUtil.hexDump(wire, 0, 13)).isEqualTo("0000013507000000020000" + "4000");

        for (ProtocolVectors.Split split : ProtocolVectors.splitAtEveryOffset(wire)) {
            List<Object> in = ProtocolVectors.readInbound(PeerMessageCodecTest::pipeline, split.chunks());
            assertThat(in).as("%s", split).hasSize(1);
            PeerMessage.Piece got = (PeerMessage.Piece) in.get(0);
            assertThat(got.piece()).isEqualTo(2);
            assertThat(got.begin()).isEqualTo(16384);
            assertThat(ByteBufUtil.getBytes(got.data())).isEqualTo(block);
            got.release();
        }
    }

    @Test
    void handshakeAndMessagesFromTheVectorDecodeAtEverySplit() {
        byte[] vector = ProtocolVectors.load("bittorrent", "handshake-then-messages.hex");
        Handshake h = Handshake.decode(Unpooled.wrappedBuffer(vector));
        assertThat(h.supportsExtensions()).isTrue();
        assertThat(h.supportsFast()).isTrue();
        assertThat(new String(h.peerId().toArray())).isEqualTo("-AR1360-aaaaaaaaaaaa");
        byte[] messages = java.util.Arrays.copyOfRange(vector, PeerWire.HANDSHAKE_LENGTH, vector.length);
        assertThat(ProtocolVectors.readInbound(PeerMessageCodecTest::pipeline, List.of(messages))).containsExactly(
                new PeerMessage.HaveNone(), new PeerMessage.Have(7), new PeerMessage.Interested(),
                new PeerMessage.Request(1, 16384, 16384), new PeerMessage.KeepAlive());
        assertThat(ProtocolVectors.readInboundAtEveryOffset(PeerMessageCodecTest::pipeline, messages)).isEmpty();
        ByteBuf again = Unpooled.buffer();
        h.encode(again);
        assertThat(ByteBufUtil.getBytes(again)).isEqualTo(java.util.Arrays.copyOf(vector, PeerWire.HANDSHAKE_LENGTH));
        again.release();
    }

    @Test
    void handshakeDecoderWaitsOnEveryTruncation() {
        byte[] vector = ProtocolVectors.load("bittorrent", "handshake-then-messages.hex");
        byte[] handshake = java.util.Arrays.copyOf(vector, PeerWire.HANDSHAKE_LENGTH);
        for (byte[] prefix : ProtocolVectors.truncations(handshake)) {
            ByteBuf in = Unpooled.wrappedBuffer(prefix);
            assertThat(Handshake.decode(in)).isNull();
            assertThat(in.readerIndex()).isZero();
        }
    }

    @Test
    void badHandshakeIsRefusedEarly() {
        byte[] wrongLength = {18};
        assertThatThrownBy(() -> Handshake.decode(Unpooled.wrappedBuffer(wrongLength)))
                .isInstanceOf(PeerWireException.class).hasMessage("handshake.pstrlen: 18 (expected: 19)");
        byte[] wrongProtocol = {19, 'B', 'i', 't', 'X'};
        assertThatThrownBy(() -> Handshake.decode(Unpooled.wrappedBuffer(wrongProtocol)))
                .isInstanceOf(PeerWireException.class).hasMessageStartingWith("handshake.pstr: byte 3");
    }

    @Test
    void oversizedLengthIsRefusedBeforeAllocating() {
        byte[] have = encode(new PeerMessage.Have(1));
        for (ProtocolVectors.Variant v : ProtocolVectors.badDeclaredLengths(have, 0, 4, ByteOrder.BIG_ENDIAN)) {
            EmbeddedChannel ch = new EmbeddedChannel(pipeline());
            List<Object> got = new ArrayList<>();
            Throwable error = null;
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(v.bytes()));
                for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
                    got.add(m);
                    ReferenceCountUtil.release(m);
                }
                ch.checkException();
            } catch (RuntimeException e) {
                error = e;
            } finally {
                ch.finishAndReleaseAll();
            }
            if (v.label().contains("maximum")) {
                assertThat(error).as("%s", v).isInstanceOf(TooLongFrameException.class);
            } else {
                // One more: waits for a byte that never comes; one less or zero: a wrong have length or a keep-alive.
                assertThat(error == null ? got.stream().noneMatch(m -> m.equals(new PeerMessage.Have(1)))
                        : error instanceof DecoderException).as("%s: %s %s", v, got, error).isTrue();
            }
        }
    }

    @Test
    void unknownIdWrongLengthsAndLateHaveNoneAreErrors() {
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(new byte[] {99}), true))
                .hasMessage("message.id: 99 (expected: 0-9, 13-17 or 20)");
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(new byte[] {4, 0, 0}), true))
                .hasMessage("have.length: 3 (expected: 5)");
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(new byte[] {5}), true))
                .hasMessage("bitfield.length: 0 (expected: at least 1 byte)");
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(new byte[] {0x0F}), false))
                .hasMessage("have-none: after other messages (expected: only as the first message)");
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(
                new byte[] {6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0x10, 0, 1}), false))
                .hasMessage("request.length: 1048577 (expected: 1..131072)");
        assertThatThrownBy(() -> PeerMessageDecoder.decode(Unpooled.wrappedBuffer(new byte[] {7, 0, 0, 0, 1}), false))
                .hasMessage("piece.length: 4 (expected: at least 8 payload bytes)");
    }

    @Test
    void decoderStateLeavesTheFirstWindowOnlyOnPieceMessages() {
        EmbeddedChannel ch = new EmbeddedChannel(pipeline());
        PeerFrameDecoder decoder = ch.pipeline().get(PeerFrameDecoder.class);
        ch.writeInbound(Unpooled.wrappedBuffer(encode(new PeerMessage.Extended(0, Bytes.of("de".getBytes())))));
        ch.writeInbound(Unpooled.wrappedBuffer(encode(new PeerMessage.AllowedFast(1))));
        assertThat(decoder.state()).isEqualTo(PeerFrameDecoder.State.FIRST_MESSAGE);
        ch.writeInbound(Unpooled.wrappedBuffer(encode(new PeerMessage.HaveNone())));
        assertThat(decoder.state()).isEqualTo(PeerFrameDecoder.State.MESSAGES);
        ch.finishAndReleaseAll();
    }
}
