package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One eD2k TCP packet as framed on the wire, before its payload is decoded: protocol byte, opcode and payload. Holds
 * the payload buffer: whoever consumes the packet releases it (Netty's decoders do so for their input).
 *
 * @param packed whether it arrived as a zlib-packed 0xD4 frame (then {@link #protocol()} is 0xC5, as aMule re-labels
 *               unpacked frames)
 */
public final class Ed2kPacket extends DefaultByteBufHolder {
    private final int protocol;
    private final int opcode;
    private final boolean packed;

    public Ed2kPacket(int protocol, int opcode, ByteBuf payload) {
        this(protocol, opcode, payload, false);
    }

    public Ed2kPacket(int protocol, int opcode, ByteBuf payload, boolean packed) {
        super(payload);
        this.protocol = protocol;
        this.opcode = opcode;
        this.packed = packed;
    }

    public int protocol() {
        return protocol;
    }

    public int opcode() {
        return opcode;
    }

    public boolean packed() {
        return packed;
    }

    /** The payload (after the opcode). */
    public ByteBuf payload() {
        return content();
    }

    @Override
    public Ed2kPacket replace(ByteBuf content) {
        return new Ed2kPacket(protocol, opcode, content, packed);
    }

    @Override
    public String toString() {
        return String.format("Ed2kPacket(0x%02X 0x%02X, %d bytes%s)", protocol, opcode, content().readableBytes(),
                packed ? ", packed" : "");
    }
}
