package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP byte stream into {@link Ed2kPacket}s: {@code <protocol u8><length u32 LE><opcode u8><payload>},
 * where length counts the opcode and payload. The declared length is checked against the limit before any byte of
 * the body is buffered; a bad protocol byte, a zero length or an over-long frame raises {@link FrameException}
 * (the session closes the connection with the matching reason). Zlib-packed (0xD4) frames pass through as they are;
 * {@link PackedPacketInflater} unpacks them. Not sharable: one per connection.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/Packet.cpp">aMule Packet.cpp (header)</a>
 */
public final class Ed2kFrameDecoder extends ByteToMessageDecoder {
    /** Where the decoder is in the current frame. */
    public enum State {
        /** Waiting for the 6 bytes of protocol, length and opcode. */
        HEADER,
        /** Waiting for the payload of a header already read. */
        BODY,
        /** A frame could not be delimited: every later byte is discarded (the stream cannot resynchronise). */
        FAILED
    }

    /** Thrown for a frame that cannot be delimited; the stream cannot be resynchronised after it. */
    public static final class FrameException extends Ed2kWireException {
        private final boolean tooLong;

        FrameException(String field, Object value, String expected, boolean tooLong) {
            super(field, value, expected);
            this.tooLong = tooLong;
        }

        /** Whether the frame was refused for its declared length (rather than a bad protocol byte). */
        public boolean tooLong() {
            return tooLong;
        }
    }

    private final int maxFrameLength;
    private State state = State.HEADER;
    private int protocol;
    private int opcode;
    private int payloadLength;

    /** @param maxFrameLength the largest accepted length field (opcode + payload) */
    public Ed2kFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected: >= 1)");
        }
        this.maxFrameLength = maxFrameLength;
    }

    public State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (true) {
            if (state == State.HEADER) {
                if (in.readableBytes() < Ed2kWire.TCP_HEADER + 1) {
                    return;
                }
                int p = in.getUnsignedByte(in.readerIndex());
                if (p != Ed2kWire.PROT_EDONKEY && p != Ed2kWire.PROT_EMULE && p != Ed2kWire.PROT_PACKED) {
                    fail(in);
                    throw new FrameException("protocol", String.format("0x%02X", p), "0xE3, 0xC5 or 0xD4", false);
                }
                long length = in.getUnsignedIntLE(in.readerIndex() + 1);
                if (length < 1 || length > maxFrameLength) {
                    fail(in);
                }
                if (length < 1) {
                    throw new FrameException("length", length, "1.." + maxFrameLength + " (opcode included)",
                            false);
                }
                if (length > maxFrameLength) {
                    throw new FrameException("length", length, "1.." + maxFrameLength + " (opcode included)", true);
                }
                in.skipBytes(Ed2kWire.TCP_HEADER);
                protocol = p;
                opcode = in.readUnsignedByte();
                payloadLength = (int) length - 1;
                state = State.BODY;
            }
            if (in.readableBytes() < payloadLength) {
                return;
            }
            out.add(new Ed2kPacket(protocol, opcode, in.readRetainedSlice(payloadLength)));
            state = State.HEADER;
        }
    }

    private void fail(ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
    }
}
