package org.crossnet.adapter.bittorrent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import org.crossnet.adapter.bittorrent.codec.PeerWire;
import org.junit.jupiter.api.Test;

/** Reuse of piece buffers (kept up to a byte budget, none after close) and the piece's request cursor. */
class PieceBufferPoolTest {
    private static final int PIECE = 4 * PeerWire.BLOCK_SIZE;
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    @Test
    void aRecycledBufferIsHandedOutAgainEmpty() {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, 8L * PIECE);
        ByteBuf first = pool.acquire();
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(PIECE);
        first.writeBytes(new byte[100]);
        pool.recycle(first);
        assertThat(pool.kept()).isEqualTo(1);
        ByteBuf again = pool.acquire();
        assertThat(again).as("the same memory, not a new allocation").isSameAs(first);
        assertThat(again.readableBytes()).isZero();
        assertThat(pool.kept()).isZero();
        pool.recycle(again);
        pool.close();
        assertThat(first.refCnt()).as("released by close").isZero();
    }

    @Test
    void keepsNoMoreThanTheBudgetAllowsButAlwaysTwo() {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, PIECE / 2);
        ByteBuf a = pool.acquire();
        ByteBuf b = pool.acquire();
        ByteBuf c = pool.acquire();
        pool.recycle(a);
        pool.recycle(b);
        pool.recycle(c);
        assertThat(pool.kept()).isEqualTo(2);
        assertThat(c.refCnt()).as("beyond the budget: released").isZero();
        assertThat(a.refCnt()).isEqualTo(1);
        pool.close();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void afterCloseBuffersAreReleasedNotKept() {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, 8L * PIECE);
        ByteBuf held = pool.acquire();
        pool.close();
        pool.recycle(held);
        assertThat(held.refCnt()).isZero();
        assertThat(pool.kept()).isZero();
    }

    @Test
    void foreignOrSharedBuffersAreNotKept() {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, 8L * PIECE);
        ByteBuf other = alloc.directBuffer(PIECE / 2, PIECE / 2);
        pool.recycle(other);
        assertThat(other.refCnt()).as("another size: released").isZero();
        ByteBuf shared = pool.acquire().retain();
        pool.recycle(shared);
        assertThat(pool.kept()).as("still referenced elsewhere: not handed out again").isZero();
        assertThat(shared.refCnt()).isEqualTo(1);
        shared.release();
        pool.close();
    }

    @Test
    void pieceBufferGoesBackToThePoolAndRefusesPiecesLargerThanItsBuffers() {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, 8L * PIECE);
        PieceBuffer piece = new PieceBuffer(3, PIECE - 100, pool);
        piece.release();
        piece.release();
        assertThat(pool.kept()).isEqualTo(1);
        assertThatThrownBy(() -> new PieceBuffer(4, PIECE + 1, pool)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("piece 4 size: " + (PIECE + 1) + " (expected: 1.." + PIECE + ")");
        pool.close();
    }

    @Test
    void firstUnrequestedSkipsRequestedAndReceivedBlocksAndComesBackForDroppedOnes() throws Exception {
        PieceBufferPool pool = new PieceBufferPool(alloc, PIECE, 8L * PIECE);
        PieceBuffer piece = new PieceBuffer(0, PIECE, pool);
        assertThat(piece.firstUnrequested()).isZero();
        piece.requested(0);
        piece.requested(1);
        assertThat(piece.firstUnrequested()).isEqualTo(2);
        ByteBuf block = Unpooled.wrappedBuffer(new byte[PeerWire.BLOCK_SIZE]);
        assertThat(piece.receive(2, block, InetAddress.getLoopbackAddress())).isTrue();
        assertThat(piece.firstUnrequested()).as("block 2 arrived unrequested").isEqualTo(3);
        piece.requestDropped(1);
        assertThat(piece.firstUnrequested()).as("block 1 is free again").isEqualTo(1);
        piece.requested(1);
        piece.requested(3);
        assertThat(piece.firstUnrequested()).isEqualTo(-1);
        assertThat(piece.receive(0, block, null)).isTrue();
        piece.requestDropped(0);
        assertThat(piece.firstUnrequested()).as("a received block is never free again").isEqualTo(-1);
        block.release();
        piece.release();
        pool.close();
    }
}
