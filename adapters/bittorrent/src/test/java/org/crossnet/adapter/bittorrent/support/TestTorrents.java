package org.crossnet.adapter.bittorrent.support;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.torrent.Metainfo;

/** Builds single-file torrents over random data for tests. */
public final class TestTorrents {
    private TestTorrents() {
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The bencoded info dictionary of a single-file torrent. */
    public static byte[] info(String name, byte[] data, int pieceLength) {
        int pieces = (data.length + pieceLength - 1) / pieceLength;
        byte[] hashes = new byte[pieces * 20];
        for (int i = 0; i < pieces; i++) {
            byte[] piece = Arrays.copyOfRange(data, i * pieceLength, Math.min(data.length, (i + 1) * pieceLength));
            System.arraycopy(sha1(piece), 0, hashes, i * 20, 20);
        }
        return BencodeEncoder.encode(BDictionary.builder().put("name", name).put("length", data.length)
                .put("piece length", pieceLength).put("pieces", BString.of(hashes)).build());
    }

    /** A whole .torrent around {@code info}, with optional announce URLs (one tier). */
    public static byte[] torrent(byte[] info, List<String> announce) {
        BDictionary.Builder root = BDictionary.builder();
        if (!announce.isEmpty()) {
            root.put("announce", announce.get(0));
            root.put("announce-list", BList.of(new BList(announce.stream().map(u -> (org.crossnet.spi.bencode.BValue)
                    BString.of(u)).toList())));
        }
        byte[] dict = BencodeEncoder.encode(root.build());
        // Splice the info bytes in as they are (BDictionary of a decoded value would re-encode identically anyway).
        byte[] infoKey = "4:info".getBytes();
        byte[] out = new byte[dict.length - 1 + infoKey.length + info.length + 1];
        System.arraycopy(dict, 0, out, 0, dict.length - 1);
        System.arraycopy(infoKey, 0, out, dict.length - 1, infoKey.length);
        System.arraycopy(info, 0, out, dict.length - 1 + infoKey.length, info.length);
        out[out.length - 1] = 'e';
        return out;
    }

    public static Metainfo meta(byte[] info) {
        return Metainfo.parseInfo(info, List.of());
    }

    public static Bytes bytes(byte[] b) {
        return Bytes.of(b);
    }

    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
