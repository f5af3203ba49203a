package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;

/**
 * Splits the peer-wire stream after the handshake into {@link PeerMessage}s: {@code <length:4><id:1><payload>}
 * frames, the length checked on its prefix before anything is allocated. Not sharable: one per connection.
 *
 * <p>Piece messages, nearly every byte of a download, take a path of their own: their 13-byte header is parsed as
 * it arrives and their block becomes a retained slice of the socket's read buffer, or, when the block spans two
 * reads, of one buffer its parts are copied into (one copy, the same as a frame decoder that merges reads would
 * make for it). Either way the piece buffer then takes its one copy from a slice of the same kind of buffer; the
 * frame decoder this replaced composed reads into composite buffers, so the download path saw several buffer classes
 * and the JIT recompiled it after each new one (docs/performance.md). Other messages (a few bytes each, or a
 * bitfield or extension message) are decoded from a slice when whole in one read, from a copy otherwise.
 *
 * <p>Also tracks whether a message about pieces was seen: have-none is valid only before one (BEP 6). Errors
 * ({@link PeerWireException}, {@link TooLongFrameException}) reach {@code exceptionCaught} wrapped in a
 * {@link DecoderException}; everything received after one is discarded.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-messages">BEP 3, peer messages</a>
 */
public final class PeerFrameDecoder extends ChannelInboundHandlerAdapter {
    /** Where the connection is in its message sequence. */
    public enum State {
        /** No message about pieces yet: a bitfield, have-all or have-none may come. */
        FIRST_MESSAGE,
        /** After the first message. */
        MESSAGES
    }

    /** id, piece index and begin offset after the length prefix. */
    private static final int PIECE_HEADER = 9;

    private final int maxFrameLength;
    private State state = State.FIRST_MESSAGE;

    /** Bytes of the prefix (and, for a piece, of its header) read so far, big-endian, while they are incomplete. */
    private final byte[] head = new byte[PeerWire.LENGTH_FIELD + PIECE_HEADER];
    private int headRead;
    /** The current frame's length after the prefix; -1 while the prefix is incomplete. */
    private int frameLength = -1;
    /** A non-piece frame (or an oversized piece) being gathered over several reads. */
    private ByteBuf frame;
    /** The current piece message's header, once read, and its block being gathered over several reads. */
    private int piece;
    private int begin;
    private boolean inPiece;
    private ByteBuf block;
    private boolean failed;

    /** @param maxFrameLength the largest frame accepted, counted after the 4-byte length prefix */
    public PeerFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < PIECE_HEADER) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: >= "
                    + PIECE_HEADER + ")");
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** The decoder's position in the message sequence. */
    public State state() {
        return state;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!failed && in.isReadable() && !ctx.isRemoved()) {
                decodeSome(ctx, in);
            }
        } catch (DecoderException e) {
            fail(ctx, e);
        } catch (PeerWireException e) {
            fail(ctx, new DecoderException(e));
        } finally {
            in.release();
        }
    }

    private void fail(ChannelHandlerContext ctx, DecoderException e) {
        failed = true;
        releasePartial();
        ctx.fireExceptionCaught(e);
    }

    /** Consumes bytes of {@code in} towards the current frame; emits each message as it completes. */
    private void decodeSome(ChannelHandlerContext ctx, ByteBuf in) {
        if (frameLength < 0) {
            if (headRead == 0 && in.readableBytes() >= PeerWire.LENGTH_FIELD) {
                startFrame(ctx, in.readInt());
            } else {
                head[headRead++] = in.readByte();
                if (headRead == PeerWire.LENGTH_FIELD) {
                    headRead = 0;
                    startFrame(ctx, intAt(0));
                }
            }
            return;
        }
        if (inPiece) {
            readBlock(ctx, in);
        } else if (frame == null && (headRead > 0 || isPieceFrame(in))) {
            readPieceHeader(ctx, in); // headRead > 0: a piece header split between reads, gathered in head
        } else {
            readFrame(ctx, in);
        }
    }

    /** A frame whose length is known: a keep-alive at once, otherwise its body follows. */
    private void startFrame(ChannelHandlerContext ctx, int length) {
        long unsigned = Integer.toUnsignedLong(length);
        if (unsigned > maxFrameLength) {
            throw new TooLongFrameException("frame.length: " + unsigned + " (expected: at most " + maxFrameLength
                    + ")");
        }
        if (unsigned == 0) {
            emit(ctx, new PeerMessage.KeepAlive());
            return;
        }
        frameLength = (int) unsigned;
    }

    /**
     * Whether the frame starting at {@code in}'s reader index is a piece message the block path takes: id 7, a full
     * header and a block no longer than a request may ask for (anything else is left to {@link PeerMessageDecoder},
     * which words the error). Looks at one byte; needs it readable.
     */
    private boolean isPieceFrame(ByteBuf in) {
        return in.getByte(in.readerIndex()) == PeerWire.PIECE && frameLength >= PIECE_HEADER
                && frameLength - PIECE_HEADER <= PeerWire.MAX_REQUEST_LENGTH;
    }

    private void readPieceHeader(ChannelHandlerContext ctx, ByteBuf in) {
        if (headRead == 0 && in.readableBytes() >= PIECE_HEADER) {
            in.skipBytes(1);
            piece = index(in.readInt(), "piece.piece");
            begin = index(in.readInt(), "piece.begin");
        } else {
            head[headRead++] = in.readByte();
            if (headRead < PIECE_HEADER) {
                return;
            }
            headRead = 0;
            piece = index(intAt(1), "piece.piece");
            begin = index(intAt(5), "piece.begin");
        }
        inPiece = true;
        if (frameLength == PIECE_HEADER) {
            finishPiece(ctx, in.alloc().buffer(0)); // an empty block: the swarm refuses it by its length
        }
    }

    private void readBlock(ChannelHandlerContext ctx, ByteBuf in) {
        int blockLength = frameLength - PIECE_HEADER;
        if (block == null && in.readableBytes() >= blockLength) {
            finishPiece(ctx, in.readRetainedSlice(blockLength));
            return;
        }
        if (block == null) {
            block = in.alloc().directBuffer(blockLength, blockLength);
        }
        if (fill(block, in)) {
            ByteBuf whole = block;
            block = null;
            try {
                finishPiece(ctx, whole.readRetainedSlice(blockLength));
            } finally {
                whole.release();
            }
        }
    }

    private void finishPiece(ChannelHandlerContext ctx, ByteBuf data) {
        inPiece = false;
        frameLength = -1;
        state = State.MESSAGES;
        emit(ctx, new PeerMessage.Piece(piece, begin, data));
    }

    private void readFrame(ChannelHandlerContext ctx, ByteBuf in) {
        if (frame == null && in.readableBytes() >= frameLength) {
            ByteBuf whole = in.readSlice(frameLength);
            frameLength = -1;
            decodeFrame(ctx, whole);
            return;
        }
        if (frame == null) {
            frame = in.alloc().heapBuffer(frameLength, frameLength);
        }
        if (fill(frame, in)) {
            ByteBuf whole = frame;
            frame = null;
            frameLength = -1;
            try {
                decodeFrame(ctx, whole);
            } finally {
                whole.release();
            }
        }
    }

    /** Moves what {@code in} has towards filling {@code target}; whether {@code target} is full now. */
    private static boolean fill(ByteBuf target, ByteBuf in) {
        in.readBytes(target, Math.min(in.readableBytes(), target.writableBytes()));
        return !target.isWritable();
    }

    private void decodeFrame(ChannelHandlerContext ctx, ByteBuf whole) {
        PeerMessage message = PeerMessageDecoder.decode(whole, state == State.FIRST_MESSAGE);
        if (PeerMessageDecoder.closesFirstWindow(message)) {
            state = State.MESSAGES;
        }
        emit(ctx, message);
    }

    private void emit(ChannelHandlerContext ctx, PeerMessage message) {
        if (ctx.isRemoved()) {
            ReferenceCountUtil.release(message);
            return;
        }
        ctx.fireChannelRead(message);
    }

    private int intAt(int offset) {
        return (head[offset] & 0xFF) << 24 | (head[offset + 1] & 0xFF) << 16 | (head[offset + 2] & 0xFF) << 8
                | head[offset + 3] & 0xFF;
    }

    private static int index(int value, String field) {
        if (value < 0) {
            throw new PeerWireException(field, Integer.toUnsignedLong(value), "0.." + Integer.MAX_VALUE);
        }
        return value;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
        if (block != null) {
            block.release();
            block = null;
        }
    }
}
