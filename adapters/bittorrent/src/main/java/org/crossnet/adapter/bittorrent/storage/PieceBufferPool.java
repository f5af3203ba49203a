package org.crossnet.adapter.bittorrent.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * One torrent's direct buffers for pieces, kept for the next piece once a piece is written instead of going back to
 * the allocator. Netty's pooled allocator does not cache buffers this large per thread and frees an arena chunk as
 * soon as it empties; pieces are allocated on an event loop and freed on the blocking executor, so its chunks came
 * and went, and every new chunk was fresh memory: the copy of each block into its piece took a page fault per 4 KiB
 * (the hottest user-space frame of the download in {@code perf}; on this project's VM a first touch costs far more
 * than the copy itself). Kept buffers stay mapped. At most {@code budget} bytes are kept, and none after
 * {@link #close()}. Thread-safe.
 */
public final class PieceBufferPool {
    private final ByteBufAllocator alloc;
    private final int capacity;
    private final int keep;
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param alloc    where new buffers come from (direct)
     * @param capacity bytes per buffer: the torrent's piece length (the last piece, shorter, uses a prefix)
     * @param budget   most bytes kept while unused; at least two buffers are kept whatever the piece length
     */
    public PieceBufferPool(ByteBufAllocator alloc, int capacity, long budget) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.alloc = alloc;
        this.capacity = capacity;
        this.keep = (int) Math.max(2, Math.min(Integer.MAX_VALUE, budget / capacity));
    }

    /** Bytes per buffer. */
    public int capacity() {
        return capacity;
    }

    /** An empty buffer of {@link #capacity()} bytes that the caller owns (hand it back with {@link #recycle}). */
    public ByteBuf acquire() {
        ByteBuf kept;
        synchronized (this) {
            kept = free.pollFirst();
        }
        return kept != null ? kept : alloc.directBuffer(capacity, capacity);
    }

    /** Takes back a buffer from {@link #acquire()}; the caller must not use it afterwards. */
    public void recycle(ByteBuf buffer) {
        synchronized (this) {
            if (!closed && free.size() < keep && buffer.refCnt() == 1 && buffer.capacity() == capacity) {
                buffer.clear();
                free.addFirst(buffer); // last in, first out: the most recently touched memory is reused first
                return;
            }
        }
        buffer.release();
    }

    /** Buffers kept now. */
    public synchronized int kept() {
        return free.size();
    }

    /** Releases the kept buffers and keeps none from now on (the torrent completed or closed). Idempotent. */
    public void close() {
        ByteBuf[] all;
        synchronized (this) {
            closed = true;
            all = free.toArray(new ByteBuf[0]);
            free.clear();
        }
        for (ByteBuf b : all) {
            b.release();
        }
    }
}
