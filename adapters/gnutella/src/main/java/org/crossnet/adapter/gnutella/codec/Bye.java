package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;

/**
 * BYE: {@code <code 2, LE><reason, NUL-terminated>}; the sender closes after it. Codes follow HTTP (200 shutdown,
 * 4xx the peer's fault, 5xx our own).
 *
 * @param nulTerminated whether the reason ended with NUL (some servents omit it)
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/bye">Bye packet 0.1</a>
 */
public record Bye(int code, WireText reason, boolean nulTerminated) implements Payload {
    public Bye {
        if (code < 0 || code > 0xFFFF) {
            throw new GnutellaCodecException("bye.code", code, "0..65535");
        }
        if (reason == null) {
            throw new GnutellaCodecException("bye.reason", "null", "text");
        }
    }

    public static Bye of(int code, String reason) {
        return new Bye(code, WireText.of(reason), true);
    }

    @Override
    public int type() {
        return GnutellaWire.BYE;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeShortLE(code);
        out.writeBytes(reason.bytes().toArray());
        if (nulTerminated) {
            out.writeByte(0);
        }
    }

    /** Decodes the whole readable payload. */
    public static Bye read(ByteBuf in) {
        GnutellaWire.require(in, 2, "bye.code");
        int code = in.readUnsignedShortLE();
        int nul = GnutellaWire.indexOfNul(in);
        int end = nul < 0 ? in.writerIndex() : nul;
        byte[] text = new byte[end - in.readerIndex()];
        in.readBytes(text);
        if (nul >= 0) {
            in.skipBytes(1);
            if (in.isReadable()) {
                throw new GnutellaCodecException("bye.payload", in.readableBytes() + " bytes after the NUL",
                        "nothing after the reason");
            }
        }
        return new Bye(code, new WireText(org.crossnet.spi.model.Bytes.of(text)), nul >= 0);
    }
}
