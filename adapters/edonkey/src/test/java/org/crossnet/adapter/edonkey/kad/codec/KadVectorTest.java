package org.crossnet.adapter.edonkey.kad.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.Keywords;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded aMule 2.3.3 Kad datagram: exact (decode and re-encode byte for byte), trailing bytes, every
 * truncation, invalid protocol and opcode bytes, and bad counts and lengths. A UDP datagram arrives whole, so the
 * split-at-every-offset check of stream codecs does not apply.
 */
class KadVectorTest {
    private static final KadPacketDecoder DECODER = KadPacketDecoder.standard();

    static Stream<String> vectors() {
        return KadVectors.names().stream();
    }

    /**
     * One vector per opcode and length: the mangling tests (every truncation, every bad count) gain nothing from the
     * hundreds of same-shaped KADEMLIA2_REQs.
     */
    static Stream<String> shapes() {
        java.util.Map<String, String> byShape = new java.util.TreeMap<>();
        for (String name : KadVectors.names()) {
            byte[] bytes = KadVectors.load(name);
            byShape.putIfAbsent((bytes[1] & 0xFF) + "/" + bytes.length, name);
        }
        return byShape.values().stream();
    }

    private static KadMessage decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return DECODER.decode(in);
        } finally {
            in.release();
        }
    }

    private static byte[] encode(KadMessage message) {
        ByteBuf out = KadPacketEncoder.plain().encode(message, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void everyRecordedOpcodeIsPresent() {
        assertThat(KadVectors.names()).hasSizeGreaterThan(200);
        for (String op : List.of("KADEMLIA2_BOOTSTRAP_REQ", "KADEMLIA2_BOOTSTRAP_RES", "KADEMLIA2_HELLO_REQ",
                "KADEMLIA2_HELLO_RES", "KADEMLIA2_REQ", "KADEMLIA2_RES", "KADEMLIA2_SEARCH_KEY_REQ",
                "KADEMLIA2_SEARCH_RES", "KADEMLIA2_PUBLISH_KEY_REQ", "KADEMLIA2_PUBLISH_RES", "KADEMLIA2_PING",
                "KADEMLIA2_PONG", "KADEMLIA_FIREWALLED2_REQ", "KADEMLIA_FIREWALLED_RES")) {
            assertThat(KadVectors.named(op)).as(op).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesAndReencodesExactly(String name) {
        byte[] bytes = KadVectors.load(name);
        KadMessage message = decode(bytes);
        assertThat(KadOpcodes.name(message.opcode())).as(name).isEqualTo(name.substring(name.indexOf("_KAD_") + 5,
                name.length() - 4));
        assertThat(HexFormat.of().formatHex(encode(message))).as(name).isEqualTo(HexFormat.of().formatHex(bytes));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void rejectsTrailingBytes(String name) {
        byte[] bytes = ProtocolVectors.withTrailingGarbage(KadVectors.load(name));
        assertThatThrownBy(() -> decode(bytes)).as(name).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("(expected: ");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void rejectsEveryTruncation(String name) {
        for (byte[] prefix : ProtocolVectors.truncations(KadVectors.load(name))) {
            assertThatThrownBy(() -> decode(prefix)).as(name + " cut to " + prefix.length)
                    .isInstanceOf(Ed2kWireException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void rejectsUnknownOpcodeAndProtocol(String name) {
        byte[] bytes = KadVectors.load(name);
        byte[] opcode = bytes.clone();
        opcode[1] = 0x7F;
        assertThatThrownBy(() -> decode(opcode)).hasMessage("kad opcode: 0x7F (expected: a Kad2 opcode this node"
                + " handles)");
        byte[] proto = bytes.clone();
        proto[0] = (byte) 0xE3;
        assertThatThrownBy(() -> decode(proto)).hasMessageStartingWith("kad protocol: 0xE3 (expected: 0xE4 or 0xE5");
    }

    /** The count fields of the recorded messages: offset and width. */
    private static List<int[]> countFields(byte[] bytes) {
        List<int[]> fields = new ArrayList<>();
        switch (bytes[1] & 0xFF) {
            case KadOpcodes.BOOTSTRAP_RES:
                fields.add(new int[] {21, 2});
                break;
            case KadOpcodes.HELLO_REQ:
            case KadOpcodes.HELLO_RES:
                fields.add(new int[] {21, 1});
                break;
            case KadOpcodes.RES:
                fields.add(new int[] {18, 1});
                break;
            case KadOpcodes.SEARCH_RES:
                fields.add(new int[] {34, 2});
                fields.add(new int[] {52, 1}); // first result's tag count
                fields.add(new int[] {54, 2}); // its first tag's name length
                fields.add(new int[] {57, 2}); // and string length
                break;
            case KadOpcodes.PUBLISH_KEY_REQ:
                fields.add(new int[] {18, 2});
                fields.add(new int[] {36, 1}); // first file's tag count
                fields.add(new int[] {38, 2}); // its first tag's name length
                fields.add(new int[] {41, 2}); // and string length
                break;
            default:
                break;
        }
        return fields;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void rejectsBadCountsAndLengths(String name) {
        byte[] bytes = KadVectors.load(name);
        for (int[] field : countFields(bytes)) {
            for (ProtocolVectors.Variant v : ProtocolVectors.badDeclaredLengths(bytes, field[0], field[1],
                    ByteOrder.LITTLE_ENDIAN)) {
                assertThatThrownBy(() -> decode(v.bytes())).as(name + " " + v).isInstanceOf(Ed2kWireException.class);
            }
        }
    }

    @Test
    void keywordHashTravelsAsFourLittleEndianWords() {
        // run2-0125: aMule D searches "harnesskadword"
        KadMessage.SearchKeyRequest search = (KadMessage.SearchKeyRequest) decode(KadVectors.load(
                "run2-0125_udp_KAD_KADEMLIA2_SEARCH_KEY_REQ.bin"));
        assertThat(search.target()).isEqualTo(Keywords.hash("harnesskadword"));
        assertThat(search.target().toString()).isEqualTo("befdfd2747860a067e8a01a1ceedf10e");
        assertThat(search.expression()).isEmpty();
        assertThat(search.startPosition()).isZero();
    }

    @Test
    void publishedFileCarriesTheEd2kHashNameSizeAndType() throws Exception {
        KadMessage.PublishKeyRequest publish = (KadMessage.PublishKeyRequest) decode(KadVectors.load(
                "run2-0154_udp_KAD_KADEMLIA2_PUBLISH_KEY_REQ.bin"));
        assertThat(publish.keyword()).isEqualTo(Keywords.hash("harnesskadword"));
        assertThat(publish.files()).hasSize(1);
        KadMessage.Entry file = publish.files().get(0);
        assertThat(file.id().toEd2kHash().bytes().hex()).isEqualTo("5764d5b1eb3dd2cd5821516ead57ea48");
        assertThat(Tag.find(file.tags(), KadTags.FILENAME).orElseThrow().asString())
                .isEqualTo("harnesskadword-text.txt");
        assertThat(Tag.find(file.tags(), KadTags.FILESIZE).orElseThrow().asLong()).isEqualTo(12_582_936L);
        assertThat(Tag.find(file.tags(), KadTags.FILETYPE).orElseThrow().asString()).isEqualTo("Doc");

        KadMessage.SearchResponse result = (KadMessage.SearchResponse) decode(KadVectors.load(
                "run2-0180_udp_KAD_KADEMLIA2_SEARCH_RES.bin"));
        assertThat(result.target()).isEqualTo(publish.keyword());
        assertThat(result.results()).extracting(KadMessage.Entry::id).containsExactly(file.id());
        assertThat(Tag.find(result.results().get(0).tags(), KadTags.PUBLISHINFO)).isPresent();
    }

    @Test
    void contactsCarryHostOrderAddresses() throws Exception {
        String name = KadVectors.named("KADEMLIA2_BOOTSTRAP_RES").get(0);
        KadMessage.BootstrapResponse res = (KadMessage.BootstrapResponse) decode(KadVectors.load(name));
        assertThat(res.version()).isEqualTo(8);
        assertThat(res.tcpPort()).isEqualTo(4666);
        assertThat(res.contacts()).hasSize(1);
        KadContactEntry c = res.contacts().get(0);
        assertThat(c.address()).isEqualTo(InetAddress.getByName("198.51.100.5"));
        assertThat(c.udpPort()).isEqualTo(4677);
        assertThat(c.tcpPort()).isEqualTo(4667);
        assertThat(c.version()).isEqualTo(5);

        KadMessage.FirewalledResponse fw = (KadMessage.FirewalledResponse) decode(KadVectors.load(
                KadVectors.named("KADEMLIA_FIREWALLED_RES").get(0)));
        assertThat(fw.address().getHostAddress()).startsWith("198.51.100.");
    }

    @Test
    void helloResponseCarriesMiscOptions() {
        KadMessage.HelloResponse hello = (KadMessage.HelloResponse) decode(KadVectors.load(
                "run2-0026_udp_KAD_KADEMLIA2_HELLO_RES.bin"));
        assertThat(hello.version()).isEqualTo(8);
        assertThat(hello.tcpPort()).isEqualTo(4668);
        assertThat(hello.tags()).containsExactly(Tag.uint8(KadTags.KADMISCOPTIONS, 2));
    }
}
