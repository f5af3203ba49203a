package org.crossnet.adapter.edonkey.kad.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesDatTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The examples of the aMule developer documentation (nodes-dat.md): one contact 222.4.94.229:4672/4662. */
    private static final String ENTRY = "12257425dba4eddbd097150757404486" + "e55e04de" + "4012" + "3612";

    @Test
    void readsTheDocumentedVersion2Example() throws Exception {
        NodesDat dat = NodesDat.parse(HEX.parseHex("00000000" + "02000000" + "01000000" + ENTRY + "08"
                + "aabbccdd04030201" + "01"));
        assertThat(dat.version()).isEqualTo(2);
        NodesDat.Node node = dat.nodes().get(0);
        KadContactEntry c = node.contact();
        assertThat(c.address()).isEqualTo(InetAddress.getByName("222.4.94.229"));
        assertThat(c.udpPort()).isEqualTo(4672);
        assertThat(c.tcpPort()).isEqualTo(4662);
        assertThat(c.version()).isEqualTo(8);
        assertThat(node.udpKey()).isEqualTo(0xDDCCBBAAL);
        assertThat(node.verified()).isTrue();
        assertThat(HEX.formatHex(dat.toBytes())).isEqualTo("00000000" + "02000000" + "01000000" + ENTRY + "08"
                + "aabbccdd04030201" + "01");
    }

    @Test
    void readsAndWritesVersions0And1And3() {
        String v0 = "01000000" + ENTRY + "02";
        NodesDat dat0 = NodesDat.parse(HEX.parseHex(v0));
        assertThat(dat0.version()).isZero();
        assertThat(dat0.nodes().get(0).type()).isEqualTo(2);
        assertThat(dat0.contacts().get(0).version()).isZero();
        assertThat(HEX.formatHex(dat0.toBytes())).isEqualTo(v0);

        String v1 = "00000000" + "01000000" + "01000000" + ENTRY + "08";
        assertThat(HEX.formatHex(NodesDat.parse(HEX.parseHex(v1)).toBytes())).isEqualTo(v1);

        String v3 = "00000000" + "03000000" + "01000000" + "01000000" + ENTRY + "08";
        NodesDat dat3 = NodesDat.parse(HEX.parseHex(v3));
        assertThat(dat3.bootstrapOnly()).isTrue();
        assertThat(HEX.formatHex(dat3.toBytes())).isEqualTo(v3);
    }

    @Test
    void rejectsTruncatedWrongCountsAndVersions() {
        byte[] v2 = HEX.parseHex("00000000" + "02000000" + "01000000" + ENTRY + "08" + "aabbccdd04030201" + "01");
        for (byte[] prefix : ProtocolVectors.truncations(v2)) {
            assertThatThrownBy(() -> NodesDat.parse(prefix)).isInstanceOf(Ed2kWireException.class);
        }
        assertThatThrownBy(() -> NodesDat.parse(ProtocolVectors.withTrailingGarbage(v2)))
                .hasMessage("nodes.dat count: 1 (expected: 1 records of 34 bytes (37 bytes follow))");
        assertThatThrownBy(() -> NodesDat.parse(HEX.parseHex("00000000" + "07000000" + "00000000")))
                .hasMessage("nodes.dat version: 7 (expected: 1, 2 or 3)");
        assertThatThrownBy(() -> NodesDat.parse(HEX.parseHex("00000000" + "02000000" + "ffffffff")))
                .hasMessage("nodes.dat count: 4294967295 (expected: at most 5000)");
    }

    @Test
    void writesAtomicallyAndReadsBack(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        List<NodesDat.Node> nodes = List.of(
                NodesDat.Node.of(new KadContactEntry(KadId.random(random),
                        (Inet4Address) InetAddress.getByName("198.51.100.2"), 4672, 4662, 5)),
                NodesDat.Node.of(new KadContactEntry(KadId.random(random),
                        (Inet4Address) InetAddress.getByName("198.51.100.3"), 4673, 4663, 5)));
        Path file = dir.resolve("sub/nodes.dat");
        NodesDat.version2(nodes).write(file);
        assertThat(NodesDat.read(file)).isEqualTo(NodesDat.version2(nodes));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void preferencesKeepOurIdInAmulesLayout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(KadPreferences.FILE_NAME);
        KadPreferences created = KadPreferences.loadOrCreate(file, new Random(9));
        assertThat(Files.size(file)).isEqualTo(23);
        assertThat(KadPreferences.loadOrCreate(file, new Random(10))).isEqualTo(created);
        // aMule's layout: ip, 0, id in wire order, no tags
        KadId id = KadId.fromHex("befdfd2747860a067e8a01a1ceedf10e");
        new KadPreferences(id, (Inet4Address) InetAddress.getByName("198.51.100.1")).write(file);
        assertThat(HEX.formatHex(Files.readAllBytes(file))).isEqualTo("016433c6" + "0000"
                + "27fdfdbe060a8647a1018a7e0ef1edce" + "00");
        assertThat(KadPreferences.loadOrCreate(file, new Random(11)).id()).isEqualTo(id);
        // a zero id (old clients) is replaced
        Files.write(file, new byte[22]);
        assertThat(KadPreferences.loadOrCreate(file, new Random(12)).id().isZero()).isFalse();
    }
}
