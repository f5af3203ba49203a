package org.crossnet.adapter.bittorrent.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 checks of pieces and metadata (BEP 3: a piece counts only once its SHA-1 matches the metainfo). */
public final class PieceCheck {
    private PieceCheck() {
    }

    /** The SHA-1 of {@code data}. */
    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** True when {@code data} hashes to {@code expected}. Constant-time compare is not needed: hashes are public. */
    public static boolean matches(byte[] data, byte[] expected) {
        return MessageDigest.isEqual(sha1(data), expected);
    }
}
