package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/** Little-endian field readers and writers shared by the message codecs; every read checks its length first. */
final class Wire {
    private Wire() {
    }

    static void need(ByteBuf in, int n, String field) {
        TagCodec.need(in, n, field);
    }

    static int u8(ByteBuf in, String field) {
        need(in, 1, field);
        return in.readUnsignedByte();
    }

    static int u16(ByteBuf in, String field) {
        need(in, 2, field);
        return in.readUnsignedShortLE();
    }

    static long u32(ByteBuf in, String field) {
        need(in, 4, field);
        return in.readUnsignedIntLE();
    }

    static long u64(ByteBuf in, String field) {
        need(in, 8, field);
        long v = in.readLongLE();
        if (v < 0) {
            throw new Ed2kWireException(field, Long.toUnsignedString(v), "below 2^63");
        }
        return v;
    }

    static Bytes bytes(ByteBuf in, int n, String field) {
        need(in, n, field);
        byte[] b = new byte[n];
        in.readBytes(b);
        return Bytes.of(b);
    }

    static Ed2kHash hash(ByteBuf in, String field) {
        return new Ed2kHash(bytes(in, 16, field));
    }

    static void hash(ByteBuf out, Ed2kHash hash) {
        out.writeBytes(hash.bytes().toArray());
    }

    /** {@code <len u16><utf-8>}. */
    static String string16(ByteBuf in, String field) {
        int len = u16(in, field + " length");
        need(in, len, field);
        return TagCodec.utf8(in, len);
    }

    static void writeString16(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string: " + b.length + " bytes (expected: at most 65535)");
        }
        out.writeShortLE(b.length);
        out.writeBytes(b);
    }

    static void end(ByteBuf in, String message) {
        if (in.isReadable()) {
            throw new Ed2kWireException(message, in.readableBytes() + " trailing bytes", "none");
        }
    }

    static void u32(ByteBuf out, long v) {
        out.writeIntLE((int) v);
    }
}
