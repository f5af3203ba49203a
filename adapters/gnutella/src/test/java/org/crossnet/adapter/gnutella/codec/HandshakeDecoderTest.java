package org.crossnet.adapter.gnutella.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The recorded gtk-gnutella handshakes parse; limits and malformed blocks are refused. */
class HandshakeDecoderTest {
    private static final Supplier<ChannelHandler[]> PIPELINE = () -> new ChannelHandler[] {new HandshakeDecoder()};

    private static byte[] vector(String name) {
        return ProtocolVectors.load("gnutella", "handshake/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain_c01_1-request.txt", "plain_c01_2-response.txt", "plain_c01_3-final.txt",
        "plain_c02_1-request.txt", "plain_c02_2-response.txt", "plain_c02_3-final.txt", "deflate_c01_1-request.txt",
        "deflate_c01_2-response.txt", "deflate_c01_3-final.txt", "deflate_c02_1-request.txt",
        "deflate_c02_2-response.txt", "deflate_c02_3-final.txt", "upupplain_c01_1-request.txt",
        "upupplain_c01_2-response.txt", "upupplain_c01_3-final.txt", "upupplain_c02_1-request.txt",
        "upupplain_c02_2-response.txt", "upupplain_c02_3-final.txt"})
    void recordedBlocksParseAtEveryOffsetAndReencode(String name) {
        byte[] bytes = vector(name);
        List<Object> whole = ProtocolVectors.readInbound(PIPELINE, List.of(bytes));
        assertThat(whole).hasSize(1);
        HandshakeBlock block = (HandshakeBlock) whole.get(0);
        // Splits and truncations through the static reader (an EmbeddedChannel per offset is slow under paranoid
        // leak detection); the pipeline itself is split-tested on the longest block below.
        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(bytes, HandshakeDecoderTest::readChunks)).isEmpty();
        ByteBuf out = Unpooled.buffer();
        block.write(out);
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(new String(bytes, StandardCharsets.ISO_8859_1));
        out.release();
        for (byte[] prefix : ProtocolVectors.truncations(bytes)) {
            assertThat(HandshakeDecoder.read(Unpooled.wrappedBuffer(prefix), 8192, 64)).isNull();
        }
    }

    /** Feeds chunks the way a cumulating decoder sees them: each read tries the bytes so far. */
    private static List<HandshakeBlock> readChunks(List<byte[]> chunks) {
        ByteBuf cumulation = Unpooled.buffer();
        List<HandshakeBlock> blocks = new java.util.ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                cumulation.writeBytes(chunk);
                HandshakeBlock b = HandshakeDecoder.read(cumulation, 8192, 64);
                if (b != null) {
                    blocks.add(b);
                }
            }
            return blocks;
        } finally {
            cumulation.release();
        }
    }

    @Test
    void pipelineDecodesAlikeAtEveryOffset() {
        assertThat(ProtocolVectors.readInboundAtEveryOffset(PIPELINE, vector("deflate_c01_3-final.txt"))).isEmpty();
    }

    @Test
    void leafRequestFromGtkGnutella() {
        HandshakeBlock request = (HandshakeBlock) ProtocolVectors.readInbound(PIPELINE,
                List.of(vector("deflate_c01_1-request.txt"))).get(0);
        assertThat(request.isConnect()).isTrue();
        HandshakeHeaders h = request.headers();
        assertThat(h.userAgent()).hasValueSatisfying(ua -> assertThat(ua).startsWith("gtk-gnutella/1.2.3"));
        assertThat(h.ultrapeer()).contains(false);
        assertThat(h.queryRouting()).contains("0.2");
        assertThat(h.ultrapeerQueryRouting()).isTrue();
        assertThat(h.acceptsDeflate()).isTrue();
        assertThat(h.sendsDeflate()).isFalse();
        assertThat(h.ggep()).isTrue();
        assertThat(h.pongCaching()).isTrue();
        assertThat(h.vendorMessages()).isTrue();
        assertThat(h.degree()).contains(32);
        assertThat(h.maxTtl()).contains(4);
        assertThat(h.dynamicQuerying()).isTrue();
        assertThat(h.listenAddress()).contains("127.0.0.1:16347");
        assertThat(h.remoteIp()).contains("127.0.0.1");
        assertThat(h.guid()).contains(Guid.parseHex("0a923102e3316cf0fb085e91c0df23a6"));
        assertThat(h.list("X-Features")).containsExactly("browse/1.0", "sflag/0.1", "HSEP/0.2");
    }

    @Test
    void ultrapeerResponseFromGtkGnutella() {
        HandshakeBlock response = (HandshakeBlock) ProtocolVectors.readInbound(PIPELINE,
                List.of(vector("deflate_c01_2-response.txt"))).get(0);
        assertThat(response.isConnect()).isFalse();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.statusMessage()).isEqualTo("OK");
        assertThat(response.headers().ultrapeer()).contains(true);
        assertThat(response.headers().ultrapeerNeeded()).contains(true);
        assertThat(response.headers().sendsDeflate()).isTrue();
        HandshakeBlock last = (HandshakeBlock) ProtocolVectors.readInbound(PIPELINE,
                List.of(vector("deflate_c01_3-final.txt"))).get(0);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.headers().sendsDeflate()).isTrue();
    }

    @Test
    void bytesAfterTheBlockStayForTheNextHandler() {
        // The B->A deflate stream: the request, then (after A's answer) the final block and the zlib stream.
        byte[] stream = ProtocolVectors.load("gnutella", "streams/deflate_c01_B-A.raw");
        ByteBuf in = Unpooled.wrappedBuffer(stream);
        HandshakeBlock first = HandshakeDecoder.read(in, HandshakeDecoder.DEFAULT_MAX_BLOCK, 64);
        HandshakeBlock second = HandshakeDecoder.read(in, HandshakeDecoder.DEFAULT_MAX_BLOCK, 64);
        assertThat(first.isConnect()).isTrue();
        assertThat(second.statusCode()).isEqualTo(200);
        // What is left starts with a zlib header (0x78).
        assertThat(in.getUnsignedByte(in.readerIndex())).isEqualTo((short) 0x78);
    }

    @Test
    void refusesOversizeAndMalformedBlocks() {
        byte[] longLine = ("GNUTELLA CONNECT/0.6\r\nX-Junk: " + "a".repeat(9000) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE, List.of(longLine)))
                .isInstanceOf(DecoderException.class).hasMessageContaining("handshake.length: over 8192 bytes");
        StringBuilder many = new StringBuilder("GNUTELLA CONNECT/0.6\r\n");
        for (int i = 0; i < 70; i++) {
            many.append("X-").append(i).append(": 1\r\n");
        }
        assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE,
                List.of(many.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1))))
                .hasMessageContaining("handshake.lines: 71 (expected: at most 64)");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
                .hasMessageContaining("handshake.startLine: GET / HTTP/1.1");
        assertThatThrownBy(() -> parse("GNUTELLA CONNECT/0.6\r\nno colon here\r\n\r\n"))
                .hasMessageContaining("handshake.line[1]: no colon here (expected: Name: value)");
        assertThatThrownBy(() -> parse("GNUTELLA CONNECT/0.6\r\nBad Name: x\r\n\r\n"))
                .hasMessageContaining("handshake.header: Bad Name");
        byte[] nul = Arrays.copyOf("GNUTELLA CONNECT/0.6\r\n".getBytes(StandardCharsets.US_ASCII), 30);
        assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE, List.of(nul))).hasMessageContaining("NUL byte");
    }

    @Test
    void continuationLinesAndBareLineFeeds() {
        HandshakeBlock b = parse("GNUTELLA/0.6 503 Busy\nX-Try-Ultrapeers: 1.2.3.4:6346,\n  5.6.7.8:6347\n\n");
        assertThat(b.statusCode()).isEqualTo(503);
        assertThat(b.statusMessage()).isEqualTo("Busy");
        assertThat(b.headers().tryUltrapeers()).containsExactly("1.2.3.4:6346", "5.6.7.8:6347");
    }

    private static HandshakeBlock parse(String text) {
        return HandshakeDecoder.read(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)), 8192, 64);
    }
}
