package org.crossnet.adapter.bittorrent.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.crossnet.adapter.bittorrent.codec.PeerWire;

/**
 * One piece being assembled from 16 KiB blocks, with who sent which so that the senders of a piece that fails its
 * check can be penalised. The bytes live in one buffer from the allocator given (pooled and direct in the adapter:
 * a 1 MiB {@code byte[]} per piece was a humongous allocation for G1 and churned the heap at 100+ MB/s, and a direct
 * buffer is written to the file without the JDK's copy into a temporary direct buffer). Not thread-safe: the torrent
 * guards it. The buffer is released by {@link #release()}, or handed over by {@link #takeData()}.
 */
public final class PieceBuffer {
    private final int index;
    private final int size;
    private final int blocks;
    private final BitSet received = new BitSet();
    private final int[] requests;
    private final Set<InetAddress> senders = new LinkedHashSet<>();
    private ByteBuf data;

    public PieceBuffer(int index, int size, ByteBufAllocator alloc) {
        this.index = index;
        this.size = size;
        this.blocks = (size + PeerWire.BLOCK_SIZE - 1) / PeerWire.BLOCK_SIZE;
        this.requests = new int[blocks];
        this.data = alloc.directBuffer(size, size);
    }

    public int index() {
        return index;
    }

    public int blockCount() {
        return blocks;
    }

    /** Offset of block {@code b} within the piece. */
    public int blockBegin(int b) {
        return b * PeerWire.BLOCK_SIZE;
    }

    /** Length of block {@code b} (the last may be short). */
    public int blockLength(int b) {
        return Math.min(PeerWire.BLOCK_SIZE, size - b * PeerWire.BLOCK_SIZE);
    }

    /** The block a (begin, length) pair names, or -1 when it names none. */
    public int blockAt(int begin, int length) {
        if (begin < 0 || begin % PeerWire.BLOCK_SIZE != 0 || begin >= size) {
            return -1;
        }
        int b = begin / PeerWire.BLOCK_SIZE;
        return blockLength(b) == length ? b : -1;
    }

    public boolean isReceived(int b) {
        return received.get(b);
    }

    /** Outstanding requests for block {@code b} over all peers. */
    public int requestCount(int b) {
        return requests[b];
    }

    public void requested(int b) {
        requests[b]++;
    }

    public void requestDropped(int b) {
        if (requests[b] > 0) {
            requests[b]--;
        }
    }

    /**
     * Copies a block in (the readable bytes of {@code block}, which is not released); false when it was received
     * already. {@code from} is the peer that sent it, null for a web seed (blamed by the torrent on its own).
     *
     * @throws IllegalStateException when the buffer was released or handed over
     */
    public boolean receive(int b, ByteBuf block, InetAddress from) {
        if (received.get(b)) {
            return false;
        }
        if (data == null) {
            throw new IllegalStateException("piece " + index + ": buffer released (expected: still assembling)");
        }
        data.setBytes(blockBegin(b), block, block.readerIndex(), blockLength(b));
        received.set(b);
        requests[b] = 0;
        if (from != null) {
            senders.add(from);
        }
        return true;
    }

    public boolean complete() {
        return received.cardinality() == blocks;
    }

    /**
     * Hands the assembled bytes over once {@link #complete()}: the caller owns the buffer (readable from 0 to the
     * piece size) and releases it; this piece buffer holds nothing afterwards.
     */
    public ByteBuf takeData() {
        if (data == null || !complete()) {
            throw new IllegalStateException("piece " + index + ": " + (data == null ? "buffer released"
                    : received.cardinality() + " of " + blocks + " blocks") + " (expected: complete, not taken)");
        }
        ByteBuf out = data.writerIndex(size);
        data = null;
        return out;
    }

    /** Releases the buffer unless it was handed over; idempotent. */
    public void release() {
        if (data != null) {
            data.release();
            data = null;
        }
    }

    /** Addresses that sent at least one block of this piece. */
    public Set<InetAddress> senders() {
        return Set.copyOf(senders);
    }
}
