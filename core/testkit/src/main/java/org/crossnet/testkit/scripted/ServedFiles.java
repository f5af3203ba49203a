package org.crossnet.testkit.scripted;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.Sha1;

/**
 * The files the scripted adapter serves: the regular files of its serve directory plus the shares published to it.
 * Hashes are computed on first use and cached by path, size and modification time. Blocking I/O: call off the event
 * loops. Unreadable or vanished files are simply not served. Thread-safe.
 */
final class ServedFiles {
    /** One servable file. */
    record ServedFile(String name, long size, Sha1 sha1, Path path) {
    }

    private record Stamp(long size, long modified) {
    }

    private record Hashed(Stamp stamp, Sha1 sha1) {
    }

    private final Path directory;
    private final Map<Path, Hashed> cache = new ConcurrentHashMap<>();
    private final Map<ShareId, SharedFile> published = new ConcurrentHashMap<>();

    ServedFiles(Path directory) {
        this.directory = directory;
    }

    void publish(SharedFile file) {
        published.put(file.share(), file);
    }

    void withdraw(ContentId content) {
        published.values().removeIf(f -> f.content().sameContentAs(content));
    }

    int publishedCount() {
        return published.size();
    }

    /** Every file servable now. */
    List<ServedFile> list() {
        List<ServedFile> files = new ArrayList<>();
        if (directory != null && Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path p : entries.sorted().toList()) {
                    describe(p, p.getFileName().toString(), null).ifPresent(files::add);
                }
            } catch (IOException e) {
                // The directory vanished or is unreadable: nothing to serve from it until it is back.
                return served(files);
            }
        }
        return served(files);
    }

    /** The file with this SHA-1, if one is served. */
    Optional<ServedFile> find(Sha1 sha1) {
        return list().stream().filter(f -> f.sha1().equals(sha1)).findFirst();
    }

    /** SHA-1 of {@code bytes[0..length)}. */
    static Sha1 sha1(byte[] bytes, int length) {
        MessageDigest digest = newDigest();
        digest.update(bytes, 0, length);
        return new Sha1(Bytes.of(digest.digest()));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1: missing (expected: every JDK provides it)", e);
        }
    }

    private List<ServedFile> served(List<ServedFile> fromDirectory) {
        for (SharedFile share : published.values()) {
            String name = share.content().name() != null ? share.content().name() : share.path().getFileName().toString();
            describe(share.path(), name, share.content().sha1()).ifPresent(fromDirectory::add);
        }
        return fromDirectory;
    }

    private Optional<ServedFile> describe(Path path, String name, Sha1 known) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            Stamp stamp = new Stamp(attrs.size(), attrs.lastModifiedTime().toMillis());
            Sha1 sha1 = known;
            if (sha1 == null) {
                Hashed hashed = cache.get(path);
                if (hashed == null || !hashed.stamp().equals(stamp)) {
                    hashed = new Hashed(stamp, hash(path));
                    cache.put(path, hashed);
                }
                sha1 = hashed.sha1();
            }
            return Optional.of(new ServedFile(name, stamp.size(), sha1, path));
        } catch (IOException e) {
            // Vanished or unreadable since listing: not served.
            return Optional.empty();
        }
    }

    private static Sha1 hash(Path path) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return new Sha1(Bytes.of(digest.digest()));
    }
}
