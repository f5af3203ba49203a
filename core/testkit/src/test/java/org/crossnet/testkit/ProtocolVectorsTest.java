package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolVectorsTest {
    private static final byte[] TWO_FRAMES = {0, 3, 'a', 'b', 'c', 0, 2, 'h', 'i'};

    /** A test frame: the payload of one {@code <len=u16 BE><payload>} frame. */
    record Frame(String payload) {
    }

    @Test
    void hexAndBinFormsLoadToTheSameBytes() {
        assertThat(ProtocolVectors.load("testkit", "two-frames.hex")).isEqualTo(TWO_FRAMES);
        assertThat(ProtocolVectors.load("testkit", "two-frames.bin")).isEqualTo(TWO_FRAMES);
        assertThat(ProtocolVectors.names("testkit")).containsExactly("two-frames.bin", "two-frames.hex");
    }

    @Test
    void missingVectorsAndBadNamesAreRefused() {
        assertThatThrownBy(() -> ProtocolVectors.load("testkit", "nope.bin"))
                .hasMessage("vector: vectors/testkit/nope.bin (expected: a resource on the test classpath)");
        assertThatThrownBy(() -> ProtocolVectors.load("testkit", "../x.bin"))
                .hasMessage("name: ../x.bin (expected: a path inside vectors/testkit/)");
        assertThatThrownBy(() -> ProtocolVectors.names("no-such-network"))
                .hasMessage("vectors: vectors/no-such-network/ (expected: a directory on the test classpath)");
    }

    @Test
    void hexParserSkipsCommentsAndPointsAtBadCharacters() {
        assertThat(ProtocolVectors.parseHex("# header\n0A ff # trailing\n\t10", "t")).containsExactly(0x0A, 0xFF, 0x10);
        assertThatThrownBy(() -> ProtocolVectors.parseHex("00\n0g", "v.hex"))
                .hasMessage("hex: 'g' at v.hex:2:2 (expected: hex digits, whitespace or # comments)");
        assertThatThrownBy(() -> ProtocolVectors.parseHex("abc", "v.hex"))
                .hasMessage("hex: 3 digits in v.hex (expected: an even number)");
    }

    @Test
    void splitsCoverEveryOffsetAndRejoinToTheInput() {
        List<ProtocolVectors.Split> splits = ProtocolVectors.splitAtEveryOffset(TWO_FRAMES);
        assertThat(splits).hasSize(TWO_FRAMES.length + 1);
        for (ProtocolVectors.Split split : splits) {
            assertThat(split.prefix()).hasSize(split.offset());
            assertThat(ProtocolVectors.withTrailingGarbage(split.prefix(), split.suffix())).isEqualTo(TWO_FRAMES);
        }
        assertThat(ProtocolVectors.truncations(TWO_FRAMES)).hasSize(TWO_FRAMES.length)
                .allSatisfy(p -> assertThat(p.length).isLessThan(TWO_FRAMES.length));
        assertThat(ProtocolVectors.withTrailingGarbage(new byte[] {1})).containsExactly(1, 0x00, 0xFF, 0x80);
    }

    @Test
    void declaredLengthsAreReadAndRewrittenInEitherByteOrder() {
        assertThat(ProtocolVectors.declaredLength(TWO_FRAMES, 0, 2, ByteOrder.BIG_ENDIAN)).isEqualTo(3);
        assertThat(ProtocolVectors.declaredLength(TWO_FRAMES, 0, 2, ByteOrder.LITTLE_ENDIAN)).isEqualTo(0x300);
        byte[] changed = ProtocolVectors.withDeclaredLength(TWO_FRAMES, 0, 4, ByteOrder.LITTLE_ENDIAN, 0x01020304);
        assertThat(changed).startsWith(4, 3, 2, 1);

        List<ProtocolVectors.Variant> bad = ProtocolVectors.badDeclaredLengths(TWO_FRAMES, 0, 2, ByteOrder.BIG_ENDIAN);
        assertThat(bad).extracting(v -> ProtocolVectors.declaredLength(v.bytes(), 0, 2, ByteOrder.BIG_ENDIAN))
                .containsExactly(4L, 2L, 0L, 65535L);
        assertThat(bad).extracting(ProtocolVectors.Variant::label).contains("declared length 65535 (maximum)");

        assertThatThrownBy(() -> ProtocolVectors.withDeclaredLength(TWO_FRAMES, 0, 1, ByteOrder.BIG_ENDIAN, 256))
                .hasMessage("value: 256 (expected: fits 1 unsigned bytes)");
        assertThatThrownBy(() -> ProtocolVectors.declaredLength(TWO_FRAMES, 8, 2, ByteOrder.BIG_ENDIAN))
                .hasMessage("offset: 8 (expected: a 2-byte field within 0..9)");
        assertThatThrownBy(() -> ProtocolVectors.declaredLength(TWO_FRAMES, 0, 3, ByteOrder.BIG_ENDIAN))
                .hasMessage("width: 3 (expected: 1, 2, 4 or 8)");
    }

    @Test
    void decoderFunctionsAreJudgedAtEveryOffset() {
        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(TWO_FRAMES, ProtocolVectorsTest::decodeJoined)).isEmpty();
        // A decoder that forgets bytes between chunks only works when nothing is split.
        List<String> differences = ProtocolVectors.decodesAlikeAtEveryOffset(TWO_FRAMES, chunks -> {
            List<Frame> frames = new ArrayList<>();
            chunks.forEach(c -> frames.addAll(decodeJoined(List.of(c))));
            return frames;
        });
        assertThat(differences).isNotEmpty().first().asString().startsWith("split at 1 ");
    }

    @Test
    void embeddedChannelPipelinesAreJudgedAtEveryOffset() {
        assertThat(ProtocolVectors.readInbound(() -> new ChannelHandler[] {new FrameHandler()}, List.of(TWO_FRAMES)))
                .containsExactly(new Frame("abc"), new Frame("hi"));
        assertThat(ProtocolVectors.readInboundAtEveryOffset(() -> new ChannelHandler[] {new FrameHandler()}, TWO_FRAMES))
                .isEmpty();
        // Without a handler, chunks pass through as bytes: splitting changes the messages, and the helper says so.
        assertThat(ProtocolVectors.readInboundAtEveryOffset(() -> new ChannelHandler[0], TWO_FRAMES))
                .hasSize(TWO_FRAMES.length + 1);
    }

    private static List<Frame> decodeJoined(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        byte[] in = all.toByteArray();
        List<Frame> frames = new ArrayList<>();
        int i = 0;
        while (i + 2 <= in.length) {
            int len = ((in[i] & 0xFF) << 8) | (in[i + 1] & 0xFF);
            if (i + 2 + len > in.length) {
                break;
            }
            frames.add(new Frame(new String(in, i + 2, len, StandardCharsets.US_ASCII)));
            i += 2 + len;
        }
        return frames;
    }

    /** Accumulates bytes and emits complete frames: a minimal stand-in for a ByteToMessageDecoder. */
    private static final class FrameHandler extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                pending.writeBytes(bytes);
            } finally {
                buf.release();
            }
            byte[] in = pending.toByteArray();
            List<Frame> frames = decodeJoined(List.of(in));
            int consumed = frames.stream().mapToInt(f -> 2 + f.payload().length()).sum();
            pending.reset();
            pending.write(in, consumed, in.length - consumed);
            frames.forEach(ctx::fireChannelRead);
        }
    }
}
