package org.crossnet.adapter.gnutella.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;

/** What the recorded gtk-gnutella messages say, field by field (values from the capture's summary.txt). */
class RecordedMessagesTest {
    private static final Sha1 TEST_FILE_SHA1 = Sha1.parse("URAW5Y7TPTAXUHJT22BB6XKGYICBV37R");
    /** The root gtk-gnutella announced for the same file in X-Thex-URI (http/c03_resp1.txt). */
    private static final TigerTreeRoot TEST_FILE_TTH = TigerTreeRoot.parse("TIR3RULFQ4WYCE3B3Z2BLTOVOSKNFAO2JSIHQWQ");

    @Test
    void pingCarriesGgepScp() {
        Message m = Vectors.message("plain_c01_B-A_001_PING.bin");
        assertThat(m.ttl()).isEqualTo(4);
        assertThat(m.hops()).isZero();
        Ping ping = (Ping) m.payload();
        assertThat(ping.ggep().get("SCP")).hasValueSatisfying(e -> assertThat(e.value()).containsExactly(0));
    }

    @Test
    void pongCarriesAddressSharesAndGgep() {
        Message m = Vectors.message("plain_c01_A-B_003_PONG.bin");
        Pong pong = (Pong) m.payload();
        assertThat(pong.port()).isEqualTo(16346);
        assertThat(pong.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(pong.files()).isEqualTo(1);
        assertThat(pong.kilobytes()).isEqualTo(256);
        assertThat(pong.ggep().extensions()).extracting(GgepExtension::id).containsExactly("VC", "UP", "DU");
        assertThat(new String(pong.ggep().get("VC").orElseThrow().value(), 0, 4)).isEqualTo("GTKG");
        assertThat(pong.ultrapeer()).isTrue();
        // The ping's GUID: a pong is routed back along the ping's path.
        assertThat(m.guid()).isEqualTo(Vectors.message("plain_c01_B-A_001_PING.bin").guid());
    }

    @Test
    void leafGuidedQueryWithGgep() {
        Message m = Vectors.message("plain_c01_B-A_006_QUERY.bin");
        Query q = (Query) m.payload();
        assertThat(q.flags()).isEqualTo(0xB900);
        assertThat(q.hasFlag(Query.FLAG_LEAF_GUIDED)).isTrue();
        assertThat(q.hasFlag(Query.FLAG_GGEP_H)).isTrue();
        assertThat(q.hasFlag(Query.FLAG_FIREWALLED)).isFalse();
        assertThat(q.criteria().text()).isEqualTo("crossnet");
        assertThat(q.extensions().ggep().has("PR")).isTrue();
    }

    @Test
    void plainQueryHasNoExtensions() {
        Query q = (Query) Vectors.message("plain_c02_P-A_004_QUERY.bin").payload();
        assertThat(q.flags()).isEqualTo(0x8000);
        assertThat(q.criteria().text()).isEqualTo("crossnet");
        assertThat(q.extensions().isEmpty()).isTrue();
    }

    @Test
    void hitWithGgepHCarriesSha1AndTigerRoot() {
        Message m = Vectors.message("plain_c01_A-B_005_QUERY_HIT.bin");
        QueryHit hit = (QueryHit) m.payload();
        assertThat(m.guid()).isEqualTo(Vectors.message("plain_c01_B-A_006_QUERY.bin").guid());
        assertThat(hit.port()).isEqualTo(16346);
        assertThat(hit.speed()).isEqualTo(16);
        assertThat(hit.results()).hasSize(1);
        QueryHit.Result r = hit.results().get(0);
        assertThat(r.index()).isEqualTo(1);
        assertThat(r.fileSize()).isEqualTo(262_144);
        assertThat(r.name().text()).isEqualTo("crossnet-test-file.bin");
        assertThat(r.extensions().urns()).isEmpty();
        assertThat(r.sha1()).contains(TEST_FILE_SHA1);
        assertThat(r.tth()).contains(TEST_FILE_TTH);
        assertThat(hit.trailer().vendor()).isEqualTo(VendorCode.GTKG);
        assertThat(hit.trailer().push()).isFalse();
        assertThat(hit.trailer().busy()).isFalse();
        assertThat(hit.trailer().ggepInPrivateData()).isTrue();
        assertThat(hit.trailer().privateGgep().extensions()).extracting(GgepExtension::id)
                .containsExactly("GTKGV", "BH");
        assertThat(hit.servent()).isEqualTo(Guid.parseHex("d767310202ebd17d563c8715293072ee"));
    }

    @Test
    void hitWithHugeUrnCarriesSha1AndTigerRootFromTt() {
        QueryHit hit = (QueryHit) Vectors.message("plain_c02_A-P_004_QUERY_HIT.bin").payload();
        QueryHit.Result r = hit.results().get(0);
        assertThat(r.extensions().urns()).extracting(Extensions.Urn::text)
                .containsExactly("urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R");
        assertThat(r.extensions().separators()).containsExactly(0x1C, Extensions.NONE);
        assertThat(r.sha1()).contains(TEST_FILE_SHA1);
        assertThat(r.tth()).contains(TEST_FILE_TTH);
    }

    @Test
    void routeTableResetAndPatch() {
        RouteTableUpdate.Reset reset = (RouteTableUpdate.Reset) Vectors.message("plain_c01_B-A_004_QRP.bin").payload();
        assertThat(reset.tableLength()).isEqualTo(16384);
        assertThat(reset.infinity()).isEqualTo(1);
        RouteTableUpdate.Patch patch = (RouteTableUpdate.Patch) Vectors.message("plain_c02_P-A_002_QRP.bin").payload();
        assertThat(patch.sequenceNumber()).isEqualTo(1);
        assertThat(patch.sequenceSize()).isEqualTo(1);
        assertThat(patch.compressor()).isEqualTo(RouteTableUpdate.COMPRESSOR_ZLIB);
        assertThat(patch.entryBits()).isEqualTo(4);
        assertThat(patch.data().length()).isEqualTo(53);
    }

    @Test
    void vendorMessagesSupportedAndFeatures() {
        VendorMessage supported = (VendorMessage) Vectors.message("plain_c01_B-A_002_VENDOR.bin").payload();
        assertThat(supported.vendor()).isEqualTo(VendorCode.NULL);
        VendorMessage.MessagesSupported list = (VendorMessage.MessagesSupported) supported.body();
        assertThat(list.messages()).hasSize(26);
        assertThat(list.supports(VendorCode.BEAR, VendorMessage.HOPS_FLOW)).isTrue();
        assertThat(list.supports(VendorCode.BEAR, VendorMessage.TCP_CONNECT_BACK)).isTrue();
        VendorMessage features = (VendorMessage) Vectors.message("plain_c01_B-A_003_VENDOR.bin").payload();
        assertThat(((VendorMessage.FeaturesSupported) features.body()).features())
                .extracting(VendorMessage.Feature::name).containsExactly("HSEP", "WHAT", "QRP1", "F2FT", "TCPI");
    }

    @Test
    void byeAndHsep() {
        Bye bye = (Bye) Vectors.message("plain_c01_B-A_010_BYE.bin").payload();
        assertThat(bye.code()).isEqualTo(200);
        assertThat(bye.reason().text()).isEqualTo("Servent shutdown");
        assertThat(bye.nulTerminated()).isTrue();
        Hsep hsep = (Hsep) Vectors.message("plain_c01_A-B_006_HSEP.bin").payload();
        assertThat(hsep.triples()).hasSize(2);
        assertThat(hsep.triples().get(0).nodes()).isEqualTo(1);
    }

    @Test
    void unknownTypesAreKeptRaw() {
        byte[] bytes = Vectors.load("plain_c01_B-A_001_PING.bin");
        bytes[16] = (byte) 0x99;
        Message m = (Message) Vectors.decode(bytes);
        assertThat(m.payload()).isInstanceOf(UnknownPayload.class);
        assertThat(m.type()).isEqualTo(0x99);
        assertThat(GnutellaMessageEncoder.toBytes(m)).isEqualTo(bytes);
    }

    @Test
    void builtMessagesMatchTheRecordedBytes() {
        // Our own encoder, from fields alone, reproduces gtk-gnutella's plain query.
        byte[] recorded = Vectors.load("plain_c02_P-A_004_QUERY.bin");
        Message original = Vectors.message("plain_c02_P-A_004_QUERY.bin");
        Message built = new Message(original.guid(), 1, 0, Query.of(0x8000, "crossnet"));
        assertThat(GnutellaMessageEncoder.toBytes(built)).isEqualTo(recorded);
        assertThat(HexFormat.of().formatHex(recorded, 23, recorded.length)).isEqualTo("800063726f73736e657400");
    }
}
