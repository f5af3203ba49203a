package org.crossnet.adapter.edonkey.mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;

/** SPI searches to eD2k search trees, and eD2k file entries to SPI hits. Stateless. */
public final class SearchMapping {
    private SearchMapping() {
    }

    /** The eD2k file type string (FT_FILETYPE) of a media class; empty for ANY. */
    public static Optional<String> fileType(MediaType media) {
        switch (media) {
            case AUDIO:
                return Optional.of("Audio");
            case VIDEO:
                return Optional.of("Video");
            case IMAGE:
                return Optional.of("Image");
            case DOCUMENT:
                return Optional.of("Doc");
            case PROGRAM:
                return Optional.of("Pro");
            case ARCHIVE:
                return Optional.of("Arc");
            case CD_IMAGE:
                return Optional.of("Iso");
            default:
                return Optional.empty();
        }
    }

    /** The file type string servers index a file under, guessed from its name's extension as eMule does. */
    public static Optional<String> fileTypeOfName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        switch (ext) {
            case "mp3": case "ogg": case "flac": case "wav": case "aac": case "m4a": case "wma": case "opus":
                return Optional.of("Audio");
            case "avi": case "mkv": case "mp4": case "mpg": case "mpeg": case "mov": case "wmv": case "webm":
                return Optional.of("Video");
            case "jpg": case "jpeg": case "png": case "gif": case "bmp": case "webp": case "tif": case "tiff":
                return Optional.of("Image");
            case "txt": case "pdf": case "doc": case "docx": case "odt": case "rtf": case "epub": case "html":
                return Optional.of("Doc");
            case "exe": case "msi": case "deb": case "rpm": case "apk": case "sh": case "bin":
                return Optional.of("Pro");
            case "zip": case "rar": case "7z": case "gz": case "bz2": case "xz": case "tar":
                return Optional.of("Arc");
            case "iso": case "img": case "nrg": case "cue":
                return Optional.of("Iso");
            default:
                return Optional.empty();
        }
    }

    /**
     * The search tree for a query: every keyword ANDed, the size range as FT_FILESIZE comparisons (u64 values only
     * when the server takes large files), the media class as FT_FILETYPE.
     */
    public static SearchExpr expression(SearchQuery q, boolean largeFiles) {
        SearchExpr e = null;
        for (String k : q.keywords()) {
            e = and(e, new SearchExpr.Keyword(k));
        }
        Tag.Name size = new Tag.Id(Ed2kWire.FT_FILESIZE);
        long cap = largeFiles ? Ed2kWire.MAX_FILE_SIZE : 0xFFFF_FFFFL;
        if (q.minSize() > 0) {
            long v = Math.min(q.minSize() - 1, cap);
            e = and(e, new SearchExpr.Numeric(v, SearchExpr.OP_GREATER, size, v > 0xFFFF_FFFFL));
        }
        if (q.maxSize() < cap) {
            long v = q.maxSize() + 1;
            e = and(e, new SearchExpr.Numeric(v, SearchExpr.OP_LESS, size, v > 0xFFFF_FFFFL));
        }
        Optional<String> type = fileType(q.media());
        if (type.isPresent()) {
            e = and(e, new SearchExpr.Meta(type.get(), new Tag.Id(Ed2kWire.FT_FILETYPE)));
        }
        return e;
    }

    private static SearchExpr and(SearchExpr a, SearchExpr b) {
        return a == null ? b : SearchExpr.and(a, b);
    }

    /**
     * A hit for a search result entry, or empty when it lacks a name or size. A HighID source given with the entry
     * becomes the hit's {@link SearchHit#PEER_HANDLE_KEY} handle.
     */
    public static Optional<SearchHit> hit(FileEntry e, NetworkId network) {
        Optional<String> name = e.name().filter(n -> !n.isBlank());
        long size = e.size();
        if (name.isEmpty() || size <= 0 || size > Ed2kWire.MAX_FILE_SIZE) {
            return Optional.empty();
        }
        String clean = name.get().replaceAll("\\p{Cntrl}", "");
        if (clean.isEmpty()) {
            return Optional.empty();
        }
        int sources = (int) Math.min(Integer.MAX_VALUE, Math.max(0, e.integer(Ed2kWire.FT_SOURCES, 0)));
        Map<String, String> handle = new HashMap<>();
        if (!Ed2kWire.isLowId(e.clientId()) && e.port() > 0 && e.clientId() != FileEntry.COMPLETE_ID
                && e.clientId() != FileEntry.INCOMPLETE_ID) {
            handle.put(SearchHit.PEER_HANDLE_KEY, Ed2kWire.ipOf(e.clientId()) + ":" + e.port());
        }
        ContentId content = new ContentId(size, clean, null, e.file(), null, null, null);
        return Optional.of(new SearchHit(clean, size, content, network, sources, handle));
    }

    /** Tags of a file we offer to a server: name, size (with FT_FILESIZE_HI over 4 GiB), type when known. */
    public static List<Tag> offerTags(String name, long size) {
        List<Tag> tags = new java.util.ArrayList<>();
        tags.add(Tag.string(Ed2kWire.FT_FILENAME, name));
        tags.addAll(FileEntry.sizeTags(size));
        fileTypeOfName(name).ifPresent(t -> tags.add(Tag.string(Ed2kWire.FT_FILETYPE, t)));
        return tags;
    }
}
