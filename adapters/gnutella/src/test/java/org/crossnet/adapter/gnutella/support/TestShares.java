package org.crossnet.adapter.gnutella.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.ShareId;

/** Shared files for tests: real bytes in a temp file, named as asked, with their true SHA-1. */
public final class TestShares {
    private TestShares() {
    }

    public static SharedFile file(Path dir, String name, int size, long seed) {
        try {
            byte[] data = new byte[size];
            new Random(seed).nextBytes(data);
            Path path = dir.resolve(name);
            Files.write(path, data);
            Sha1 sha1 = new Sha1(Bytes.of(MessageDigest.getInstance("SHA-1").digest(data)));
            return new SharedFile(ShareId.random(), new ContentId(size, name, sha1, null, null, null, null), path,
                    List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
