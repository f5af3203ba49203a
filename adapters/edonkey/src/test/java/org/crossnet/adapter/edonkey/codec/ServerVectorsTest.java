package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client-to-server frames recorded from amuled 2.3.3 (src/test/resources/vectors/edonkey/server/README.md): exact,
 * split at every offset, trailing bytes inside the frame, every truncation, bad declared lengths, and
 * encode(decode(x)) == x (for the zlib-packed offer: == the unpacked frame, since deflaters differ in their bytes).
 */
class ServerVectorsTest {
    private static final Supplier<ChannelHandler[]> PIPELINE = () -> new ChannelHandler[] {
        new Ed2kFrameDecoder(1 << 20), new PackedPacketInflater(1 << 20), new ServerMessageCodec.Decoder()};

    @ParameterizedTest
    @ValueSource(strings = {"amule-01_tcp_ED2K_OP_LOGINREQUEST.bin", "amule-02_tcp_PACKED_OP_OFFERFILES.bin",
        "amule-03_tcp_ED2K_OP_SEARCHREQUEST.bin", "amule-04_tcp_ED2K_OP_GETSOURCES.bin"})
    void decodesReEncodesAndSurvivesMangling(String name) {
        byte[] frame = ProtocolVectors.load("edonkey", "server/" + name);
        List<Object> out = ProtocolVectors.readInbound(PIPELINE, List.of(frame));
        assertThat(out).hasSize(1);
        ServerMessage m = (ServerMessage) out.get(0);
        byte[] plain = frame[0] == (byte) Ed2kWire.PROT_PACKED ? unpack(frame) : frame;
        // aMule writes login tags in the old form and offers in the new form (the server announced new tags)
        TagCodec.Form form = m instanceof ServerMessage.OfferFiles ? TagCodec.Form.NEW : TagCodec.Form.OLD;
        ByteBuf re = Unpooled.buffer();
        ServerMessageCodec.encode(m, re, form);
        assertThat(ByteBufUtil.getBytes(re)).as(name).isEqualTo(plain);
        re.release();

        assertThat(ProtocolVectors.readInboundAtEveryOffset(PIPELINE, frame)).isEmpty();
        for (byte[] prefix : ProtocolVectors.truncations(frame)) {
            assertThat(ProtocolVectors.readInbound(PIPELINE, List.of(prefix))).isEmpty();
        }
        // three bytes more inside the frame: refused (the search tree is read alone, so extra bytes remain)
        byte[] longer = ProtocolVectors.withDeclaredLength(ProtocolVectors.withTrailingGarbage(plain), 1, 4,
                ByteOrder.LITTLE_ENDIAN, ProtocolVectors.declaredLength(plain, 1, 4, ByteOrder.LITTLE_ENDIAN) + 3);
        Throwable t = catchThrowable(() -> ProtocolVectors.readInbound(PIPELINE, List.of(longer)));
        assertThat(ClientVectorsTest.rootCause(t)).as(name).isInstanceOf(Ed2kWireException.class);
        for (ProtocolVectors.Variant v : ProtocolVectors.badDeclaredLengths(plain, 1, 4, ByteOrder.LITTLE_ENDIAN)) {
            List<Object> got = new ArrayList<>();
            Throwable e = catchThrowable(() -> got.addAll(ProtocolVectors.readInbound(PIPELINE, List.of(v.bytes()))));
            long declared = ProtocolVectors.declaredLength(v.bytes(), 1, 4, ByteOrder.LITTLE_ENDIAN);
            if (declared > plain.length - 5 && declared <= 1 << 20) {
                assertThat(e).as(v.label()).isNull();
                assertThat(got).as(v.label()).isEmpty();
            } else if (e == null) {
                // a shorter frame that still parses (a get-sources without its last bytes cannot): re-encodes exactly
                ByteBuf b = Unpooled.buffer();
                ServerMessageCodec.encode((ServerMessage) got.get(0), b, form);
                assertThat(ByteBufUtil.getBytes(b)).as(v.label())
                        .isEqualTo(java.util.Arrays.copyOf(v.bytes(), (int) declared + 5));
                b.release();
            } else {
                assertThat(ClientVectorsTest.rootCause(e)).as(v.label()).isInstanceOf(Ed2kWireException.class);
            }
        }
    }

    @Test
    void recordedMessagesCarryWhatAmuleSent() {
        ServerMessage.LoginRequest login = (ServerMessage.LoginRequest) decode("amule-01_tcp_ED2K_OP_LOGINREQUEST.bin");
        assertThat(login.clientId()).isZero();
        assertThat(Tag.find(login.tags(), Ed2kWire.CT_NAME).orElseThrow().asString()).isEqualTo("harness-cap");
        assertThat(Tag.find(login.tags(), Ed2kWire.CT_SERVER_FLAGS).orElseThrow().asLong()
                & Ed2kWire.SRVCAP_LARGEFILES).isNotZero();
        ServerMessage.OfferFiles offer = (ServerMessage.OfferFiles) decode("amule-02_tcp_PACKED_OP_OFFERFILES.bin");
        assertThat(offer.files()).hasSize(6).allSatisfy(f -> {
            assertThat(f.name().orElseThrow()).startsWith("capture sample file number ").endsWith("crossnetdemo.avi");
            assertThat(f.size()).isBetween(200_000L, 200_005L);
        });
        assertThat(decode("amule-03_tcp_ED2K_OP_SEARCHREQUEST.bin"))
                .isEqualTo(new ServerMessage.SearchRequest(new SearchExpr.Keyword("crossnetdemo")));
        assertThat(decode("amule-04_tcp_ED2K_OP_GETSOURCES.bin")).isEqualTo(new ServerMessage.GetSources(false,
                List.of(new ServerMessage.SourceQuery(Ed2kHash.parse("00112233445566778899aabbccddeeff"),
                        5_000_000_000L))));
    }

    private static ServerMessage decode(String name) {
        return (ServerMessage) ProtocolVectors.readInbound(PIPELINE,
                List.of(ProtocolVectors.load("edonkey", "server/" + name))).get(0);
    }

    private static byte[] unpack(byte[] packed) {
        ByteBuf z = Unpooled.wrappedBuffer(packed, 6, packed.length - 6);
        ByteBuf plain = Ed2kZlib.inflate(z, 1 << 20, ByteBufAllocator.DEFAULT, "test");
        ByteBuf frame = Unpooled.buffer();
        ClientMessageEncoder.frame(Ed2kWire.PROT_EDONKEY, packed[5] & 0xFF, frame, b -> b.writeBytes(plain));
        plain.release();
        byte[] out = ByteBufUtil.getBytes(frame);
        frame.release();
        return out;
    }
}
