package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link ClientMessage} as one TCP frame: {@code <protocol u8><length u32 LE><opcode u8><payload>}. Releases
 * the data of part messages (MessageToByteEncoder releases every message it encodes). Sharable: stateless.
 */
@ChannelHandler.Sharable
public final class ClientMessageEncoder extends MessageToByteEncoder<ClientMessage> {
    public ClientMessageEncoder() {
        super(ClientMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ClientMessage msg, ByteBuf out) {
        encode(msg, out);
    }

    /** Appends the frame of {@code msg} to {@code out}. */
    public static void encode(ClientMessage msg, ByteBuf out) {
        frame(msg.protocol(), msg.opcode(), out, msg::write);
    }

    /** Writes a frame header, the payload {@code body} writes, then patches the length. */
    public static void frame(int protocol, int opcode, ByteBuf out, java.util.function.Consumer<ByteBuf> body) {
        out.writeByte(protocol);
        int lengthAt = out.writerIndex();
        out.writeIntLE(0);
        out.writeByte(opcode);
        body.accept(out);
        out.setIntLE(lengthAt, out.writerIndex() - lengthAt - 4);
    }
}
