package org.crossnet.adapter.bittorrent.storage;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 checks of pieces and metadata (BEP 3: a piece counts only once its SHA-1 matches the metainfo). */
public final class PieceCheck {
    private PieceCheck() {
    }

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** The SHA-1 of {@code data}. */
    public static byte[] sha1(byte[] data) {
        return sha1Digest().digest(data);
    }

    /** The SHA-1 of the readable bytes of {@code data} (not consumed), heap or direct. */
    public static byte[] sha1(ByteBuf data) {
        MessageDigest md = sha1Digest();
        for (ByteBuffer part : data.nioBuffers(data.readerIndex(), data.readableBytes())) {
            md.update(part);
        }
        return md.digest();
    }

    /** True when {@code data} hashes to {@code expected}. Constant-time compare is not needed: hashes are public. */
    public static boolean matches(byte[] data, byte[] expected) {
        return MessageDigest.isEqual(sha1(data), expected);
    }

    /** True when the readable bytes of {@code data} hash to {@code expected}. */
    public static boolean matches(ByteBuf data, byte[] expected) {
        return MessageDigest.isEqual(sha1(data), expected);
    }
}
