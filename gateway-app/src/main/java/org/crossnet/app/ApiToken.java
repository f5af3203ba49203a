package org.crossnet.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API token: 256 random bits, created on first start in {@code <data-dir>/api-token} (owner-only permissions)
 * and printed once, when it is created. Later starts read the file.
 */
public final class ApiToken {
    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    static final String FILE_NAME = "api-token";

    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the token from the data folder, creating it when absent. */
    public static ApiToken loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, created + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                    // Printed once so the operator can copy it; afterwards it is only in the file.
                    LOG.warn("Created API token in {}: {}", file, created);
                    return new ApiToken(created);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs
                }
            }
            String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (stored.length() < 16) {
                throw new IllegalStateException("API token in " + file + " is shorter than 16 characters");
            }
            LOG.info("API token read from {}", file);
            return new ApiToken(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token in " + file, e);
        }
    }

    /** Constant-time comparison with a presented token. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token text (for tests and the startup banner). */
    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }
}
