package org.crossnet.app.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.TigerDigest;

/**
 * Content identities computed here from the file's bytes, independently of the engine's hashers, to check that what
 * the APIs report is right and not merely the same everywhere; plus a minimal bencode reader for the .torrent.
 */
final class IndependentHashes {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int ED2K_PART = 9_728_000;
    private static final int TTH_LEAF = 1024;

    private IndependentHashes() {
    }

    /** SHA-1, base32 as on the wire. */
    static String sha1(byte[] data) {
        return base32(digest("SHA-1", data));
    }

    /** The ed2k hash, hex, of a file smaller than one 9 728 000-byte part: the MD4 of its bytes. */
    static String ed2k(byte[] data) {
        if (data.length >= ED2K_PART) {
            throw new IllegalArgumentException("data: " + data.length + " bytes (expected: below " + ED2K_PART + ")");
        }
        return HexFormat.of().formatHex(run(new MD4Digest(), data));
    }

    /**
     * The ed2k hash, hex, of a file of any size (eMule's rule): the MD4 of its bytes below one 9 728 000-byte part;
     * from one part up the MD4 of the concatenated MD4s of its parts, with the MD4 of an empty last part appended
     * when the size is an exact multiple of the part size.
     */
    static String ed2kAnySize(byte[] data) {
        if (data.length < ED2K_PART) {
            return ed2k(data);
        }
        MD4Digest outer = new MD4Digest();
        for (int offset = 0; offset <= data.length; offset += ED2K_PART) {
            if (offset == data.length && data.length % ED2K_PART != 0) {
                break;
            }
            byte[] part = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + ED2K_PART));
            byte[] partHash = run(new MD4Digest(), part);
            outer.update(partHash, 0, partHash.length);
        }
        byte[] out = new byte[outer.getDigestSize()];
        outer.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    /** The Tiger Tree root (THEX: 1024-byte leaves prefixed 0x00, nodes prefixed 0x01), base32. */
    static String tth(byte[] data) {
        List<byte[]> level = new ArrayList<>();
        for (int offset = 0; offset == 0 || offset < data.length; offset += TTH_LEAF) {
            byte[] leaf = new byte[1 + Math.min(TTH_LEAF, data.length - offset)];
            System.arraycopy(data, offset, leaf, 1, leaf.length - 1);
            level.add(run(new TigerDigest(), leaf));
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 == level.size()) {
                    up.add(level.get(i));
                } else {
                    byte[] node = new byte[1 + 48];
                    node[0] = 1;
                    System.arraycopy(level.get(i), 0, node, 1, 24);
                    System.arraycopy(level.get(i + 1), 0, node, 25, 24);
                    up.add(run(new TigerDigest(), node));
                }
            }
            level = up;
        }
        return base32(level.get(0));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + ": missing (expected: every JDK provides it)", e);
        }
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static byte[] run(Digest digest, byte[] data) {
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** A bencoded dictionary's values (byte strings as byte[], integers as Long) and its raw {@code info} bytes. */
    record Torrent(Map<String, Object> info, byte[] infoBytes) {
    }

    /** Reads a single .torrent (BEP 3): the top-level dictionary's {@code info} member. */
    static Torrent torrent(byte[] bytes) {
        Bencode reader = new Bencode(bytes);
        Map<String, Object> top = reader.dictionary();
        if (reader.at != bytes.length) {
            throw new IllegalArgumentException("torrent: " + (bytes.length - reader.at) + " trailing bytes");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) top.get("info");
        if (info == null) {
            throw new IllegalArgumentException("torrent: no info dictionary");
        }
        return new Torrent(info, Arrays.copyOfRange(bytes, reader.infoStart, reader.infoEnd));
    }

    /** Just enough bencode: strings, integers, lists, dictionaries; remembers where the top-level info value lies. */
    private static final class Bencode {
        private final byte[] in;
        private int at;
        private int depth;
        private int infoStart = -1;
        private int infoEnd = -1;

        Bencode(byte[] in) {
            this.in = in;
        }

        Object value() {
            byte b = in[at];
            if (b == 'd') {
                return dictionary();
            }
            if (b == 'l') {
                at++;
                List<Object> list = new ArrayList<>();
                while (in[at] != 'e') {
                    list.add(value());
                }
                at++;
                return list;
            }
            if (b == 'i') {
                int end = indexOf('e', at);
                long value = Long.parseLong(new String(in, at + 1, end - at - 1, StandardCharsets.US_ASCII));
                at = end + 1;
                return value;
            }
            int colon = indexOf(':', at);
            int length = Integer.parseInt(new String(in, at, colon - at, StandardCharsets.US_ASCII));
            at = colon + 1 + length;
            return Arrays.copyOfRange(in, colon + 1, colon + 1 + length);
        }

        Map<String, Object> dictionary() {
            if (in[at] != 'd') {
                throw new IllegalArgumentException("bencode: '" + (char) in[at] + "' at " + at + " (expected: d)");
            }
            at++;
            depth++;
            Map<String, Object> map = new LinkedHashMap<>();
            while (in[at] != 'e') {
                String key = new String((byte[]) value(), StandardCharsets.UTF_8);
                int start = at;
                Object value = value();
                if (depth == 1 && key.equals("info")) {
                    infoStart = start;
                    infoEnd = at;
                }
                map.put(key, value);
            }
            at++;
            depth--;
            return map;
        }

        private int indexOf(char c, int from) {
            for (int i = from; i < in.length; i++) {
                if (in[i] == c) {
                    return i;
                }
            }
            throw new IllegalArgumentException("bencode: no '" + c + "' after " + from);
        }
    }
}
