package org.crossnet.spi.hash;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes the data of one AICH part (at most 9,728,000 bytes) into its block hashes: SHA-1 over each 184,320-byte
 * block, the last one shorter. Feed exactly {@code partLength} bytes, then read {@link #blockHashes()}; {@link #reset}
 * starts the next part with the same digest. Not thread-safe.
 */
public final class AichBlockHasher {
    private final MessageDigest sha1 = sha1();
    private final byte[] hashes = new byte[AichTree.MAX_BLOCKS_PER_PART * AichTree.HASH_SIZE];
    private long partLength;
    private long inPart;
    private int inBlock;
    private int blocks;

    /** @param partLength bytes of the part, 1..9,728,000 */
    public AichBlockHasher(long partLength) {
        reset(partLength);
    }

    /** Starts over with a part of {@code partLength} bytes. */
    public void reset(long partLength) {
        if (partLength <= 0 || partLength > AichTree.PART_SIZE) {
            throw new IllegalArgumentException("partLength: " + partLength + " (expected: 1.." + AichTree.PART_SIZE
                    + ")");
        }
        this.partLength = partLength;
        this.inPart = 0;
        this.inBlock = 0;
        this.blocks = 0;
        sha1.reset();
    }

    public void update(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = take(len);
            sha1.update(buf, off, n);
            off += n;
            len -= n;
            advance(n);
        }
    }

    /** Consumes {@code buf} from position to limit. */
    public void update(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            int n = take(buf.remaining());
            ByteBuffer slice = buf.duplicate();
            slice.limit(slice.position() + n);
            sha1.update(slice);
            buf.position(buf.position() + n);
            advance(n);
        }
    }

    private int take(int len) {
        if (inPart == partLength) {
            throw new IllegalStateException("part: " + len + " bytes past its end (expected: at most " + partLength
                    + " bytes)");
        }
        return (int) Math.min(Math.min(len, AichTree.BLOCK_SIZE - inBlock), partLength - inPart);
    }

    private void advance(int n) {
        inBlock += n;
        inPart += n;
        if (inBlock == AichTree.BLOCK_SIZE || inPart == partLength) {
            try {
                sha1.digest(hashes, blocks * AichTree.HASH_SIZE, AichTree.HASH_SIZE);
            } catch (DigestException e) {
                throw new IllegalStateException("sha1: digest failed (expected: 20 bytes of room)", e);
            }
            blocks++;
            inBlock = 0;
        }
    }

    /** Whether the whole part went through {@link #update}. */
    public boolean done() {
        return inPart == partLength;
    }

    /** Blocks of the part: {@code ceil(partLength / 184,320)}. */
    public int blockCount() {
        return AichTree.blockCount(partLength);
    }

    /** The block hashes, 20 bytes each in file order; only once the part is {@link #done()}. */
    public byte[] blockHashes() {
        if (!done()) {
            throw new IllegalStateException("part: " + inPart + " of " + partLength + " bytes hashed (expected: all)");
        }
        byte[] out = new byte[blocks * AichTree.HASH_SIZE];
        System.arraycopy(hashes, 0, out, 0, out.length);
        return out;
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1: missing (expected: every JDK provides it)", e);
        }
    }
}
