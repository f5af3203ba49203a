package org.crossnet.engine.transfer;

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
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.InfoHash;

/**
 * What the engine needs from a .torrent (BEP 3, BEP 12) to create a transfer: its identity (SHA-1 over the raw info
 * bytes as received, never re-encoded), name, total length and trackers. The BitTorrent adapter reads the rest.
 *
 * @param files    path components of each file; a single-file torrent has one entry holding its name
 * @param trackers announce URLs, announce-list tiers flattened in order, without duplicates
 */
public record TorrentMetainfo(ContentId content, List<List<String>> files, List<String> trackers, boolean privateFlag) {
    /** Largest .torrent accepted. */
    public static final int MAX_SIZE = 10 << 20;

    public TorrentMetainfo {
        files = files.stream().map(List::copyOf).toList();
        trackers = List.copyOf(trackers);
    }

    /**
     * Parses and checks a .torrent.
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "torrent: … (expected: …)"}
     */
    public static TorrentMetainfo parse(byte[] torrent) {
        if (torrent == null || torrent.length == 0) {
            throw GatewayException.invalid("torrent", "empty", "the bytes of a .torrent file");
        }
        if (torrent.length > MAX_SIZE) {
            throw GatewayException.invalid("torrent", torrent.length + " bytes", "at most " + MAX_SIZE + " bytes");
        }
        BDictionary root;
        try {
            root = new BencodeDecoder().decodeDictionary(torrent);
        } catch (BencodeException e) {
            throw GatewayException.invalid("torrent", "malformed bencode", e.getMessage());
        }
        BDictionary info = dict(root, "info", "torrent");
        Bytes raw = info.raw().orElseThrow(() -> GatewayException.invalid("torrent.info", "no raw bytes",
                "a decoded info dictionary"));
        String name = text(info, "name");
        long pieceLength = integer(info, "piece length");
        if (pieceLength <= 0 || pieceLength > (1L << 30)) {
            throw GatewayException.invalid("info.piece length", pieceLength, "1..2^30");
        }
        Bytes pieces = string(info, "pieces");
        if (pieces.length() == 0 || pieces.length() % 20 != 0) {
            throw GatewayException.invalid("info.pieces", pieces.length() + " bytes", "a non-empty multiple of 20");
        }
        List<List<String>> files = new ArrayList<>();
        long total;
        Optional<BValue> length = info.get("length");
        if (length.isPresent()) {
            total = integer(info, "length");
            if (total < 0) {
                throw GatewayException.invalid("info.length", total, ">= 0");
            }
            files.add(List.of(name));
        } else {
            BList list = list(info, "files");
            if (list.values().isEmpty()) {
                throw GatewayException.invalid("info.files", "empty", "at least one file");
            }
            total = 0;
            for (BValue v : list.values()) {
                if (!(v instanceof BDictionary file)) {
                    throw GatewayException.invalid("info.files[]", "not a dictionary", "a dictionary");
                }
                long fileLength = integer(file, "length");
                if (fileLength < 0) {
                    throw GatewayException.invalid("info.files[].length", fileLength, ">= 0");
                }
                total = Math.addExact(total, fileLength);
                List<String> path = new ArrayList<>();
                for (BValue component : list(file, "path").values()) {
                    if (!(component instanceof BString s)) {
                        throw GatewayException.invalid("info.files[].path[]", "not a string", "a string");
                    }
                    path.add(s.utf8());
                }
                if (path.isEmpty()) {
                    throw GatewayException.invalid("info.files[].path", "empty", "at least one component");
                }
                files.add(path);
            }
        }
        long expectedPieces = total == 0 ? 1 : (total + pieceLength - 1) / pieceLength;
        if (pieces.length() / 20 != expectedPieces) {
            throw GatewayException.invalid("info.pieces", pieces.length() / 20 + " hashes", expectedPieces
                    + " hashes for " + total + " bytes in pieces of " + pieceLength);
        }
        boolean isPrivate = info.get("private").filter(v -> v instanceof BInteger i && i.value() == 1).isPresent();
        ContentId content = new ContentId(total, name, null, null, null, null, new InfoHash(Bytes.of(sha1(raw.toArray()))));
        return new TorrentMetainfo(content, files, trackers(root), isPrivate);
    }

    private static List<String> trackers(BDictionary root) {
        Set<String> urls = new LinkedHashSet<>();
        root.get("announce").filter(v -> v instanceof BString).map(v -> ((BString) v).utf8()).ifPresent(urls::add);
        root.get("announce-list").filter(v -> v instanceof BList).ifPresent(tiers -> {
            for (BValue tier : ((BList) tiers).values()) {
                if (tier instanceof BList urlsInTier) {
                    for (BValue url : urlsInTier.values()) {
                        if (url instanceof BString s) {
                            urls.add(s.utf8());
                        }
                    }
                }
            }
        });
        return new ArrayList<>(urls);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    private static BDictionary dict(BDictionary d, String key, String where) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid(where + "." + key, "missing", "a dictionary"));
        if (!(v instanceof BDictionary result)) {
            throw GatewayException.invalid(where + "." + key, "not a dictionary", "a dictionary");
        }
        return result;
    }

    private static BList list(BDictionary d, String key) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid("info." + key, "missing", "a list"));
        if (!(v instanceof BList result)) {
            throw GatewayException.invalid("info." + key, "not a list", "a list");
        }
        return result;
    }

    private static Bytes string(BDictionary d, String key) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid("info." + key, "missing", "a string"));
        if (!(v instanceof BString result)) {
            throw GatewayException.invalid("info." + key, "not a string", "a string");
        }
        return result.value();
    }

    private static String text(BDictionary d, String key) {
        String s = new String(string(d, key).toArray(), java.nio.charset.StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            throw GatewayException.invalid("info." + key, "empty", "a non-empty name");
        }
        return s;
    }

    private static long integer(BDictionary d, String key) {
        BValue v = d.get(key).orElseThrow(() -> GatewayException.invalid("info." + key, "missing", "an integer"));
        if (!(v instanceof BInteger result)) {
            throw GatewayException.invalid("info." + key, "not an integer", "an integer");
        }
        return result.value();
    }
}
