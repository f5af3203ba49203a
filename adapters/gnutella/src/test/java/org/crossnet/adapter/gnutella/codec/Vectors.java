package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.Unpooled;
import java.util.List;
import org.crossnet.testkit.ProtocolVectors;

/** Loads the recorded messages and decodes them the way the pipeline does. */
final class Vectors {
    static final String NETWORK = "gnutella";

    private Vectors() {
    }

    static List<String> messages() {
        return ProtocolVectors.names(NETWORK);
    }

    static byte[] load(String name) {
        return ProtocolVectors.load(NETWORK, name);
    }

    /** Decodes one whole message (header + payload) without a channel; returns a Message or a MalformedMessage. */
    static Object decode(byte[] bytes) {
        var buf = Unpooled.wrappedBuffer(bytes);
        Guid guid = Guid.read(buf);
        int type = buf.readUnsignedByte();
        int ttl = buf.readUnsignedByte();
        int hops = buf.readUnsignedByte();
        long length = buf.readUnsignedIntLE();
        if (length != buf.readableBytes()) {
            throw new AssertionError("declared " + length + " but " + buf.readableBytes() + " bytes follow");
        }
        return GnutellaMessageDecoder.decodePayload(guid, type, ttl, hops, buf);
    }

    static Message message(String name) {
        Object decoded = decode(load(name));
        if (!(decoded instanceof Message m)) {
            throw new AssertionError(name + ": " + decoded);
        }
        return m;
    }
}
