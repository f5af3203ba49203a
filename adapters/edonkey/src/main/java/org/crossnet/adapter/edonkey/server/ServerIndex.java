package org.crossnet.adapter.edonkey.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.spi.model.Ed2kHash;

/**
 * The files logged-in clients offer, by hash, with who offers them. Search evaluates an eD2k search tree against
 * name, size, type and source count. Confined to the server's event loop.
 */
final class ServerIndex {
    /** Most files one client may offer. */
    static final int MAX_FILES_PER_CLIENT = 10_000;
    /** Most results one search returns (eserver sends up to 300 per answer). */
    static final int MAX_RESULTS = 300;

    /** One file and its sources. */
    static final class IndexedFile {
        final Ed2kHash hash;
        String name;
        long size;
        List<Tag> tags;
        final Map<Object, ServerMessage.Endpoint> sources = new LinkedHashMap<>();

        IndexedFile(Ed2kHash hash) {
            this.hash = hash;
        }
    }

    private final Map<Ed2kHash, IndexedFile> files = new LinkedHashMap<>();
    private final Map<Object, List<Ed2kHash>> offeredBy = new LinkedHashMap<>();

    int fileCount() {
        return files.size();
    }

    /**
     * Records what {@code client} offers at {@code endpoint}; entries without a name or a plausible size are skipped.
     * Returns how many were accepted.
     */
    int offer(Object client, ServerMessage.Endpoint endpoint, List<FileEntry> entries) {
        List<Ed2kHash> mine = offeredBy.computeIfAbsent(client, c -> new ArrayList<>());
        int accepted = 0;
        for (FileEntry e : entries) {
            String name = e.name().orElse("");
            long size = e.size();
            if (name.isBlank() || size <= 0 || size > Ed2kWire.MAX_FILE_SIZE || mine.size() >= MAX_FILES_PER_CLIENT) {
                continue;
            }
            IndexedFile f = files.computeIfAbsent(e.file(), IndexedFile::new);
            f.name = name;
            f.size = size;
            f.tags = e.tags();
            f.sources.put(client, endpoint);
            if (!mine.contains(e.file())) {
                mine.add(e.file());
            }
            accepted++;
        }
        return accepted;
    }

    /** {@code client} no longer offers {@code hash}; the file goes when nobody else does. */
    void withdraw(Object client, Ed2kHash hash) {
        List<Ed2kHash> mine = offeredBy.get(client);
        if (mine == null || !mine.remove(hash)) {
            return;
        }
        IndexedFile f = files.get(hash);
        if (f != null) {
            f.sources.remove(client);
            if (f.sources.isEmpty()) {
                files.remove(hash);
            }
        }
    }

    /** The client logged out: its offers go. */
    void remove(Object client) {
        List<Ed2kHash> mine = offeredBy.remove(client);
        if (mine == null) {
            return;
        }
        for (Ed2kHash h : mine) {
            IndexedFile f = files.get(h);
            if (f != null) {
                f.sources.remove(client);
                if (f.sources.isEmpty()) {
                    files.remove(h);
                }
            }
        }
    }

    /** Sources of a file, except {@code asker}. */
    List<ServerMessage.Endpoint> sources(Ed2kHash hash, Object asker) {
        IndexedFile f = files.get(hash);
        List<ServerMessage.Endpoint> out = new ArrayList<>();
        if (f != null) {
            for (Map.Entry<Object, ServerMessage.Endpoint> e : f.sources.entrySet()) {
                if (e.getKey() != asker && out.size() < 255) {
                    out.add(e.getValue());
                }
            }
        }
        return out;
    }

    /** Files matching {@code query}, as result entries naming one source and the source count. */
    List<FileEntry> search(SearchExpr query) {
        List<FileEntry> out = new ArrayList<>();
        for (IndexedFile f : files.values()) {
            if (out.size() >= MAX_RESULTS) {
                break;
            }
            if (!f.sources.isEmpty() && matches(query, f)) {
                ServerMessage.Endpoint src = f.sources.values().iterator().next();
                List<Tag> tags = new ArrayList<>();
                tags.add(Tag.string(Ed2kWire.FT_FILENAME, f.name));
                tags.addAll(FileEntry.sizeTags(f.size));
                tags.add(Tag.uint32(Ed2kWire.FT_SOURCES, f.sources.size()));
                tags.add(Tag.uint32(Ed2kWire.FT_COMPLETE_SOURCES, f.sources.size()));
                type(f).ifPresent(t -> tags.add(Tag.string(Ed2kWire.FT_FILETYPE, t)));
                out.add(new FileEntry(f.hash, src.id(), src.port(), tags));
            }
        }
        return out;
    }

    private static java.util.Optional<String> type(IndexedFile f) {
        return Tag.find(f.tags, Ed2kWire.FT_FILETYPE).filter(t -> t.value() instanceof Tag.Str).map(Tag::asString);
    }

    static boolean matches(SearchExpr e, IndexedFile f) {
        if (e instanceof SearchExpr.Bool b) {
            switch (b.op()) {
                case AND:
                    return matches(b.left(), f) && matches(b.right(), f);
                case OR:
                    return matches(b.left(), f) || matches(b.right(), f);
                default:
                    return matches(b.left(), f) && !matches(b.right(), f);
            }
        }
        if (e instanceof SearchExpr.Keyword k) {
            String word = k.word().toLowerCase(Locale.ROOT).trim();
            return !word.isEmpty() && f.name.toLowerCase(Locale.ROOT).contains(word);
        }
        if (e instanceof SearchExpr.Meta m) {
            if (m.name().equals(new Tag.Id(Ed2kWire.FT_FILETYPE))) {
                return type(f).map(t -> t.equalsIgnoreCase(m.value())).orElse(false);
            }
            if (m.name().equals(new Tag.Id(Ed2kWire.FT_FILEFORMAT))) {
                return f.name.toLowerCase(Locale.ROOT).endsWith("." + m.value().toLowerCase(Locale.ROOT));
            }
            return Tag.find(f.tags, m.name() instanceof Tag.Id id ? id.id() : -1)
                    .filter(t -> t.value() instanceof Tag.Str).map(t -> t.asString().equalsIgnoreCase(m.value()))
                    .orElse(false);
        }
        SearchExpr.Numeric n = (SearchExpr.Numeric) e;
        if (n.name().equals(new Tag.Id(Ed2kWire.FT_FILESIZE))) {
            return n.test(f.size);
        }
        if (n.name().equals(new Tag.Id(Ed2kWire.FT_SOURCES))) {
            return n.test(f.sources.size());
        }
        int id = n.name() instanceof Tag.Id i ? i.id() : -1;
        return Tag.find(f.tags, id).filter(Tag::isInteger).map(t -> n.test(t.asLong())).orElse(false);
    }
}
