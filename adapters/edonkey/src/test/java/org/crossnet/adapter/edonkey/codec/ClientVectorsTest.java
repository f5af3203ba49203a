package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded aMule 2.3.3 client-to-client frame (src/test/resources/vectors/edonkey/README.md) through the real
 * pipeline: exact, split at every offset, trailing bytes, truncated, bad declared lengths, invalid header bytes,
 * and encode(decode(x)) == x.
 */
class ClientVectorsTest {
    static final Supplier<ChannelHandler[]> PIPELINE = () -> new ChannelHandler[] {
        new Ed2kFrameDecoder(2 * 1024 * 1024), new PackedPacketInflater(2 * 1024 * 1024), new ClientMessageDecoder()};

    static List<String> vectors() {
        return ProtocolVectors.names("edonkey");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void exactDecodesToOneMessageThatReEncodesToTheSameBytes(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        List<Object> messages = ProtocolVectors.readInbound(PIPELINE, List.of(frame));
        try {
            assertThat(messages).hasSize(1);
            ClientMessage m = (ClientMessage) messages.get(0);
            assertThat(m).isNotInstanceOf(ClientMessage.Unsupported.class);
            assertThat(name).contains(opName(m));
            assertThat(encode(m)).as(name).isEqualTo(frame);
        } finally {
            messages.forEach(ReferenceCountUtil::release);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesAlikeWhateverTheSplit(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        List<String> differences = new ArrayList<>();
        int step = frame.length < 400 ? 1 : 97;
        byte[] whole = reencoded(List.of(frame));
        for (int at = 0; at <= frame.length; at += step) {
            byte[] got = reencoded(List.of(Arrays.copyOf(frame, at), Arrays.copyOfRange(frame, at, frame.length)));
            if (!Arrays.equals(whole, got)) {
                differences.add("split at " + at);
            }
        }
        assertThat(differences).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void bytesAfterTheFrameWaitForTheNextFrame(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        // Three bytes are less than a header: the decoder must deliver the frame and wait.
        assertThat(reencoded(List.of(ProtocolVectors.withTrailingGarbage(frame)))).isEqualTo(frame);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void trailingBytesInsideTheFrameAreRefusedOrAreData(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        byte[] longer = ProtocolVectors.withTrailingGarbage(frame);
        long declared = ProtocolVectors.declaredLength(frame, 1, 4, ByteOrder.LITTLE_ENDIAN);
        byte[] mangled = ProtocolVectors.withDeclaredLength(longer, 1, 4, ByteOrder.LITTLE_ENDIAN, declared + 3);
        Throwable t = catchThrowable(() -> release(ProtocolVectors.readInbound(PIPELINE, List.of(mangled))));
        if (name.contains("COMPRESSEDPART")) {
            // A compressed chunk is opaque here: three more bytes are three more bytes of zlib data.
            assertThat(t).isNull();
        } else {
            assertThat(rootCause(t)).as(name).isInstanceOf(Ed2kWireException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void truncatedFramesWaitWithoutOutput(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        int step = frame.length < 400 ? 1 : 211;
        for (int n = 0; n < frame.length; n += step) {
            assertThat(ProtocolVectors.readInbound(PIPELINE, List.of(Arrays.copyOf(frame, n)))).as("%d bytes", n)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void badDeclaredLengthsNeverMisread(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        for (ProtocolVectors.Variant v : ProtocolVectors.badDeclaredLengths(frame, 1, 4, ByteOrder.LITTLE_ENDIAN)) {
            long declared = ProtocolVectors.declaredLength(v.bytes(), 1, 4, ByteOrder.LITTLE_ENDIAN);
            List<Object> out = new ArrayList<>();
            Throwable t = catchThrowable(() -> out.addAll(ProtocolVectors.readInbound(PIPELINE, List.of(v.bytes()))));
            try {
                if (declared == 0 || declared > 2 * 1024 * 1024) {
                    assertThat(rootCause(t)).as(v.label()).isInstanceOf(Ed2kFrameDecoder.FrameException.class);
                    assertThat(((Ed2kFrameDecoder.FrameException) rootCause(t)).tooLong()).isEqualTo(declared > 0);
                } else if (declared > frame.length - 5) {
                    assertThat(t).as(v.label()).isNull();
                    assertThat(out).as(v.label()).isEmpty();
                } else if (t == null) {
                    // A shorter frame that still parses must be exactly what it re-encodes to.
                    assertThat(out).hasSize(1);
                    assertThat(encode((ClientMessage) out.get(0))).as(v.label())
                            .isEqualTo(Arrays.copyOf(v.bytes(), (int) declared + 5));
                } else {
                    assertThat(rootCause(t)).as(v.label()).isInstanceOf(Ed2kWireException.class);
                }
            } finally {
                release(out);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void invalidProtocolByteAndUnknownOpcodeAreRefused(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", name);
        byte[] badProtocol = frame.clone();
        badProtocol[0] = 0x42;
        assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE, List.of(badProtocol)))
                .hasRootCauseInstanceOf(Ed2kFrameDecoder.FrameException.class)
                .hasMessageContaining("protocol: 0x42 (expected: 0xE3, 0xC5 or 0xD4)");
        byte[] badOpcode = frame.clone();
        badOpcode[5] = (byte) 0xEE;
        assertThatThrownBy(() -> ProtocolVectors.readInbound(PIPELINE, List.of(badOpcode)))
                .hasRootCauseInstanceOf(Ed2kWireException.class).hasMessageContaining("opcode: 0x");
    }

    static byte[] encode(ClientMessage m) {
        ByteBuf out = Unpooled.buffer();
        try {
            ClientMessageEncoder.encode(m, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static byte[] reencoded(List<byte[]> chunks) {
        List<Object> messages = ProtocolVectors.readInbound(PIPELINE, chunks);
        try {
            ByteBuf out = Unpooled.buffer();
            for (Object m : messages) {
                ClientMessageEncoder.encode((ClientMessage) m, out);
            }
            byte[] b = ByteBufUtil.getBytes(out);
            out.release();
            return b;
        } finally {
            release(messages);
        }
    }

    private static void release(List<Object> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }

    static Throwable rootCause(Throwable t) {
        while (t != null && (t instanceof DecoderException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String opName(ClientMessage m) {
        String simple = m.getClass().getSimpleName();
        switch (simple) {
            case "Hello": return "OP_HELLO";
            case "HelloAnswer": return "OP_HELLOANSWER";
            case "EmuleInfo": return "OP_EMULEINFO";
            case "SecIdentState": return "OP_SECIDENTSTATE";
            case "PublicKey": return "OP_PUBLICKEY";
            case "Signature": return "OP_SIGNATURE";
            case "KadFirewallAck": return "OP_KAD_FWTCPCHECK_ACK";
            case "MultiPacket": return "OP_MULTIPACKET";
            case "MultiPacketAnswer": return "OP_MULTIPACKETANSWER";
            case "StartUploadRequest": return "OP_STARTUPLOADREQ";
            case "AcceptUpload": return "OP_ACCEPTUPLOADREQ";
            case "RequestParts": return "OP_REQUESTPARTS";
            case "SendingPart": return "OP_SENDINGPART";
            case "CancelTransfer": return "OP_CANCELTRANSFER";
            case "HashsetRequest": return "OP_HASHSETREQUEST";
            case "HashsetAnswer": return "OP_HASHSETANSWER";
            case "CompressedPart": return "OP_COMPRESSEDPART";
            case "QueueRanking": return "OP_QUEUERANKING";
            case "FileNotFound": return "OP_FILEREQANSNOFIL";
            default: return simple;
        }
    }
}
