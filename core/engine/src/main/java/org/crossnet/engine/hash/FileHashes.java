package org.crossnet.engine.hash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BValue;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Everything {@link FileHasher} learned about one file. Immutable.
 *
 * @param contentId       size, file name and all five identities (sha1, ed2k, aich, tth, btih)
 * @param ed2kPartHashes  the ed2k hashset: one MD4 per 9,728,000-byte part, plus MD4("") when the size is an exact
 *                        multiple of the part size; empty for a file shorter than one part
 * @param infoDictionary  the bencoded single-file info dictionary whose SHA-1 is the btih:
 *                        {@code d6:lengthi…e4:name…12:piece lengthi…e6:pieces…e}
 * @param pieceLength     the torrent piece length, see {@link FileHasher#pieceLengthFor(long)}
 */
public record FileHashes(ContentId contentId, List<Ed2kHash> ed2kPartHashes, Bytes infoDictionary, int pieceLength) {
    /** What the torrent's "created by" says. */
    public static final String CREATED_BY = "Crossnet";

    public FileHashes {
        if (contentId == null || infoDictionary == null) {
            throw new IllegalArgumentException("contentId, infoDictionary: null (expected: both present)");
        }
        ed2kPartHashes = List.copyOf(ed2kPartHashes);
    }

    /**
     * A complete single-file .torrent (BEP 3): {@code announce} (the first tracker) and, when more than one tracker is
     * given, {@code announce-list} (BEP 12), then {@code created by}, {@code creation date} when given, and
     * {@code info} byte for byte as {@link #infoDictionary()}, so the torrent's infohash is {@code contentId().btih()}.
     *
     * @param announceTiers tracker URLs by tier, possibly empty (a trackerless torrent for DHT and magnets)
     * @param creationDate  nullable; omitted when null
     */
    public Bytes torrent(List<List<String>> announceTiers, Instant creationDate) {
        BDictionary.Builder torrent = BDictionary.builder();
        List<BValue> tiers = new ArrayList<>();
        int trackers = 0;
        for (List<String> tier : announceTiers) {
            List<BValue> urls = new ArrayList<>();
            for (String url : tier) {
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("announce: '" + url + "' (expected: a tracker URL)");
                }
                urls.add(BString.of(url));
                if (trackers++ == 0) {
                    torrent.put("announce", url);
                }
            }
            if (!urls.isEmpty()) {
                tiers.add(new BList(urls));
            }
        }
        if (trackers > 1) {
            torrent.put("announce-list", new BList(tiers));
        }
        torrent.put("created by", CREATED_BY);
        if (creationDate != null) {
            torrent.put("creation date", new BInteger(creationDate.getEpochSecond()));
        }
        // the info dictionary was encoded canonically, so the strict decoder accepts it and re-encodes it unchanged
        torrent.put("info", new BencodeDecoder().decodeDictionary(infoDictionary.toArray()));
        return Bytes.of(BencodeEncoder.encode(torrent.build()));
    }
}
