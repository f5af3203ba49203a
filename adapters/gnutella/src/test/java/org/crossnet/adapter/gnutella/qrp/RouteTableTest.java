package org.crossnet.adapter.gnutella.qrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageDecoder;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.RouteTableUpdate;
import org.crossnet.adapter.gnutella.codec.Zlib;
import org.crossnet.spi.model.Bytes;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/**
 * Route tables against gtk-gnutella's own: the tables in the recorded PATCH messages are exactly the ones we build
 * from the same file names, and the QRP 1.0 appendix B examples apply as documented.
 */
class RouteTableTest {
    private static RouteTableUpdate update(String vector) {
        byte[] b = ProtocolVectors.load("gnutella", vector);
        var buf = Unpooled.wrappedBuffer(b);
        Guid guid = Guid.read(buf);
        int type = buf.readUnsignedByte();
        buf.skipBytes(6);
        return (RouteTableUpdate) ((Message) GnutellaMessageDecoder.decodePayload(guid, type, 1, 0, buf)).payload();
    }

    private static RouteTableUpdate spec(String hex) {
        var buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
        return (RouteTableUpdate) ((Message) GnutellaMessageDecoder.decodePayload(Guid.random(), 0x30, 1, 0, buf))
                .payload();
    }

    @Test
    void gtkGnutellaUltrapeerTableIsOurTableOfItsSharedFile() {
        // upup-plain: A (sharing crossnet-test-file.bin) sends B its 4-bit table of 16384 slots, infinity 2.
        RouteTableReceiver receiver = new RouteTableReceiver(21);
        receiver.apply(update("upupplain_c01_A-B_001_QRP.bin"));
        assertThat(receiver.apply(update("upupplain_c01_A-B_002_QRP.bin"))).isTrue();
        QueryRouteTable ours = QueryRouteTable.of(14, List.of("crossnet-test-file.bin"), List.of());
        assertThat(receiver.table().setSlots()).containsExactly(ours.setSlots());
        assertThat(ours.setSlots()).containsExactly(206, 3006, 5178, 6036, 6078, 10830, 11377, 13287);
        // Later A also shares the leaf's file it downloaded: a 1-bit patch toggles the new slots in.
        assertThat(receiver.apply(update("upupplain_c01_A-B_010_QRP.bin"))).isTrue();
        QueryRouteTable both = QueryRouteTable.of(14, List.of("crossnet-test-file.bin", "crossnet-leaf-file.bin"),
                List.of());
        assertThat(receiver.table().setSlots()).containsExactly(both.setSlots());
    }

    @Test
    void gtkGnutellaLeafSendsOneBitPatches() {
        RouteTableReceiver receiver = new RouteTableReceiver(21);
        receiver.apply(update("plain_c01_B-A_004_QRP.bin"));
        receiver.apply(update("plain_c01_B-A_005_QRP.bin"));
        assertThat(receiver.table().setSlots())
                .containsExactly(QueryRouteTable.of(14, List.of("crossnet-leaf-file.bin"), List.of()).setSlots());
        assertThat(receiver.table().matches(List.of("crossnet", "leaf"), List.of())).isTrue();
        assertThat(receiver.table().matches(List.of("crossnet", "test"), List.of())).isFalse();
        receiver.apply(update("plain_c01_B-A_007_QRP.bin"));
        assertThat(receiver.table().matches(List.of("crossnet", "test"), List.of())).isTrue();
    }

    @Test
    void probeSendsAFullTable() {
        RouteTableReceiver receiver = new RouteTableReceiver(21);
        receiver.apply(update("plain_c02_P-A_001_QRP.bin"));
        receiver.apply(update("plain_c02_P-A_002_QRP.bin"));
        assertThat(receiver.table().slots()).isEqualTo(65536);
        assertThat(receiver.table().cardinality()).isEqualTo(65536);
    }

    @Test
    void specAppendixBExamplesApply() {
        // Example 1 (8-bit, uncompressed): "test" hashes to 2; then "qrp" (7) added; then "test" removed.
        RouteTableReceiver r = new RouteTableReceiver(21);
        r.apply(spec("00 08 00 00 00 07"));
        r.apply(spec("01 01 01 00 08 00 00 fa 00 00 00 00 00"));
        assertThat(r.table().setSlots()).containsExactly(2);
        r.apply(spec("01 01 01 00 08 00 00 00 00 00 00 00 fa"));
        assertThat(r.table().setSlots()).containsExactly(2, 7);
        r.apply(spec("01 01 01 00 08 00 00 06 00 00 00 00 00"));
        assertThat(r.table().setSlots()).containsExactly(7);
        // Example 5 (4-bit, split in two, zlib): the compressed stream spans both messages.
        RouteTableReceiver s = new RouteTableReceiver(21);
        s.apply(spec("00 08 00 00 00 07"));
        assertThat(s.apply(spec("01 01 02 01 04 78 9c 63 58 c0 c0 00 00 01 e4"))).isFalse();
        assertThat(s.apply(spec("01 02 02 01 04 00 a1"))).isTrue();
        assertThat(s.table().setSlots()).containsExactly(2);
        assertThat(QrpHash.hash("test", 3)).isEqualTo(2);
        assertThat(QrpHash.hash("qrp", 3)).isEqualTo(7);
    }

    @Test
    void ourPatchesRoundTripThroughAReceiver() {
        RouteTableSender sender = new RouteTableSender(64);
        QueryRouteTable first = QueryRouteTable.of(16, List.of("Some Song - Artist.mp3", "holiday photos.zip"),
                List.of("urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R"));
        RouteTableReceiver receiver = new RouteTableReceiver(21);
        List<RouteTableUpdate> updates = sender.updates(null, first);
        assertThat(updates.get(0)).isEqualTo(new RouteTableUpdate.Reset(65536, 7));
        updates.forEach(receiver::apply);
        assertThat(receiver.complete()).isTrue();
        assertThat(receiver.table().sameAs(first)).isTrue();
        assertThat(receiver.table().matches(List.of("holiday", "photos"), List.of())).isTrue();
        assertThat(receiver.table().matches(List.of("hol"), List.of())).isFalse();
        assertThat(receiver.table().matches(List.of("holi"), List.of())).isTrue();
        // An incremental patch without RESET, then nothing when nothing changed.
        QueryRouteTable second = QueryRouteTable.of(16, List.of("holiday photos.zip", "another.txt"), List.of());
        List<RouteTableUpdate> patch = sender.updates(first, second);
        assertThat(patch).allMatch(u -> u instanceof RouteTableUpdate.Patch);
        patch.forEach(receiver::apply);
        assertThat(receiver.table().sameAs(second)).isTrue();
        assertThat(sender.updates(second, second.copy())).isEmpty();
    }

    @Test
    void refusesBrokenSequencesAndBombs() {
        RouteTableReceiver r = new RouteTableReceiver(16);
        assertThatThrownBy(() -> r.apply(spec("01 01 01 00 04 00"))).isInstanceOf(QrpException.class)
                .hasMessage("qrp.patch: before any reset (expected: a RESET first)");
        assertThatThrownBy(() -> r.apply(new RouteTableUpdate.Reset(1000, 7)))
                .hasMessageContaining("qrp.reset.tableLength: 1000 (expected: a power of two, 2^3..2^16)");
        assertThatThrownBy(() -> r.apply(new RouteTableUpdate.Reset(1 << 20, 7)))
                .hasMessageContaining("tableLength: 1048576");
        r.apply(new RouteTableUpdate.Reset(8, 7));
        assertThatThrownBy(() -> r.apply(spec("01 02 02 00 04 00"))).hasMessageContaining("sequenceNumber: 2");
        assertThatThrownBy(() -> r.apply(spec("01 01 01 02 04 00"))).hasMessageContaining("compressor: 2");
        assertThatThrownBy(() -> r.apply(spec("01 01 01 00 03 00"))).hasMessageContaining("entryBits: 3");
        assertThatThrownBy(() -> r.apply(spec("01 01 01 00 04 00 00"))).hasMessageContaining("qrp.patch.entries: 4");
        // A bomb: 1 MiB of zeros compressed to ~1 KB against an 8-slot table stops at the table's size.
        byte[] bomb = Zlib.deflate(new byte[1 << 20]);
        RouteTableReceiver b = new RouteTableReceiver(16);
        b.apply(new RouteTableUpdate.Reset(8, 7));
        assertThatThrownBy(() -> b.apply(new RouteTableUpdate.Patch(1, 1, 1, 4, Bytes.of(bomb))))
                .hasMessageContaining("qrp.patch.entries: more than 8");
    }
}
