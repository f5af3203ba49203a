package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes the one handshake that opens a connection and emits it as a {@link Handshake}. Single-decode: the session
 * replaces this decoder with the message pipeline when the handshake arrives, and Netty hands the bytes that followed
 * it in the same read to the replacement.
 */
public final class HandshakeDecoder extends ByteToMessageDecoder {
    public HandshakeDecoder() {
        setSingleDecode(true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Handshake handshake = Handshake.decode(in);
        if (handshake != null) {
            out.add(handshake);
        }
    }
}
