package org.crossnet.adapter.edonkey.kad.index;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.codec.KadMessage;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;

/**
 * The keyword and source entries other nodes published to us, bounded and expiring, as aMule's {@code CIndexed}.
 * Keyword entries live 24 hours and sources 5 hours unless republished; when a limit is reached new entries are
 * refused but the publisher is still answered (with load 100), so that a busy node does not push popular keywords
 * onto ever more nodes. Mutable; confined to the node's thread.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/Indexed.cpp">aMule
 *      Indexed.cpp</a>
 */
public final class KadIndex {
    /** Most results one search gets (aMule: 300). */
    public static final int MAX_RESULTS = 300;
    /** Publishers remembered per keyword entry. */
    private static final int MAX_PUBLISHERS = 255;

    /**
     * Limits.
     *
     * @param maxKeywordEntries files stored under all keywords together (aMule: 60,000)
     * @param maxFilesPerKeyword files under one keyword (aMule: 50,000)
     * @param maxSources         sources stored for all files together
     * @param maxSourcesPerFile  sources for one file (aMule: 1,000)
     * @param keywordLifetimeMillis how long a keyword entry lives (aMule: 24 h)
     * @param sourceLifetimeMillis  how long a source lives (aMule: 5 h)
     */
    public record Limits(int maxKeywordEntries, int maxFilesPerKeyword, int maxSources, int maxSourcesPerFile,
                         long keywordLifetimeMillis, long sourceLifetimeMillis) {
        public Limits {
            if (maxKeywordEntries < 1 || maxFilesPerKeyword < 1 || maxSources < 1 || maxSourcesPerFile < 1
                    || keywordLifetimeMillis < 1 || sourceLifetimeMillis < 1) {
                throw new IllegalArgumentException("index limits: " + maxKeywordEntries + "/" + maxFilesPerKeyword
                        + "/" + maxSources + "/" + maxSourcesPerFile + "/" + keywordLifetimeMillis + "/"
                        + sourceLifetimeMillis + " (expected: all >= 1)");
            }
        }

        /** aMule's limits. */
        public static Limits defaults() {
            return new Limits(60_000, 50_000, 100_000, 1_000, 24 * 3_600_000L, 5 * 3_600_000L);
        }
    }

    /** The outcome of a store: whether it was kept and the load (0..100) to report. */
    public record Stored(boolean kept, int load) {
    }

    private final Limits limits;
    private final Map<KadId, Map<KadId, KeywordEntry>> keywords = new HashMap<>();
    private final Map<KadId, LinkedHashMap<String, SourceEntry>> sources = new HashMap<>();
    private int keywordEntries;
    private int sourceEntries;

    public KadIndex(Limits limits) {
        this.limits = limits;
    }

    /** Files stored under all keywords. */
    public int keywordEntries() {
        return keywordEntries;
    }

    /** Sources stored for all files. */
    public int sourceEntries() {
        return sourceEntries;
    }

    /**
     * Stores one published file under {@code keyword} from the publisher at {@code publisher}. Entries without a
     * name or size are refused as aMule refuses them.
     */
    public Stored addKeyword(KadId keyword, KadMessage.Entry published, Inet4Address publisher, long now) {
        String name = null;
        long size = -1;
        List<Tag> other = new ArrayList<>();
        for (Tag t : published.tags()) {
            if (t.hasId(KadTags.FILENAME) && t.value() instanceof Tag.Str s && name == null) {
                name = s.value();
            } else if (t.hasId(KadTags.FILESIZE) && size < 0) {
                size = sizeOf(t);
            } else if (!t.hasId(KadTags.FILENAME) && !t.hasId(KadTags.FILESIZE) && !t.hasId(KadTags.PUBLISHINFO)) {
                other.add(t);
            }
        }
        Map<KadId, KeywordEntry> files = keywords.get(keyword);
        int filesUnder = files == null ? 0 : files.size();
        int load = Math.min(100, filesUnder * 100 / limits.maxFilesPerKeyword());
        if (name == null || name.isEmpty() || size <= 0) {
            return new Stored(false, load);
        }
        KeywordEntry old = files == null ? null : files.get(published.id());
        if (old == null && (keywordEntries >= limits.maxKeywordEntries()
                || filesUnder >= limits.maxFilesPerKeyword())) {
            return new Stored(false, 100);
        }
        Set<Integer> publishers = new HashSet<>(old == null ? Set.of() : old.publishers());
        if (publishers.size() < MAX_PUBLISHERS) {
            publishers.add(KadContactEntry.ipValue(publisher));
        }
        KeywordEntry entry = new KeywordEntry(published.id(), name, size, other, publishers,
                now + limits.keywordLifetimeMillis());
        if (files == null) {
            files = new LinkedHashMap<>();
            keywords.put(keyword, files);
        }
        files.put(published.id(), entry);
        if (old == null) {
            keywordEntries++;
        }
        return new Stored(true, Math.max(1, load));
    }

    /**
     * Stores one published source of {@code file}. The publish must carry a source type and a TCP port; the source's
     * address is where the packet came from.
     *
     * @param fromPort the UDP port the publish came from, used when it carries no TAG_SOURCEUPORT
     */
    public Stored addSource(KadId file, KadId source, List<Tag> tags, Inet4Address from, int fromPort, long now) {
        Optional<Tag> type = Tag.find(tags, KadTags.SOURCETYPE).filter(Tag::isInteger);
        Optional<Tag> tcp = Tag.find(tags, KadTags.SOURCEPORT).filter(Tag::isInteger);
        LinkedHashMap<String, SourceEntry> list = sources.get(file);
        int count = list == null ? 0 : list.size();
        int load = Math.min(100, count * 100 / limits.maxSourcesPerFile());
        if (type.isEmpty() || tcp.isEmpty() || tcp.get().asLong() <= 0 || tcp.get().asLong() > 0xFFFF) {
            return new Stored(false, load);
        }
        int udpPort = Tag.find(tags, KadTags.SOURCEUPORT).filter(Tag::isInteger).map(t -> (int) t.asLong())
                .filter(p -> p > 0 && p <= 0xFFFF).orElse(fromPort);
        long size = Tag.find(tags, KadTags.FILESIZE).map(KadIndex::sizeOf).orElse(0L);
        // what searchers receive: the source IP first (aMule adds it), then the published tags, with a UDP port
        List<Tag> stored = new ArrayList<>();
        stored.add(Tag.integer(KadTags.SOURCEIP, Integer.toUnsignedLong(KadContactEntry.ipValue(from))));
        for (Tag t : tags) {
            if (!t.hasId(KadTags.SOURCEIP)) {
                stored.add(t);
            }
        }
        if (Tag.find(tags, KadTags.SOURCEUPORT).isEmpty()) {
            stored.add(Tag.integer(KadTags.SOURCEUPORT, udpPort));
        }
        String key = from.getHostAddress() + ":" + tcp.get().asLong();
        SourceEntry entry = new SourceEntry(source, from, (int) tcp.get().asLong(), udpPort, size, stored,
                now + limits.sourceLifetimeMillis());
        if (list == null) {
            list = new LinkedHashMap<>();
            sources.put(file, list);
        }
        if (list.remove(key) != null) {
            list.put(key, entry);
            return new Stored(true, Math.max(1, load));
        }
        if (list.size() >= limits.maxSourcesPerFile()) {
            // full: the oldest source gives way, as in aMule
            Iterator<String> oldest = list.keySet().iterator();
            oldest.next();
            oldest.remove();
            list.put(key, entry);
            return new Stored(true, 100);
        }
        if (sourceEntries >= limits.maxSources()) {
            if (list.isEmpty()) {
                sources.remove(file);
            }
            return new Stored(false, 100);
        }
        list.put(key, entry);
        sourceEntries++;
        return new Stored(true, Math.max(1, load));
    }

    /**
     * Entries under {@code keyword} that match {@code expression} (all when empty), from index {@code start}, at
     * most {@link #MAX_RESULTS}, each with its tags and a TAG_PUBLISHINFO as aMule sends them.
     */
    public List<KadMessage.Entry> keywordResults(KadId keyword, Optional<SearchExpression> expression, int start,
                                                 long now) {
        Map<KadId, KeywordEntry> files = keywords.get(keyword);
        List<KadMessage.Entry> out = new ArrayList<>();
        if (files == null) {
            return out;
        }
        int skipped = 0;
        for (KeywordEntry e : files.values()) {
            if (e.expiresAt() <= now || expression.isPresent() && !SearchMatcher.matches(expression.get(), e)) {
                continue;
            }
            if (skipped++ < start) {
                continue;
            }
            List<Tag> tags = new ArrayList<>();
            tags.add(Tag.string(KadTags.FILENAME, e.name()));
            tags.add(Tag.integer(KadTags.FILESIZE, e.size()));
            tags.addAll(e.tags());
            // <different names u8><publishers u8><trust u16 (x100)>: one name per entry here, full trust
            long publishInfo = 1L << 24 | (long) Math.min(255, e.publishers().size()) << 16 | 100;
            tags.add(Tag.uint32(KadTags.PUBLISHINFO, publishInfo));
            out.add(new KadMessage.Entry(e.file(), tags));
            if (out.size() >= MAX_RESULTS) {
                break;
            }
        }
        return out;
    }

    /** Sources of {@code file} (of this size, when both sides know it), from index {@code start}, at most 300. */
    public List<KadMessage.Entry> sourceResults(KadId file, int start, long size, long now) {
        Map<String, SourceEntry> list = sources.get(file);
        List<KadMessage.Entry> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        int skipped = 0;
        for (SourceEntry e : list.values()) {
            if (e.expiresAt() <= now || size != 0 && e.size() != 0 && e.size() != size) {
                continue;
            }
            if (skipped++ < start) {
                continue;
            }
            out.add(new KadMessage.Entry(e.source(), e.tags()));
            if (out.size() >= MAX_RESULTS) {
                break;
            }
        }
        return out;
    }

    /** Drops expired entries. */
    public void expire(long now) {
        for (Iterator<Map<KadId, KeywordEntry>> it = keywords.values().iterator(); it.hasNext(); ) {
            Map<KadId, KeywordEntry> files = it.next();
            int before = files.size();
            files.values().removeIf(e -> e.expiresAt() <= now);
            keywordEntries -= before - files.size();
            if (files.isEmpty()) {
                it.remove();
            }
        }
        for (Iterator<LinkedHashMap<String, SourceEntry>> it = sources.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<String, SourceEntry> list = it.next();
            int before = list.size();
            list.values().removeIf(e -> e.expiresAt() <= now);
            sourceEntries -= before - list.size();
            if (list.isEmpty()) {
                it.remove();
            }
        }
    }

    /** A size tag's value: any integer width, or the 8-byte BSOB Kad1-era publishers send. */
    public static long sizeOf(Tag t) {
        if (t.isInteger()) {
            return t.asLong();
        }
        if (t.value() instanceof Tag.Bsob b && b.bytes().length() == 8) {
            byte[] v = b.bytes().toArray();
            long size = 0;
            for (int i = 7; i >= 0; i--) {
                size = size << 8 | (v[i] & 0xFF);
            }
            return size;
        }
        return -1;
    }
}
