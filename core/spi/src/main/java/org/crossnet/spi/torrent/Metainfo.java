package org.crossnet.spi.torrent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeException;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.InfoHash;

/**
 * BitTorrent v1 metainfo (BEP 3), with announce-list tiers (BEP 12), the private flag (BEP 27) and web seeds
 * (BEP 19). The infohash is the SHA-1 of the info dictionary's bytes exactly as received, never re-encoded. Used by
 * the engine (transfer.addTorrent, file layout) and the BitTorrent adapter (pieces, trackers). Immutable.
 *
 * @param infoBytes     the bencoded info dictionary as received
 * @param pieces        the concatenated 20-byte SHA-1 piece hashes
 * @param files         the files in order, with their offsets; a single-file torrent has one, named {@code name}
 * @param singleFile    true for the single-file form ({@code length} in info)
 * @param announceTiers tracker URLs by tier: announce-list when present, else announce as the one tier
 */
public record Metainfo(InfoHash infoHash, Bytes infoBytes, String name, int pieceLength, Bytes pieces,
                       List<ContentFile> files, boolean singleFile, long totalLength, boolean privateFlag,
                       List<List<String>> announceTiers, List<String> webSeeds) {
    /** Largest .torrent accepted. */
    public static final int MAX_TORRENT_SIZE = 10 << 20;
    /** Most files in one torrent. */
    public static final int MAX_FILES = 100_000;
    /** Largest piece length accepted (BEP 3 sets none; 128 MiB is far above what clients create). */
    public static final int MAX_PIECE_LENGTH = 128 << 20;

    public Metainfo {
        files = List.copyOf(files);
        announceTiers = announceTiers.stream().map(List::copyOf).toList();
        webSeeds = List.copyOf(webSeeds);
    }

    /**
     * Parses a whole .torrent file.
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "torrent…: … (expected: …)"}
     */
    public static Metainfo parseTorrent(byte[] torrent) {
        if (torrent == null || torrent.length == 0) {
            throw GatewayException.invalid("torrent", "empty", "the bytes of a .torrent file");
        }
        if (torrent.length > MAX_TORRENT_SIZE) {
            throw GatewayException.invalid("torrent", torrent.length + " bytes", "at most " + MAX_TORRENT_SIZE);
        }
        BDictionary root = decode(torrent, "torrent");
        BValue info = root.get("info").orElseThrow(() -> GatewayException.invalid("torrent.info", "missing",
                "a dictionary"));
        if (!(info instanceof BDictionary infoDict) || infoDict.raw().isEmpty()) {
            throw GatewayException.invalid("torrent.info", "not a dictionary", "a dictionary");
        }
        return fromInfo(infoDict, trackers(root), webSeeds(root));
    }

    /**
     * Parses an info dictionary fetched on its own (ut_metadata, BEP 9), with trackers known from elsewhere.
     *
     * @throws GatewayException INVALID_ARGUMENT when malformed
     */
    public static Metainfo parseInfo(byte[] infoBytes, List<List<String>> announceTiers) {
        return fromInfo(decode(infoBytes, "info"), announceTiers, List.of());
    }

    /** The content identity: btih, name, total length. */
    public ContentId contentId() {
        return new ContentId(totalLength, name, null, null, null, null, infoHash);
    }

    /** Number of pieces. */
    public int pieceCount() {
        return pieces.length() / 20;
    }

    /** The SHA-1 of piece {@code index}. */
    public byte[] pieceHash(int index) {
        byte[] hash = new byte[20];
        for (int i = 0; i < 20; i++) {
            hash[i] = pieces.get(index * 20 + i);
        }
        return hash;
    }

    /** Bytes in piece {@code index} (the last may be short). */
    public int pieceSize(int index) {
        long start = (long) index * pieceLength;
        return (int) Math.min(pieceLength, totalLength - start);
    }

    /** Tracker URLs in tier order, without duplicates. */
    public List<String> trackers() {
        Set<String> urls = new LinkedHashSet<>();
        announceTiers.forEach(urls::addAll);
        return new ArrayList<>(urls);
    }

    private static BDictionary decode(byte[] bytes, String what) {
        try {
            return new BencodeDecoder().decodeDictionary(bytes);
        } catch (BencodeException e) {
            throw GatewayException.invalid(what, "malformed bencode", e.getMessage());
        }
    }

    private static Metainfo fromInfo(BDictionary info, List<List<String>> tiers, List<String> webSeeds) {
        Bytes raw = info.raw().orElseThrow(() -> GatewayException.invalid("info", "no raw bytes",
                "a decoded info dictionary"));
        String name = text(info, "name", "info.name");
        if (name.isEmpty()) {
            throw GatewayException.invalid("info.name", "empty", "a non-empty name");
        }
        long pieceLength = integer(info, "piece length", "info.piece length");
        if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH) {
            throw GatewayException.invalid("info.piece length", pieceLength, "1.." + MAX_PIECE_LENGTH);
        }
        Bytes pieces = string(info, "pieces", "info.pieces");
        if (pieces.length() % 20 != 0) {
            throw GatewayException.invalid("info.pieces", pieces.length() + " bytes", "a multiple of 20");
        }
        List<ContentFile> files = new ArrayList<>();
        boolean single = info.get("length").isPresent();
        long total = 0;
        if (single) {
            total = integer(info, "length", "info.length");
            if (total < 0) {
                throw GatewayException.invalid("info.length", total, ">= 0");
            }
            files.add(new ContentFile(List.of(name), total, 0));
        } else {
            BList list = list(info, "files", "info.files");
            if (list.values().isEmpty() || list.values().size() > MAX_FILES) {
                throw GatewayException.invalid("info.files", list.values().size() + " files", "1.." + MAX_FILES);
            }
            for (BValue v : list.values()) {
                if (!(v instanceof BDictionary file)) {
                    throw GatewayException.invalid("info.files[]", "not a dictionary", "a dictionary");
                }
                long length = integer(file, "length", "info.files[].length");
                if (length < 0) {
                    throw GatewayException.invalid("info.files[].length", length, ">= 0");
                }
                List<String> path = new ArrayList<>();
                for (BValue component : list(file, "path", "info.files[].path").values()) {
                    if (!(component instanceof BString s)) {
                        throw GatewayException.invalid("info.files[].path[]", "not a string", "a string");
                    }
                    path.add(s.utf8());
                }
                if (path.isEmpty()) {
                    throw GatewayException.invalid("info.files[].path", "empty", "at least one component");
                }
                files.add(new ContentFile(path, length, total));
                try {
                    total = Math.addExact(total, length);
                } catch (ArithmeticException e) {
                    throw GatewayException.invalid("info.files[].length", length, "a total below 2^63");
                }
            }
        }
        long expected = (total + pieceLength - 1) / pieceLength;
        if (pieces.length() / 20 != expected) {
            throw GatewayException.invalid("info.pieces", pieces.length() / 20 + " hashes", expected
                    + " hashes for " + total + " bytes in pieces of " + pieceLength);
        }
        boolean isPrivate = info.get("private").filter(v -> v instanceof BInteger i && i.value() == 1).isPresent();
        return new Metainfo(new InfoHash(Bytes.of(sha1(raw.toArray()))), raw, name, (int) pieceLength, pieces, files,
                single, total, isPrivate, tiers, webSeeds);
    }

    private static List<List<String>> trackers(BDictionary root) {
        List<List<String>> tiers = new ArrayList<>();
        Optional<BValue> announceList = root.get("announce-list");
        if (announceList.isPresent() && announceList.get() instanceof BList list) {
            for (BValue tier : list.values()) {
                if (tier instanceof BList urls) {
                    List<String> t = new ArrayList<>();
                    for (BValue url : urls.values()) {
                        if (url instanceof BString s && !s.utf8().isBlank()) {
                            t.add(s.utf8());
                        }
                    }
                    if (!t.isEmpty()) {
                        tiers.add(t);
                    }
                }
            }
        }
        if (tiers.isEmpty()) {
            root.get("announce").filter(v -> v instanceof BString).map(v -> ((BString) v).utf8())
                    .filter(u -> !u.isBlank()).ifPresent(u -> tiers.add(List.of(u)));
        }
        return tiers;
    }

    private static List<String> webSeeds(BDictionary root) {
        List<String> seeds = new ArrayList<>();
        root.get("url-list").ifPresent(v -> {
            if (v instanceof BString s) {
                seeds.add(s.utf8());
            } else if (v instanceof BList l) {
                l.values().stream().filter(x -> x instanceof BString).forEach(x -> seeds.add(((BString) x).utf8()));
            }
        });
        return seeds;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    private static BList list(BDictionary d, String key, String field) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid(field, "missing", "a list"));
        if (!(v instanceof BList result)) {
            throw GatewayException.invalid(field, "not a list", "a list");
        }
        return result;
    }

    private static Bytes string(BDictionary d, String key, String field) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid(field, "missing", "a string"));
        if (!(v instanceof BString result)) {
            throw GatewayException.invalid(field, "not a string", "a string");
        }
        return result.value();
    }

    private static String text(BDictionary d, String key, String field) {
        return new String(string(d, key, field).toArray(), StandardCharsets.UTF_8);
    }

    private static long integer(BDictionary d, String key, String field) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid(field, "missing", "an integer"));
        if (!(v instanceof BInteger result)) {
            throw GatewayException.invalid(field, "not an integer", "an integer");
        }
        return result.value();
    }
}
