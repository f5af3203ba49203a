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
        return info(name, data, pieceLength, false);
    }

    /** The bencoded info dictionary of a single-file torrent, with {@code private=1} when asked (BEP 27). */
    public static byte[] info(String name, byte[] data, int pieceLength, boolean privateFlag) {
        int pieces = (data.length + pieceLength - 1) / pieceLength;
        byte[] hashes = new byte[pieces * 20];
        for (int i = 0; i < pieces; i++) {
            byte[] piece = Arrays.copyOfRange(data, i * pieceLength, Math.min(data.length, (i + 1) * pieceLength));
            System.arraycopy(sha1(piece), 0, hashes, i * 20, 20);
        }
        BDictionary.Builder dict = BDictionary.builder().put("name", name).put("length", data.length)
                .put("piece length", pieceLength).put("pieces", BString.of(hashes));
        if (privateFlag) {
            dict.put("private", 1);
        }
        return BencodeEncoder.encode(dict.build());
    }

    /** A whole .torrent around {@code info}, with optional announce URLs (one tier). */
    public static byte[] torrent(byte[] info, List<String> announce) {
        return torrentWithTiers(info, announce.isEmpty() ? List.of() : List.of(announce));
    }

    /** A whole .torrent around {@code info} with an announce-list of {@code tiers} (BEP 12). */
    public static byte[] torrentWithTiers(byte[] info, List<List<String>> tiers) {
        return torrent(info, tiers, List.of());
    }

    /** A whole .torrent around {@code info} with announce tiers (BEP 12) and a {@code url-list} (BEP 19). */
    public static byte[] torrent(byte[] info, List<List<String>> tiers, List<String> webSeeds) {
        BDictionary.Builder root = BDictionary.builder();
        if (!webSeeds.isEmpty()) {
            root.put("url-list", new BList(webSeeds.stream().map(u -> (org.crossnet.spi.bencode.BValue)
                    BString.of(u)).toList()));
        }
        if (!tiers.isEmpty()) {
            root.put("announce", tiers.get(0).get(0));
            root.put("announce-list", new BList(tiers.stream().map(tier -> (org.crossnet.spi.bencode.BValue)
                    new BList(tier.stream().map(u -> (org.crossnet.spi.bencode.BValue) BString.of(u)).toList()))
                    .toList()));
        }
        // The info dictionary goes in decoded; our test infos are canonical, so it re-encodes to the same bytes
        // (checked below: the infohash must not change).
        root.put("info", new org.crossnet.spi.bencode.BencodeDecoder().decode(info));
        byte[] out = BencodeEncoder.encode(root.build());
        if (!Metainfo.parseTorrent(out).infoHash().equals(meta(info).infoHash())) {
            throw new IllegalStateException("info: not canonical bencode (expected: re-encodes byte for byte)");
        }
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
