package org.crossnet.adapter.edonkey.kad.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.Keywords;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages aMule did not send in the recordings, packing, zlib bombs and search expressions. */
class KadPacketCodecTest {
    private static final KadPacketDecoder DECODER = KadPacketDecoder.standard();
    private static final Random RANDOM = new Random(7);

    private static KadMessage decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return DECODER.decode(in);
        } finally {
            in.release();
        }
    }

    private static byte[] encode(KadMessage message, KadPacketEncoder encoder) {
        ByteBuf out = encoder.encode(message, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    static Stream<KadMessage> messages() throws Exception {
        KadId a = KadId.random(RANDOM);
        KadId b = KadId.random(RANDOM);
        List<Tag> sourceTags = List.of(Tag.uint8(KadTags.SOURCETYPE, 1), Tag.uint16(KadTags.SOURCEPORT, 4662),
                Tag.uint16(KadTags.SOURCEUPORT, 4672), Tag.integer(KadTags.FILESIZE, 5_000_000_000L),
                Tag.uint8(KadTags.ENCRYPTION, 0));
        SearchExpression tree = SearchExpression.and(new SearchExpression.Words("live"),
                new SearchExpression.Bool(SearchExpression.BooleanOperator.AND_NOT,
                        new SearchExpression.Numeric(1_000_000, false, SearchExpression.Relation.GREATER_EQUAL,
                                new Tag.Id(KadTags.FILESIZE)),
                        new SearchExpression.MetaTag("Audio", new Tag.Id(KadTags.FILETYPE))));
        return Stream.of(
                new KadMessage.BootstrapRequest(),
                new KadMessage.BootstrapResponse(a, 4662, 5, List.of(
                        new KadContactEntry(b, ip("198.51.100.9"), 4672, 4662, 8))),
                new KadMessage.HelloRequest(a, 4662, 5, List.of(Tag.uint16(KadTags.SOURCEUPORT, 4672))),
                new KadMessage.HelloResponse(a, 4662, 8, List.of(Tag.uint8(KadTags.KADMISCOPTIONS, 4))),
                new KadMessage.HelloResponseAck(a, List.of()),
                new KadMessage.Request(KadOpcodes.FIND_NODE, a, b),
                new KadMessage.Response(a, List.of()),
                new KadMessage.SearchKeyRequest(Keywords.hash("harness"), 0, Optional.of(tree)),
                new KadMessage.SearchKeyRequest(Keywords.hash("harness"), 300, Optional.empty()),
                new KadMessage.SearchSourceRequest(a, 0, 5_000_000_000L),
                new KadMessage.SearchNotesRequest(a, 12),
                new KadMessage.SearchResponse(a, b, List.of(new KadMessage.Entry(b, sourceTags))),
                new KadMessage.PublishKeyRequest(a, List.of(new KadMessage.Entry(b, List.of(
                        Tag.string(KadTags.FILENAME, "a b c"), Tag.bsob(KadTags.FILESIZE,
                                org.crossnet.spi.model.Bytes.of(new byte[8])))))),
                new KadMessage.PublishSourceRequest(a, b, sourceTags),
                new KadMessage.PublishNotesRequest(a, b, List.of(Tag.string(KadTags.DESCRIPTION, "fine"))),
                new KadMessage.PublishResponse(a, 12, OptionalInt.of(1)),
                new KadMessage.PublishResponse(a, 100, OptionalInt.empty()),
                new KadMessage.PublishResponseAck(),
                new KadMessage.FirewalledRequest(4662),
                new KadMessage.Firewalled2Request(4662, b, 0),
                new KadMessage.FirewalledResponse(ip("198.51.100.1")),
                new KadMessage.FirewalledAckResponse(),
                new KadMessage.Ping(),
                new KadMessage.Pong(4672),
                new KadMessage.FirewallUdp(0, 4672));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsEveryMessage(KadMessage message) {
        byte[] bytes = encode(message, KadPacketEncoder.plain());
        assertThat(bytes[0] & 0xFF).isEqualTo(KadOpcodes.PROTOCOL);
        assertThat(bytes[1] & 0xFF).isEqualTo(message.opcode());
        assertThat(decode(bytes)).isEqualTo(message);
        for (byte[] prefix : ProtocolVectors.truncations(bytes)) {
            KadMessage m = message;
            boolean optionalTail = m instanceof KadMessage.PublishResponse p && p.options().isPresent()
                    && prefix.length == bytes.length - 1;
            if (!optionalTail) {
                assertThatThrownBy(() -> decode(prefix)).as(prefix.length + " of " + bytes.length)
                        .isInstanceOf(Ed2kWireException.class);
            }
        }
    }

    @Test
    void wireLayoutsMatchAmule() throws Exception {
        KadId id = KadId.fromHex("00112233445566778899aabbccddeeff");
        // FIREWALLED2_REQ: <tcp u16><user hash as four LE words><options>
        assertThat(HexFormat.of().formatHex(encode(new KadMessage.Firewalled2Request(0x1236, id, 3),
                KadPacketEncoder.plain()))).isEqualTo("e4533612" + "33221100" + "77665544" + "bbaa9988" + "ffeeddcc"
                + "03");
        // FIREWALLED_RES: host-order IPv4 little-endian
        assertThat(HexFormat.of().formatHex(encode(new KadMessage.FirewalledResponse(ip("198.51.100.1")),
                KadPacketEncoder.plain()))).isEqualTo("e4580164" + "33c6");
        // SEARCH_KEY_REQ with an expression: start position with bit 15 set, then the tree
        byte[] search = encode(new KadMessage.SearchKeyRequest(id, 0, Optional.of(new SearchExpression.Words("ab"))),
                KadPacketEncoder.plain());
        assertThat(HexFormat.of().formatHex(search, 18, search.length)).isEqualTo("0080" + "01" + "0200" + "6162");
    }

    @Test
    void packsLargePayloadsAndInflatesThem() throws Exception {
        List<KadMessage.Entry> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(new KadMessage.Entry(KadId.random(RANDOM), List.of(
                    Tag.string(KadTags.FILENAME, "some rather repetitive file name number " + i + ".avi"),
                    Tag.integer(KadTags.FILESIZE, 700_000_000L + i), Tag.string(KadTags.FILETYPE, "Video"))));
        }
        KadMessage big = new KadMessage.SearchResponse(KadId.random(RANDOM), Keywords.hash("rather"), results);
        byte[] packed = encode(big, KadPacketEncoder.packing());
        byte[] plain = encode(big, KadPacketEncoder.plain());
        assertThat(packed[0] & 0xFF).isEqualTo(KadOpcodes.PROTOCOL_PACKED);
        assertThat(packed[1] & 0xFF).isEqualTo(KadOpcodes.SEARCH_RES);
        assertThat(packed.length).isLessThan(plain.length);
        assertThat(decode(packed)).isEqualTo(big);
        // small payloads stay plain
        assertThat(encode(new KadMessage.Ping(), KadPacketEncoder.packing())[0] & 0xFF).isEqualTo(KadOpcodes.PROTOCOL);
        // a packed packet cut anywhere in its zlib stream is rejected
        for (int cut = 3; cut < packed.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(packed, cut);
            assertThatThrownBy(() -> decode(prefix)).isInstanceOf(Ed2kWireException.class);
        }
    }

    private static byte[] packed(int opcode, byte[] payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(KadOpcodes.PROTOCOL_PACKED);
        out.write(opcode);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(payload);
        }
        return out.toByteArray();
    }

    @Test
    void rejectsZlibBombsBeforeInflatingThem() throws Exception {
        // 16 MiB of zeros packs into ~16 KiB: far over both aMule's 10x + 300 and the 64 KiB cap
        byte[] bomb = packed(KadOpcodes.SEARCH_RES, new byte[16 << 20]);
        assertThatThrownBy(() -> decode(bomb)).isInstanceOf(Ed2kWireException.class)
                .hasMessageStartingWith("packed kad payload: more than ").hasMessageContaining("bytes inflated");
        // a small packet that inflates past 10x + 300 is refused too
        byte[] ratio = packed(KadOpcodes.SEARCH_RES, new byte[4000]);
        assertThat(ratio.length * 10 + 300).isLessThan(4000);
        assertThatThrownBy(() -> decode(ratio)).hasMessageStartingWith("packed kad payload: more than ");
    }

    @Test
    void rejectsBrokenZlibStreams() throws Exception {
        byte[] garbage = {(byte) 0xE5, 0x3B, 1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> decode(garbage)).hasMessageStartingWith("packed kad payload: invalid zlib data");
        byte[] ping = packed(KadOpcodes.PING, new byte[0]);
        assertThat(decode(ping)).isEqualTo(new KadMessage.Ping());
        byte[] trailing = ProtocolVectors.withTrailingGarbage(ping);
        assertThatThrownBy(() -> decode(trailing)).hasMessage("packed kad payload: 3 bytes after the zlib stream"
                + " (expected: nothing)");
        byte[] inflatedTrailing = packed(KadOpcodes.PING, new byte[] {1});
        assertThatThrownBy(() -> decode(inflatedTrailing)).hasMessage("KADEMLIA2_PING trailing bytes: 1 (expected: 0)");
    }

    @Test
    void rejectsBadCountsBeforeAllocating() {
        // KADEMLIA2_RES claiming 255 contacts with none following
        byte[] res = new byte[2 + 16 + 1];
        res[0] = (byte) 0xE4;
        res[1] = KadOpcodes.RES;
        res[18] = (byte) 0xFF;
        assertThatThrownBy(() -> decode(res)).hasMessage("response contact count: 255 (expected: at most 0 (0 bytes"
                + " left, 25 per contact))");
        // SEARCH_RES claiming 65535 results
        byte[] search = new byte[2 + 32 + 2];
        search[0] = (byte) 0xE4;
        search[1] = KadOpcodes.SEARCH_RES;
        search[34] = (byte) 0xFF;
        search[35] = (byte) 0xFF;
        assertThatThrownBy(() -> decode(search)).hasMessageStartingWith("search result count: 65535 (expected: at"
                + " most 0");
        // a hello whose tag count says 3 but holds one tag
        KadMessage hello = new KadMessage.HelloRequest(KadId.random(RANDOM), 1, 5, List.of(Tag.uint8(0xF2, 0)));
        byte[] bytes = encode(hello, KadPacketEncoder.plain());
        bytes[21] = 3;
        assertThatThrownBy(() -> decode(bytes)).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("truncated");
        // a tag type that does not exist
        byte[] badType = encode(hello, KadPacketEncoder.plain());
        badType[22] = 0x0F;
        assertThatThrownBy(() -> decode(badType)).hasMessageContaining("type: 0x0F (expected:");
        // a request asking for zero contacts
        byte[] req = encode(new KadMessage.Request(KadOpcodes.FIND_NODE, KadId.ZERO, KadId.ZERO),
                KadPacketEncoder.plain());
        req[2] = 0x20;
        assertThatThrownBy(() -> decode(req)).hasMessage("request type: 0x20 (expected: 1..31 contacts wanted)");
    }

    @Test
    void rejectsMalformedSearchExpressions() {
        KadId target = Keywords.hash("word");
        // nesting deeper than aMule's 24 levels
        SearchExpression deep = new SearchExpression.Words("x");
        for (int i = 0; i < 24; i++) {
            deep = SearchExpression.and(deep, new SearchExpression.Words("y"));
        }
        byte[] tooDeep = encode(new KadMessage.SearchKeyRequest(target, 0, Optional.of(deep)),
                KadPacketEncoder.plain());
        assertThatThrownBy(() -> decode(tooDeep)).hasMessage("search expression depth: 25 (expected: at most 24)");
        SearchExpression ok = new SearchExpression.Words("x");
        for (int i = 0; i < 23; i++) {
            ok = SearchExpression.and(ok, new SearchExpression.Words("y"));
        }
        KadMessage fits = new KadMessage.SearchKeyRequest(target, 0, Optional.of(ok));
        assertThat(decode(encode(fits, KadPacketEncoder.plain()))).isEqualTo(fits);
        // unknown term and operator bytes
        byte[] unknown = encode(new KadMessage.SearchKeyRequest(target, 0,
                Optional.of(new SearchExpression.Words("ab"))), KadPacketEncoder.plain());
        unknown[20] = 0x05;
        assertThatThrownBy(() -> decode(unknown)).hasMessage("search term type: 0x05 (expected: 0x00, 0x01, 0x02, 0x03"
                + " or 0x08)");
        byte[] invalidUtf8 = encode(new KadMessage.SearchKeyRequest(target, 0,
                Optional.of(new SearchExpression.Words("ab"))), KadPacketEncoder.plain());
        invalidUtf8[23] = (byte) 0xC3;
        assertThatThrownBy(() -> decode(invalidUtf8)).hasMessage("search string: invalid UTF-8 (expected: UTF-8 text)");
        byte[] numeric = encode(new KadMessage.SearchKeyRequest(target, 0, Optional.of(new SearchExpression.Numeric(
                5, true, SearchExpression.Relation.LESS, new Tag.Id(2)))), KadPacketEncoder.plain());
        numeric[29] = 6;
        assertThatThrownBy(() -> decode(numeric)).hasMessage("search numeric operator: 6 (expected: 0..5)");
    }
}
