package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import org.crossnet.spi.model.Bytes;

/** A message of a type we do not know; never routed (servents must drop what they do not understand). */
public record UnknownPayload(int type, Bytes bytes) implements Payload {
    @Override
    public void write(ByteBuf out) {
        out.writeBytes(bytes.toArray());
    }

    /** Keeps the whole readable payload. */
    public static UnknownPayload read(int type, ByteBuf in) {
        byte[] raw = new byte[in.readableBytes()];
        in.readBytes(raw);
        return new UnknownPayload(type, Bytes.of(raw));
    }
}
