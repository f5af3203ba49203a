package org.crossnet.adapter.gnutella.http.thex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.gnutella.http.upload.TreeCache;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TigerTreeTest {
    @Test
    void matchesTheThexAndGtkGnutellaVectors() {
        // gtk-gnutella src/lib/tigertree.c tt_check(); THEX appendix A.
        assertThat(root(new byte[0])).isEqualTo("LWPNACQDBZRYXW3VHJVCJ64QBZNGHOHHHZWCLNQ");
        assertThat(root(new byte[1])).isEqualTo("VK54ZIEEVTWNAUI5D5RDFIL37LX2IQNSTAXFKSA");
        assertThat(root(filled(1024))).isEqualTo("L66Q4YVNAFWVS23X2HJIRA5ZJ7WXR3F26RSASFA");
        assertThat(root(filled(1025))).isEqualTo("PZMRYHGY6LTBEH63ZWAHDORHSYTLO4LEFUIKHWY");
    }

    @Test
    void streamingInAnyChunkingGivesTheSameRoot() {
        byte[] data = random(7 * 1024 + 333, 1);
        byte[] whole = TigerTree.rootOf(ByteBuffer.wrap(data));
        Random r = new Random(2);
        for (int round = 0; round < 20; round++) {
            TigerTree.Hasher h = new TigerTree.Hasher();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, r.nextInt(3000));
                h.update(data, at, n);
                at += n;
            }
            assertThat(h.finish()).isEqualTo(whole);
        }
        assertThat(TigerTree.rootOf(ByteBuffer.allocateDirect(data.length).put(data).flip())).isEqualTo(whole);
    }

    @Test
    void nodesOfALevelHashUpToTheRootOfTheWholeFile() {
        // 11 leaves and 3 leaves per... nodes of 4 KiB: uneven tree with promoted nodes at several levels.
        byte[] data = random(43 * 1024 + 17, 3);
        long size = data.length;
        for (int depth = 0; depth <= HashTree.fullDepth(size); depth++) {
            long nodeSize = HashTree.nodeSize(size, depth);
            List<byte[]> nodes = new ArrayList<>();
            for (long off = 0; off < size; off += nodeSize) {
                nodes.add(TigerTree.rootOf(ByteBuffer.wrap(data, (int) off, (int) Math.min(nodeSize, size - off))));
            }
            assertThat(nodes).hasSize((int) HashTree.nodeCount(size, depth));
            assertThat(HashTree.fromLevel(size, depth, nodes).root().bytes().toArray())
                    .isEqualTo(TigerTree.rootOf(ByteBuffer.wrap(data)));
        }
    }

    @Test
    void goodDepthFollowsGtkGnutella() {
        assertThat(HashTree.goodDepth(256 * 1024 - 1)).isZero();
        assertThat(HashTree.goodDepth(256 * 1024)).isEqualTo(1);
        assertThat(HashTree.goodDepth(8L << 20)).isEqualTo(6);
        assertThat(HashTree.goodDepth(100L << 20)).isEqualTo(9);
        assertThat(HashTree.goodDepth(256L << 20)).isEqualTo(10);
        assertThat(HashTree.goodDepth(5L << 30)).isEqualTo(11);
        assertThat(HashTree.goodDepth(1)).isZero();
        assertThat(HashTree.nodeSize(8L << 20, 6)).isEqualTo(128 * 1024);
    }

    @Test
    void serializedTreeParsesBackAndChecksEveryLevel(@TempDir Path dir) throws IOException {
        byte[] data = random(600 * 1024 + 5, 4);
        Path file = Files.write(dir.resolve("f"), data);
        HashTree tree = TreeCache.compute(file, data.length);
        TigerTreeRoot root = new TigerTreeRoot(Bytes.of(TigerTree.rootOf(ByteBuffer.wrap(data))));
        assertThat(tree.root()).isEqualTo(root);
        assertThat(tree.depth()).isEqualTo(HashTree.goodDepth(data.length));

        byte[] serialized = tree.serialize();
        HashTree parsed = HashTree.parse(data.length, serialized, root);
        assertThat(parsed.serialize()).isEqualTo(serialized);
        assertThat(ThexDocument.decode(ThexDocument.encode(tree), data.length, root).serialize()).isEqualTo(serialized);

        TigerTreeRoot other = new TigerTreeRoot(Bytes.of(new byte[24]));
        assertThatThrownBy(() -> HashTree.parse(data.length, serialized, other)).isInstanceOf(HttpWireException.class)
                .hasMessageStartingWith("thex.tree: root " + root.bytes().base32());
        byte[] cut = Arrays.copyOf(serialized, serialized.length - 24);
        assertThatThrownBy(() -> HashTree.parse(data.length, cut, root)).hasMessageContaining("nodes (expected: the "
                + "node count of whole levels");
        byte[] flipped = serialized.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> HashTree.parse(data.length, flipped, root))
                .hasMessageContaining("(expected: the hash of its two children at depth " + tree.depth() + ")");
    }

    @Test
    void dimeRoundTripsAndRefusesDamage() {
        DimeRecord xml = new DimeRecord(DimeRecord.MEDIA_TYPE, "text/xml", "", "<x/>".getBytes());
        DimeRecord bin = new DimeRecord(DimeRecord.ABSOLUTE_URI, ThexDocument.TREE_TYPE, "uuid:1", new byte[25]);
        byte[] message = Dime.encode(List.of(xml, bin));
        // header 12 + type "text/xml" 8 + data 4; header 12 + id 6→8 + type 46→48 + data 25→28
        assertThat(message).hasSize(12 + 8 + 4 + 12 + 8 + 48 + 28);
        assertThat(message[0]).isEqualTo((byte) 0x0C);
        assertThat(message[24]).isEqualTo((byte) 0x0A);
        assertThat(Dime.decode(message)).containsExactly(xml, bin);

        byte[] badVersion = message.clone();
        badVersion[0] = (byte) 0x14;
        assertThatThrownBy(() -> Dime.decode(badVersion)).hasMessage("dime.version: 2 (expected: 1)");
        assertThatThrownBy(() -> Dime.decode(Arrays.copyOf(message, message.length - 1)))
                .hasMessageStartingWith("dime.");
        byte[] trailing = Arrays.copyOf(message, message.length + 4);
        assertThatThrownBy(() -> Dime.decode(trailing)).hasMessage("dime: 4 bytes after the ME record (expected: "
                + "nothing)");
        byte[] noBegin = message.clone();
        noBegin[0] = 0x0A;
        assertThatThrownBy(() -> Dime.decode(noBegin)).hasMessageStartingWith("dime.mb: 0");
        byte[] hugeData = message.clone();
        hugeData[8] = 0x7F;
        assertThatThrownBy(() -> Dime.decode(hugeData)).hasMessageStartingWith("dime.dataLength: ");
    }

    private static String root(byte[] data) {
        return Bytes.of(TigerTree.rootOf(ByteBuffer.wrap(data))).base32();
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'A');
        return b;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
