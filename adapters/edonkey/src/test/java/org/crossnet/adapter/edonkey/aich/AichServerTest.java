package org.crossnet.adapter.edonkey.aich;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.hash.AichBlockHasher;
import org.crossnet.spi.hash.AichRecovery;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery data served from a file on disk verifies against the file's root; requests it cannot serve get "no data". */
class AichServerTest {
    private static final long PART = AichTree.PART_SIZE;
    private static final Ed2kHash H = Ed2kHash.parse("00112233445566778899aabbccddeeff");

    private final ExecutorService blocking = Executors.newFixedThreadPool(2);
    private final AichServer server = new AichServer(blocking, System.getLogger("test"));

    @AfterEach
    void stop() throws Exception {
        blocking.shutdownNow();
        blocking.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void everyPartIsServedAndVerifiesWithOneReadOfTheWholeFile(@TempDir Path tmp) throws Exception {
        int size = (int) (2 * PART + 3 * AichTree.BLOCK_SIZE + 17);
        Path file = Nodes.randomFile(tmp, "served.bin", size, 3);
        byte[] data = Files.readAllBytes(file);
        AichTree tree = new AichTree(size);
        tree.update(data, 0, size);
        AichRoot root = tree.root();
        for (int part = 0; part < 3; part++) {
            ClientMessage m = server.answer(new ClientMessage.AichRequest(H, part, root), file, size, root)
                    .get(30, TimeUnit.SECONDS);
            assertThat(m).isInstanceOf(ClientMessage.AichAnswer.class);
            ClientMessage.AichAnswer a = (ClientMessage.AichAnswer) m;
            assertThat(a.file()).isEqualTo(H);
            assertThat(a.part()).isEqualTo(part);
            assertThat(a.root()).isEqualTo(root);
            assertThat(a.wideIds()).isFalse();
            assertThat(AichRecovery.verify(size, part, root, a.hashes())).isEqualTo(blockHashes(data, size, part));
        }
        assertThat(server.fileHashings()).isEqualTo(1);
    }

    @Test
    void whatCannotBeServedGetsNoData(@TempDir Path tmp) throws Exception {
        int size = (int) (PART + AichTree.BLOCK_SIZE);
        Path file = Nodes.randomFile(tmp, "edge.bin", size, 4);
        byte[] data = Files.readAllBytes(file);
        AichTree tree = new AichTree(size);
        tree.update(data, 0, size);
        AichRoot root = tree.root();
        AichRoot other = new AichRoot(Bytes.of(new byte[20]));
        // the last part is one block: nothing smaller to recover (aMule refuses it too)
        assertThat(ask(1, root, file, size, root)).isInstanceOf(ClientMessage.AichNoAnswer.class);
        // a root that is not the file's
        assertThat(ask(0, other, file, size, null)).isInstanceOf(ClientMessage.AichNoAnswer.class);
        // the share names another root than the one asked for
        assertThat(ask(0, root, file, size, other)).isInstanceOf(ClientMessage.AichNoAnswer.class);
        // a part past the end
        assertThat(ask(5, root, file, size, root)).isInstanceOf(ClientMessage.AichNoAnswer.class);
        // a file that changed on disk is hashed again, and no longer matches
        assertThat(ask(0, root, file, size, null)).isInstanceOf(ClientMessage.AichAnswer.class);
        data[100] ^= 1;
        Files.write(file, data);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertThat(ask(0, root, file, size, null)).isInstanceOf(ClientMessage.AichNoAnswer.class);
        // a missing file
        assertThat(ask(0, root, tmp.resolve("gone.bin"), size, null)).isInstanceOf(ClientMessage.AichNoAnswer.class);
    }

    private ClientMessage ask(int part, AichRoot root, Path file, long size, AichRoot known) throws Exception {
        return server.answer(new ClientMessage.AichRequest(H, part, root), file, size, known).get(30, TimeUnit.SECONDS);
    }

    private static byte[] blockHashes(byte[] data, long size, int part) {
        long len = AichTree.partLength(size, part);
        AichBlockHasher h = new AichBlockHasher(len);
        h.update(data, (int) (part * PART), (int) len);
        return h.blockHashes();
    }
}
