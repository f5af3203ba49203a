package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/**
 * Server TCP and UDP messages: every record round-trips through the pipeline at every split; hand-built frames from
 * the layouts in aMule's Client2Server headers decode to the expected records; malformed input is refused.
 */
class ServerCodecTest {
    private static final Ed2kHash H = Ed2kHash.parse("5764d5b1eb3dd2cd5821516ead57ea48");
    private static final Supplier<ChannelHandler[]> PIPELINE = () -> new ChannelHandler[] {
        new Ed2kFrameDecoder(1 << 20), new PackedPacketInflater(1 << 20), new ServerMessageCodec.Decoder()};

    static List<ServerMessage> samples() {
        List<Tag> fileTags = new ArrayList<>();
        fileTags.add(Tag.string(Ed2kWire.FT_FILENAME, "harness kadword text.txt"));
        fileTags.addAll(FileEntry.sizeTags(5_000_000_000L));
        fileTags.add(Tag.string(Ed2kWire.FT_FILETYPE, "Doc"));
        FileEntry entry = new FileEntry(H, FileEntry.COMPLETE_ID, FileEntry.COMPLETE_PORT, fileTags);
        SearchExpr query = SearchExpr.and(SearchExpr.and(new SearchExpr.Keyword("harness"),
                new SearchExpr.Meta("Doc", new Tag.Id(Ed2kWire.FT_FILETYPE))),
                new SearchExpr.Numeric(5_000_000_000L, SearchExpr.OP_GREATER, new Tag.Id(Ed2kWire.FT_FILESIZE), true));
        return List.of(
                new ServerMessage.LoginRequest(Bytes.fromHex("3ccaa83c710e2b64e16aff36347f6f20"), 0, 4662,
                        List.of(Tag.string(Ed2kWire.CT_NAME, "crossnet"), Tag.uint32(Ed2kWire.CT_VERSION, 0x3C))),
                new ServerMessage.Empty(Ed2kWire.OP_GETSERVERLIST),
                new ServerMessage.OfferFiles(List.of(entry, entry)),
                new ServerMessage.SearchRequest(query),
                new ServerMessage.GetSources(false, List.of(new ServerMessage.SourceQuery(H, 12_582_936))),
                new ServerMessage.GetSources(false, List.of(new ServerMessage.SourceQuery(H, 5_000_000_000L),
                        new ServerMessage.SourceQuery(H, 1))),
                new ServerMessage.CallbackRequest(42),
                new ServerMessage.ServerList(List.of(new ServerMessage.Endpoint(0x016433C6L, 4661))),
                new ServerMessage.SearchResult(List.of(entry), 0),
                new ServerMessage.ServerStatus(3, 7),
                new ServerMessage.CallbackRequested(0x026433C6L, 4662, 0, Bytes.of(new byte[16])),
                new ServerMessage.ServerText("server version 17.15\r\nwelcome"),
                new ServerMessage.IdChange(0x026433C6L, Ed2kWire.SRV_TCPFLG_COMPRESSION | Ed2kWire.SRV_TCPFLG_NEWTAGS, -1),
                new ServerMessage.ServerIdent(Bytes.of(new byte[16]), 0x016433C6L, 4661,
                        List.of(Tag.string(Ed2kWire.ST_SERVERNAME, "crossnet"))),
                new ServerMessage.FoundSources(H, List.of(new ServerMessage.Endpoint(0x026433C6L, 4662),
                        new ServerMessage.Endpoint(7, 4663))));
    }

    @Test
    void everyMessageRoundTripsInBothTagFormsAtEverySplit() {
        for (TagCodec.Form form : TagCodec.Form.values()) {
            for (ServerMessage m : samples()) {
                byte[] frame = encode(m, form);
                List<Object> out = ProtocolVectors.readInbound(PIPELINE, List.of(frame));
                assertThat(out).as("%s %s", form, m).containsExactly(m);
                assertThat(ProtocolVectors.readInboundAtEveryOffset(PIPELINE, frame)).as("%s", m).isEmpty();
            }
        }
    }

    @Test
    void packedSearchResultUnpacks() {
        ServerMessage m = samples().get(8);
        byte[] packed = PackedFrameTest.pack(encode(m, TagCodec.Form.NEW));
        assertThat(ProtocolVectors.readInbound(PIPELINE, List.of(packed))).containsExactly(m);
    }

    @Test
    void handBuiltFramesDecodeAsTheHeadersDescribe() {
        // OP_IDCHANGE <id 2.100.51.198 as LE u32><flags 0x00000119>
        assertThat(decode("40", "c6336402" + "19010000"))
                .isEqualTo(new ServerMessage.IdChange(0x026433C6L, 0x119, -1));
        // OP_GETSOURCES large form: <hash><0 u32><size u64>
        assertThat(decode("19", H.bytes().hex() + "00000000" + "00f2052a01000000"))
                .isEqualTo(new ServerMessage.GetSources(false,
                        List.of(new ServerMessage.SourceQuery(H, 5_000_000_000L))));
        // OP_SEARCHREQUEST: AND("a", size > 10): 00 00 | 01 0100 61 | 03 0a000000 01 0100 02
        assertThat(decode("16", "0000" + "01010061" + "030a000000" + "01" + "010002"))
                .isEqualTo(new ServerMessage.SearchRequest(SearchExpr.and(new SearchExpr.Keyword("a"),
                        new SearchExpr.Numeric(10, SearchExpr.OP_GREATER, new Tag.Id(2), false))));
        // OP_SEARCHRESULT without the trailing "more" byte
        assertThat(decode("33", "00000000")).isEqualTo(new ServerMessage.SearchResult(List.of(), -1));
    }

    @Test
    void malformedServerInputIsRefused() {
        // a count that cannot fit the payload is refused before allocating
        assertThatThrownBy(() -> decode("15", "ffffffff")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("offer files count: 4294967295");
        assertThatThrownBy(() -> decode("32", "02c6336401351200")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("server list count: 2");
        assertThatThrownBy(() -> decode("16", "07")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("search node type: 0x07");
        assertThatThrownBy(() -> decode("16", "0003")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("search boolean operator: 3");
        assertThatThrownBy(() -> decode("34", "0100000002000000ff")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> decode("77", "")).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("opcode: 0xE3 0x77");
    }

    @Test
    void deepOrHugeSearchTreesAreRefusedWithoutRecursingFurther() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            deep.append("0000");
        }
        assertThatThrownBy(() -> decode("16", deep.toString())).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("search tree depth: 33");
        // a balanced tree of 511 nodes (depth 8) is refused for its size
        assertThatThrownBy(() -> decode("16", balanced(8))).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("search tree nodes: 257");
    }

    @Test
    void udpDatagramsRoundTrip() {
        FileEntry e = new FileEntry(H, 0x026433C6L, 4662, List.of(Tag.string(1, "x.bin"), Tag.uint32(2, 3)));
        List<ServerUdpMessage> samples = List.of(
                new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ, List.of(), new SearchExpr.Keyword("x")),
                new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ3,
                        List.of(Tag.uint8(Ed2kWire.CT_SERVER_UDPSEARCH_FLAGS, 1)), new SearchExpr.Keyword("x")),
                new ServerUdpMessage.GlobalSearchResult(List.of(e, e)),
                new ServerUdpMessage.GlobalGetSources(true, List.of(new ServerMessage.SourceQuery(H, 5_000_000_000L),
                        new ServerMessage.SourceQuery(H, 9))),
                new ServerUdpMessage.GlobalGetSources(false, List.of(new ServerMessage.SourceQuery(H, -1))),
                new ServerUdpMessage.GlobalFoundSources(List.of(new ServerMessage.FoundSources(H,
                        List.of(new ServerMessage.Endpoint(1, 2))), new ServerMessage.FoundSources(H, List.of()))),
                new ServerUdpMessage.StatusRequest(0x55AA0000L),
                new ServerUdpMessage.StatusResponse(0x55AA0000L, 1, 2, 3, 4, 5, 6, 7));
        for (ServerUdpMessage m : samples) {
            ByteBuf out = Unpooled.buffer();
            ServerUdpMessage.encode(m, out);
            assertThat(ServerUdpMessage.decode(out)).isEqualTo(m);
            out.release();
        }
        assertThatThrownBy(() -> ServerUdpMessage.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex("e499"))))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("udp protocol: 0xE4");
        assertThatThrownBy(() -> ServerUdpMessage.decode(Unpooled.wrappedBuffer(
                HexFormat.of().parseHex("e39b" + H.bytes().hex() + "05"))))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("truncated");
    }

    private static String balanced(int depth) {
        return depth == 0 ? "01010061" : "0000" + balanced(depth - 1) + balanced(depth - 1);
    }

    private static ServerMessage decode(String opcode, String payloadHex) {
        ByteBuf in = Unpooled.wrappedBuffer(HexFormat.of().parseHex(payloadHex));
        try {
            return ServerMessageCodec.decode(Integer.parseInt(opcode, 16), in);
        } finally {
            in.release();
        }
    }

    private static byte[] encode(ServerMessage m, TagCodec.Form form) {
        ByteBuf out = Unpooled.buffer();
        ServerMessageCodec.encode(m, out, form);
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }
}
