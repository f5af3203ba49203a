package org.crossnet.spi;

import java.nio.ByteBuffer;
import java.util.BitSet;
import org.crossnet.spi.model.TransferId;

/**
 * The storage of one transfer, fed by one or more networks at once. Data is tracked in blocks of
 * {@link #BLOCK_SIZE} bytes; each network verifies data with its own units (BitTorrent pieces, ed2k parts, TTH
 * ranges) and reports them with {@link #markVerified} or {@link #markCorrupt}. A byte counts as verified once any
 * network verified a unit covering it; verified data is never discarded.
 *
 * <p>Thread-safe. {@link #write} and {@link #read} do blocking file I/O: never call them on an event loop. Buffers
 * are not retained.
 */
public interface StoredContent {
    /** 16 KiB: the BitTorrent request size and a divisor of the eD2k part and AICH block sizes' common grid. */
    int BLOCK_SIZE = 16 * 1024;

    TransferId transfer();

    /** Total size in bytes; {@code -1} while unknown (magnet before metadata). */
    long size();

    /** Number of blocks, the last one possibly short. */
    int blockCount();

    /** A copy of the map of blocks fully written. */
    BitSet writtenBlocks();

    /**
     * Writes {@code src} (position to limit) at {@code offset}. Blocks inside a verified range are not overwritten.
     *
     * @throws org.crossnet.spi.error.GatewayException INVALID_ARGUMENT when the range lies outside the content
     */
    void write(long offset, ByteBuffer src);

    /**
     * Reads into {@code dst} (position to limit) from {@code offset}; returns the number of bytes read.
     *
     * @throws org.crossnet.spi.error.GatewayException INVALID_ARGUMENT when the range lies outside the content
     */
    int read(long offset, ByteBuffer dst);

    /** A network checked the unit's range against its hash: the range now counts as verified. */
    void markVerified(VerificationUnit unit);

    /**
     * A network's check of the unit's range failed: its blocks that no other network verified are marked missing, to
     * be fetched again. Returns the number of blocks that lost bytes (fully or partly).
     */
    int markCorrupt(VerificationUnit unit);

    /** True when every byte of the range is verified. */
    boolean isVerified(long offset, long length);

    /** Bytes verified by at least one network. */
    long bytesVerified();
}
