package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Message}s: {@code <guid 16><type 1><ttl 1><hops 1><payload length 4, LE><payload>}. Stateless, so
 * one instance serves every connection.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.1</a>
 */
@ChannelHandler.Sharable
public final class GnutellaMessageEncoder extends MessageToByteEncoder<Message> {
    public static final GnutellaMessageEncoder INSTANCE = new GnutellaMessageEncoder();

    private GnutellaMessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
        write(message, out);
    }

    /** Writes one message. */
    public static void write(Message message, ByteBuf out) {
        message.guid().write(out);
        out.writeByte(message.type()).writeByte(message.ttl()).writeByte(message.hops());
        int lengthAt = out.writerIndex();
        out.writeIntLE(0);
        int start = out.writerIndex();
        message.payload().write(out);
        out.setIntLE(lengthAt, out.writerIndex() - start);
    }

    /** The bytes of one message. */
    public static byte[] toBytes(Message message) {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            write(message, buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
