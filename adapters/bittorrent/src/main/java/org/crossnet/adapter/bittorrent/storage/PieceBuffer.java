package org.crossnet.adapter.bittorrent.storage;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.crossnet.adapter.bittorrent.codec.PeerWire;

/**
 * One piece being assembled in memory from 16 KiB blocks, with who sent which so that the senders of a piece that
 * fails its check can be penalised. Not thread-safe: the torrent guards it.
 */
public final class PieceBuffer {
    private final int index;
    private final byte[] data;
    private final int blocks;
    private final BitSet received = new BitSet();
    private final int[] requests;
    private final Set<InetAddress> senders = new LinkedHashSet<>();

    public PieceBuffer(int index, int size) {
        this.index = index;
        this.data = new byte[size];
        this.blocks = (size + PeerWire.BLOCK_SIZE - 1) / PeerWire.BLOCK_SIZE;
        this.requests = new int[blocks];
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
        return Math.min(PeerWire.BLOCK_SIZE, data.length - b * PeerWire.BLOCK_SIZE);
    }

    /** The block a (begin, length) pair names, or -1 when it names none. */
    public int blockAt(int begin, int length) {
        if (begin < 0 || begin % PeerWire.BLOCK_SIZE != 0 || begin >= data.length) {
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

    /** Copies a block in (readable bytes of {@code block}); false when it was received already. */
    public boolean receive(int b, ByteBuf block, InetAddress from) {
        if (received.get(b)) {
            return false;
        }
        block.getBytes(block.readerIndex(), data, blockBegin(b), blockLength(b));
        received.set(b);
        requests[b] = 0;
        senders.add(from);
        return true;
    }

    public boolean complete() {
        return received.cardinality() == blocks;
    }

    /** The assembled bytes; owned by the caller once {@link #complete()} (the buffer is then discarded). */
    public byte[] data() {
        return data;
    }

    /** Addresses that sent at least one block of this piece. */
    public Set<InetAddress> senders() {
        return Set.copyOf(senders);
    }
}
