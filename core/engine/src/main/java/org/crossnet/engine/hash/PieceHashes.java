package org.crossnet.engine.hash;

import java.security.DigestException;
import java.security.MessageDigest;

/** Streams a file into its BitTorrent v1 piece hashes: SHA-1 of each piece, the last one possibly short. Not thread-safe. */
final class PieceHashes {
    private static final int SHA1_SIZE = 20;

    private final MessageDigest sha1 = FileHasher.sha1();
    private final int pieceLength;
    private final byte[] pieces;
    private int count;
    private int inPiece;

    PieceHashes(long size, int pieceLength) {
        this.pieceLength = pieceLength;
        long n = (size + pieceLength - 1) / pieceLength;
        if (n * SHA1_SIZE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("size: " + size + " (expected: fewer than 100M pieces of "
                    + pieceLength + " bytes)");
        }
        this.pieces = new byte[(int) n * SHA1_SIZE];
    }

    void update(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, pieceLength - inPiece);
            sha1.update(buf, off, n);
            off += n;
            len -= n;
            inPiece += n;
            if (inPiece == pieceLength) {
                finishPiece();
            }
        }
    }

    /** The concatenated piece hashes; call once, after the last update. */
    byte[] pieces() {
        if (inPiece > 0) {
            finishPiece();
        }
        return pieces;
    }

    private void finishPiece() {
        try {
            sha1.digest(pieces, count * SHA1_SIZE, SHA1_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("pieces: digest failed (expected: 20 bytes of room)", e);
        }
        count++;
        inPiece = 0;
    }
}
