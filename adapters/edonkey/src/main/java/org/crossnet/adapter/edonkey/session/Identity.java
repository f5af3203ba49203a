package org.crossnet.adapter.edonkey.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.crossnet.spi.model.Bytes;

/**
 * Our eD2k identity: the 16-byte user hash peers and servers know us by (kept across restarts so that credits and
 * queue positions survive) and our nick. Immutable.
 */
public record Identity(Bytes userHash, String nick) {
    /**
     * Loads the user hash from {@code dir/userhash.bin}, creating a random one the first time. As eMule does, bytes 5
     * and 14 are set to 14 and 111 (the marks eMule-family clients recognise each other by).
     */
    public static Identity load(Path dir, String nick) {
        Path file = dir.resolve("userhash.bin");
        try {
            if (Files.exists(file)) {
                byte[] b = Files.readAllBytes(file);
                if (b.length == 16) {
                    return new Identity(Bytes.of(b), nick);
                }
            }
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            b[5] = 14;
            b[14] = 111;
            Files.write(file, b);
            return new Identity(Bytes.of(b), nick);
        } catch (IOException e) {
            throw new UncheckedIOException("user hash: " + file, e);
        }
    }
}
