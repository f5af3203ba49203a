package org.crossnet.adapter.gnutella.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;

/**
 * The stock {@link ShareLookup}: the files published to the adapter, each given the next free index (from 1, never
 * reused while the table lives, so a stale query hit's index cannot name another file). The name is the content's
 * display name, else the file name of its path. Thread-safe; lookups are map reads under one monitor.
 */
public final class SharedFileTable implements ShareLookup {
    private final Map<ContentHash, ServedFile> byHash = new HashMap<>();
    private final Map<Long, ServedFile> byIndex = new HashMap<>();
    private long nextIndex = 1;

    /**
     * Adds a file, or returns its entry when the same content is already published. Needs a SHA-1 (Gnutella names
     * files by urn:sha1).
     *
     * @throws IllegalArgumentException when the file has no SHA-1 or no known size
     */
    public synchronized ServedFile publish(SharedFile file) {
        ContentId content = file.content();
        if (content.sha1() == null) {
            throw new IllegalArgumentException("content: " + content + " (expected: a SHA-1 to serve on Gnutella)");
        }
        ServedFile existing = byHash.get(content.sha1());
        if (existing != null) {
            return existing;
        }
        ServedFile served = new ServedFile(nextIndex++, nameOf(file), content, file.path());
        byIndex.put(served.index(), served);
        for (ContentHash h : content.hashes()) {
            byHash.putIfAbsent(h, served);
        }
        return served;
    }

    /** Removes the file with these identities; returns it when it was published. */
    public synchronized Optional<ServedFile> withdraw(ContentId content) {
        ServedFile served = null;
        for (ContentHash h : content.hashes()) {
            served = served != null ? served : byHash.get(h);
        }
        if (served == null) {
            return Optional.empty();
        }
        byIndex.remove(served.index());
        for (ContentHash h : served.content().hashes()) {
            byHash.remove(h, served);
        }
        return Optional.of(served);
    }

    @Override
    public synchronized Optional<ServedFile> find(ContentHash hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public synchronized Optional<ServedFile> byIndex(long index) {
        return Optional.ofNullable(byIndex.get(index));
    }

    /** Every published file, in index order. */
    public synchronized List<ServedFile> all() {
        List<ServedFile> list = new ArrayList<>(byIndex.values());
        list.sort((a, b) -> Long.compare(a.index(), b.index()));
        return list;
    }

    private static String nameOf(SharedFile file) {
        String name = file.content().name();
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
            Path fileName = file.path().getFileName();
            name = fileName == null ? "file" : fileName.toString();
        }
        return name.replace('\n', ' ').replace('\r', ' ').replace('\0', ' ');
    }
}
