package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes {@link PeerMessage}s and {@link Handshake}s. Stateless, so one instance serves every connection. A
 * {@link PeerMessage.Piece}'s block is passed on without copying, behind its header.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-messages">BEP 3, peer messages</a>
 */
@ChannelHandler.Sharable
public final class PeerMessageEncoder extends MessageToMessageEncoder<Object> {
    /** The one instance. */
    public static final PeerMessageEncoder INSTANCE = new PeerMessageEncoder();

    private PeerMessageEncoder() {
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof PeerMessage || msg instanceof Handshake;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof Handshake handshake) {
            ByteBuf buf = ctx.alloc().buffer(PeerWire.HANDSHAKE_LENGTH);
            handshake.encode(buf);
            out.add(buf);
            return;
        }
        PeerMessage message = (PeerMessage) msg;
        if (message instanceof PeerMessage.Piece piece) {
            // piece: <len=0009+X><id=7><index><begin><block>; the block follows as its own buffer (no copy).
            ByteBuf header = ctx.alloc().buffer(13);
            header.writeInt(9 + piece.data().readableBytes()).writeByte(PeerWire.PIECE)
                    .writeInt(piece.piece()).writeInt(piece.begin());
            out.add(header);
            out.add(piece.data().retain());
            return;
        }
        out.add(encode(ctx.alloc(), message));
    }

    /**
     * Encodes one message other than a piece into a new buffer: {@code <length prefix 4><id 1><payload>}, the layout
     * of each on its record in {@link PeerMessage}.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, PeerMessage message) {
        if (message instanceof PeerMessage.KeepAlive) {
            return alloc.buffer(4).writeInt(0);
        }
        if (message instanceof PeerMessage.Choke) {
            return simple(alloc, PeerWire.CHOKE);
        }
        if (message instanceof PeerMessage.Unchoke) {
            return simple(alloc, PeerWire.UNCHOKE);
        }
        if (message instanceof PeerMessage.Interested) {
            return simple(alloc, PeerWire.INTERESTED);
        }
        if (message instanceof PeerMessage.NotInterested) {
            return simple(alloc, PeerWire.NOT_INTERESTED);
        }
        if (message instanceof PeerMessage.HaveAll) {
            return simple(alloc, PeerWire.HAVE_ALL);
        }
        if (message instanceof PeerMessage.HaveNone) {
            return simple(alloc, PeerWire.HAVE_NONE);
        }
        if (message instanceof PeerMessage.Have m) {
            return alloc.buffer(9).writeInt(5).writeByte(PeerWire.HAVE).writeInt(m.piece());
        }
        if (message instanceof PeerMessage.Suggest m) {
            return alloc.buffer(9).writeInt(5).writeByte(PeerWire.SUGGEST).writeInt(m.piece());
        }
        if (message instanceof PeerMessage.AllowedFast m) {
            return alloc.buffer(9).writeInt(5).writeByte(PeerWire.ALLOWED_FAST).writeInt(m.piece());
        }
        if (message instanceof PeerMessage.Bitfield m) {
            return alloc.buffer(5 + m.bits().length()).writeInt(1 + m.bits().length()).writeByte(PeerWire.BITFIELD)
                    .writeBytes(m.bits().toArray());
        }
        if (message instanceof PeerMessage.Request m) {
            return triple(alloc, PeerWire.REQUEST, m.piece(), m.begin(), m.length());
        }
        if (message instanceof PeerMessage.Cancel m) {
            return triple(alloc, PeerWire.CANCEL, m.piece(), m.begin(), m.length());
        }
        if (message instanceof PeerMessage.Reject m) {
            return triple(alloc, PeerWire.REJECT, m.piece(), m.begin(), m.length());
        }
        if (message instanceof PeerMessage.Port m) {
            return alloc.buffer(7).writeInt(3).writeByte(PeerWire.PORT).writeShort(m.port());
        }
        if (message instanceof PeerMessage.Extended m) {
            return alloc.buffer(6 + m.payload().length()).writeInt(2 + m.payload().length())
                    .writeByte(PeerWire.EXTENDED).writeByte(m.extendedId()).writeBytes(m.payload().toArray());
        }
        if (message instanceof PeerMessage.Piece m) {
            return alloc.buffer(13 + m.data().readableBytes()).writeInt(9 + m.data().readableBytes())
                    .writeByte(PeerWire.PIECE).writeInt(m.piece()).writeInt(m.begin())
                    .writeBytes(m.data(), m.data().readerIndex(), m.data().readableBytes());
        }
        throw new IllegalArgumentException("message: " + message + " (expected: a peer wire message)");
    }

    private static ByteBuf simple(ByteBufAllocator alloc, byte id) {
        return alloc.buffer(5).writeInt(1).writeByte(id);
    }

    private static ByteBuf triple(ByteBufAllocator alloc, byte id, int a, int b, int c) {
        return alloc.buffer(17).writeInt(13).writeByte(id).writeInt(a).writeInt(b).writeInt(c);
    }
}
