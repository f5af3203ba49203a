package org.crossnet.adapter.gnutella.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every recorded gtk-gnutella message (see vectors/gnutella/README.md): decodes, re-encodes to the same bytes, and
 * survives the standard manglings: split at every offset, trailing bytes, truncation, corrupted bytes and wrong
 * declared lengths.
 */
class GnutellaVectorTest {
    private static final int MAX = GnutellaWire.DEFAULT_MAX_PAYLOAD;
    private static final Supplier<ChannelHandler[]> PIPELINE =
            () -> new ChannelHandler[] {new GnutellaMessageDecoder(MAX)};

    static List<String> vectors() {
        return Vectors.messages();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesAndReencodesByteIdentically(String name) {
        byte[] bytes = Vectors.load(name);
        Object decoded = Vectors.decode(bytes);
        assertThat(decoded).as("%s decodes", name).isInstanceOf(Message.class);
        Message message = (Message) decoded;
        assertThat(message.payload()).as("%s payload type", name).isNotInstanceOf(UnknownPayload.class);
        assertThat(GnutellaMessageEncoder.toBytes(message)).as("encode(decode(%s))", name).isEqualTo(bytes);
    }

    /**
     * Every split through the decoder itself, driven the way ByteToMessageDecoder drives it (one EmbeddedChannel per
     * split is too slow under paranoid leak detection); {@link #pipelineDecodesAlikeAtEveryOffset} covers the real
     * pipeline on a few vectors.
     */
    @ParameterizedTest
    @MethodSource("vectors")
    void decodesAlikeAtEveryOffset(String name) {
        byte[] bytes = Vectors.load(name);
        assertThat(feed(List.of(bytes))).hasSize(1);
        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(bytes, GnutellaVectorTest::feed)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain_c01_B-A_001_PING.bin", "plain_c02_P-A_004_QUERY.bin",
        "upupplain_c01_A-B_001_QRP.bin"})
    void pipelineDecodesAlikeAtEveryOffset(String name) {
        assertThat(ProtocolVectors.readInboundAtEveryOffset(PIPELINE, Vectors.load(name))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void trailingBytesStayOutOfTheMessage(String name) {
        byte[] bytes = Vectors.load(name);
        List<Object> messages = feed(List.of(ProtocolVectors.withTrailingGarbage(bytes)));
        // The three extra bytes are the start of a next header: they wait and yield nothing.
        assertThat(messages).hasSize(1);
        assertThat(GnutellaMessageEncoder.toBytes((Message) messages.get(0))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void truncatedInputYieldsNothing(String name) {
        for (byte[] prefix : ProtocolVectors.truncations(Vectors.load(name))) {
            assertThat(feed(List.of(prefix))).as("%d-byte prefix", prefix.length).isEmpty();
        }
    }

    /** A fresh decoder fed the chunks in order, as its cumulation would present them. */
    static List<Object> feed(List<byte[]> chunks) {
        GnutellaMessageDecoder decoder = new GnutellaMessageDecoder(MAX);
        ByteBuf cumulation = Unpooled.buffer();
        List<Object> out = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                cumulation.writeBytes(chunk);
                decoder.decode(null, cumulation, out);
            }
            return out;
        } finally {
            cumulation.release();
        }
    }

    /**
     * A corrupted payload either decodes to a message that re-encodes to exactly the corrupted bytes, or is reported
     * malformed; it never throws and never silently changes bytes.
     */
    /** The plain run holds every message type; the other runs repeat the same layouts. */
    static List<String> plainVectors() {
        return Vectors.messages().stream().filter(n -> n.startsWith("plain_")).toList();
    }

    @ParameterizedTest
    @MethodSource("plainVectors")
    void corruptedPayloadsAreMalformedOrLossless(String name) {
        byte[] bytes = Vectors.load(name);
        byte[] values = {0x00, (byte) 0xFF, (byte) 0xC3, 0x1C, 0x40, (byte) 0x80};
        List<String> failures = new ArrayList<>();
        for (int i = GnutellaWire.HEADER_LENGTH; i < bytes.length; i++) {
            for (byte v : values) {
                byte[] mutated = bytes.clone();
                mutated[i] = v;
                checkLossless(mutated, "byte " + i + " = " + v, failures);
            }
        }
        // Payloads cut short with a matching declared length.
        for (int n = GnutellaWire.HEADER_LENGTH; n < bytes.length; n++) {
            byte[] cut = ProtocolVectors.withDeclaredLength(Arrays.copyOf(bytes, n), 19, 4, ByteOrder.LITTLE_ENDIAN,
                    n - GnutellaWire.HEADER_LENGTH);
            checkLossless(cut, "payload cut to " + (n - GnutellaWire.HEADER_LENGTH), failures);
        }
        assertThat(failures).isEmpty();
    }

    private static void checkLossless(byte[] input, String label, List<String> failures) {
        Object decoded = Vectors.decode(input);
        if (decoded instanceof Message m && !Arrays.equals(GnutellaMessageEncoder.toBytes(m), input)) {
            failures.add(label + ": re-encodes differently: " + m);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void badDeclaredLengthsNeverReproduceTheMessage(String name) {
        byte[] bytes = Vectors.load(name);
        for (ProtocolVectors.Variant variant : ProtocolVectors.badDeclaredLengths(bytes, 19, 4,
                ByteOrder.LITTLE_ENDIAN)) {
            long declared = ProtocolVectors.declaredLength(variant.bytes(), 19, 4, ByteOrder.LITTLE_ENDIAN);
            if (declared > MAX) {
                assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE, List.of(variant.bytes())))
                        .as(variant.label()).isInstanceOf(DecoderException.class)
                        .hasMessageContaining("header.payloadLength: " + declared);
                continue;
            }
            List<Object> out;
            try {
                out = ProtocolVectors.readInbound(PIPELINE, List.of(variant.bytes()));
            } catch (DecoderException e) {
                // A shorter declared length leaves payload bytes that read as a next header: refused, not guessed.
                assertThat(e).as(variant.label()).hasCauseInstanceOf(GnutellaCodecException.class)
                        .hasMessageContaining("header.payloadLength");
                continue;
            }
            for (Object o : out) {
                if (o instanceof Message m) {
                    assertThat(GnutellaMessageEncoder.toBytes(m)).as(variant.label()).isNotEqualTo(bytes);
                }
            }
        }
    }
}
