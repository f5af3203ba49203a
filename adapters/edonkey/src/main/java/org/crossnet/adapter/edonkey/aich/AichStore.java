package org.crossnet.adapter.edonkey.aich;

import java.nio.ByteBuffer;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.hash.AichBlockHasher;

/**
 * AICH work on a transfer's storage: hashing a part's blocks as stored, and dropping a corrupt range without losing
 * the good bytes that share its first and last 16 KiB store blocks. Blocking I/O: call on the transfer's serial
 * executor, never on an event loop.
 */
public final class AichStore {
    private static final int READ_SIZE = 1 << 20;

    private AichStore() {
    }

    /** The block hashes of the part at {@code [partStart, partStart + partLength)} as stored now. */
    public static byte[] blockHashes(StoredContent store, long partStart, long partLength) {
        AichBlockHasher hasher = new AichBlockHasher(partLength);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_SIZE, partLength));
        for (long off = partStart; off < partStart + partLength; ) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), partStart + partLength - off));
            int n = store.read(off, buf);
            if (n <= 0) {
                throw new IllegalStateException("store: short read at " + off + " (expected: "
                        + (partStart + partLength - off) + " more bytes)");
            }
            buf.flip();
            hasher.update(buf);
            off += n;
        }
        return hasher.blockHashes();
    }

    /**
     * Reports {@code unit} corrupt. The store drops whole 16 KiB blocks, and neither part boundaries (9,728,000) nor
     * AICH block boundaries (184,320) are 16 KiB aligned: the store blocks at the range's two ends also hold bytes
     * outside it (good bytes of the neighbouring AICH block or part), which would be lost with it and fail their own
     * check later, blaming honest sources. So those bytes are read before and written back after, unless verified
     * (verified bytes are never dropped).
     *
     * @param size the content's size
     * @return the number of store blocks that lost bytes, as {@link StoredContent#markCorrupt}
     */
    public static int markCorruptKeepingNeighbours(StoredContent store, VerificationUnit unit, long size) {
        long bs = StoredContent.BLOCK_SIZE;
        long headStart = unit.offset() / bs * bs;
        long tailEnd = Math.min(size, (unit.end() + bs - 1) / bs * bs);
        ByteBuffer head = keep(store, headStart, unit.offset());
        ByteBuffer tail = keep(store, unit.end(), tailEnd);
        int dropped = store.markCorrupt(unit);
        if (head != null) {
            store.write(headStart, head);
        }
        if (tail != null) {
            store.write(unit.end(), tail);
        }
        return dropped;
    }

    /** The unverified bytes of [start, end) as stored, or null when there are none to keep. */
    private static ByteBuffer keep(StoredContent store, long start, long end) {
        if (end <= start || store.isVerified(start, end - start)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) (end - start));
        while (b.hasRemaining()) {
            if (store.read(start + b.position(), b) <= 0) {
                return null;
            }
        }
        b.flip();
        return b;
    }
}
