package org.crossnet.adapter.gnutella.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.crossnet.adapter.gnutella.http.thex.TigerTree;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/** A random file on disk with its identities, as the share library would have hashed it. */
record TestContent(Path path, byte[] bytes, ContentId id) {
    static TestContent random(Path dir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path path = Files.write(dir.resolve(name), bytes);
        return new TestContent(path, bytes, new ContentId(size, name, sha1(bytes), null, null,
                new TigerTreeRoot(Bytes.of(TigerTree.rootOf(ByteBuffer.wrap(bytes)))), null));
    }

    /** The same identities without the TTH root (content known only by its SHA-1). */
    ContentId withoutTth() {
        return new ContentId(id.size(), id.name(), id.sha1(), null, null, null, null);
    }

    /** A copy of the file with {@code count} bytes flipped from {@code offset}: same name, same claimed identity. */
    Path corruptCopy(Path dir, long offset, int count) throws IOException {
        byte[] bad = bytes.clone();
        for (int i = 0; i < count; i++) {
            bad[(int) offset + i] ^= 0x5A;
        }
        return Files.write(dir.resolve("corrupt-" + path.getFileName()), bad);
    }

    static Sha1 sha1(byte[] bytes) {
        try {
            return new Sha1(Bytes.of(MessageDigest.getInstance("SHA-1").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
