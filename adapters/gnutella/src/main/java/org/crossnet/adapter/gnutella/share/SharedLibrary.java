package org.crossnet.adapter.gnutella.share;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.qrp.Keywords;
import org.crossnet.adapter.gnutella.qrp.QueryRouteTable;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Sha1;

/**
 * The files published to Gnutella, each with a file index (what {@code /get/<index>/<name>} and query hits name),
 * matched against queries by SHA-1 or by words in the name, and turned into the words of our route table. Every
 * method is thread-safe (API threads publish, the event loop answers queries, HTTP uploads look files up).
 */
public final class SharedLibrary {
    /** One shared file. */
    public record Entry(long index, String name, long size, Sha1 sha1, ContentId content, Path path) {
    }

    private final Map<Sha1, Entry> bySha1 = new LinkedHashMap<>();
    private final Map<Long, Entry> byIndex = new HashMap<>();
    private long nextIndex = 1;
    private long version;

    /**
     * Shares a file; the same SHA-1 again returns the existing entry.
     *
     * @throws IllegalArgumentException when the file has no SHA-1 (Gnutella names files by it)
     */
    public synchronized Entry add(SharedFile file) {
        return add(file, nextIndex);
    }

    /**
     * Shares a file under a given index, so that the index in our query hits is the one the HTTP part serves
     * {@code /get/<index>/} by (its table assigns them); the same SHA-1 again returns the existing entry.
     *
     * @throws IllegalArgumentException when the file has no SHA-1, or the index is out of range or names another file
     */
    public synchronized Entry add(SharedFile file, long index) {
        ContentId content = file.content();
        if (content.sha1() == null) {
            throw new IllegalArgumentException("content.sha1: null (expected: a SHA-1; Gnutella names files by it)");
        }
        Entry existing = bySha1.get(content.sha1());
        if (existing != null) {
            return existing;
        }
        String name = content.name() != null ? content.name()
                : file.path().getFileName() != null ? file.path().getFileName().toString() : content.sha1().toString();
        if (index < 0 || index > 0xFFFFFFFFL || byIndex.containsKey(index)) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0..4294967295, not used by another file)");
        }
        Entry entry = new Entry(index, name, Math.max(0, content.size()), content.sha1(), content, file.path());
        nextIndex = Math.max(nextIndex, index + 1);
        bySha1.put(entry.sha1(), entry);
        byIndex.put(entry.index(), entry);
        version++;
        return entry;
    }

    /** Stops sharing; returns whether it was shared. */
    public synchronized boolean remove(ContentId content) {
        if (content == null || content.sha1() == null) {
            return false;
        }
        Entry e = bySha1.remove(content.sha1());
        if (e == null) {
            return false;
        }
        byIndex.remove(e.index());
        version++;
        return true;
    }

    public synchronized Optional<Entry> byIndex(long index) {
        return Optional.ofNullable(byIndex.get(index));
    }

    public synchronized Optional<Entry> bySha1(Sha1 sha1) {
        return Optional.ofNullable(bySha1.get(sha1));
    }

    public synchronized int size() {
        return bySha1.size();
    }

    /** KiB shared, for pongs. */
    public synchronized long kilobytes() {
        long total = 0;
        for (Entry e : bySha1.values()) {
            total += (e.size() + 1023) / 1024;
        }
        return total;
    }

    /** Changes with every add and remove; a cheap way to see that the route table must be rebuilt. */
    public synchronized long version() {
        return version;
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(bySha1.values());
    }

    /**
     * The files answering a query, at most {@code max}: those with a requested SHA-1, else those whose name holds
     * every word of the criteria (case-insensitive). Criteria without a word of {@link Keywords#MIN_WORD_LENGTH}
     * characters match nothing but URNs, so that one-letter queries cannot list the library.
     */
    public synchronized List<Entry> match(Query query, int max) {
        List<Entry> out = new ArrayList<>();
        for (Sha1 sha1 : query.sha1s()) {
            Entry e = bySha1.get(sha1);
            if (e != null && out.size() < max && !out.contains(e)) {
                out.add(e);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        List<String> terms = terms(query.criteria().text());
        if (terms.stream().noneMatch(t -> t.length() >= Keywords.MIN_WORD_LENGTH)) {
            return out;
        }
        for (Entry e : bySha1.values()) {
            if (out.size() >= max) {
                break;
            }
            String name = e.name().toLowerCase(Locale.ROOT);
            if (terms.stream().allMatch(name::contains)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Our route table: the words and prefixes of every name, and every {@code urn:sha1:}. */
    public synchronized QueryRouteTable routeTable(int bits) {
        Collection<String> names = new ArrayList<>();
        Collection<String> urns = new ArrayList<>();
        for (Entry e : bySha1.values()) {
            names.add(e.name());
            urns.add("urn:sha1:" + e.sha1().bytes().base32());
        }
        return QueryRouteTable.of(bits, names, urns);
    }

    private static List<String> terms(String criteria) {
        List<String> terms = new ArrayList<>();
        for (String t : criteria.toLowerCase(Locale.ROOT).split("[\\s]+")) {
            if (!t.isEmpty()) {
                terms.add(t);
            }
        }
        return terms;
    }
}
