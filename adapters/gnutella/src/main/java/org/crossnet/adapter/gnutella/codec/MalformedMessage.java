package org.crossnet.adapter.gnutella.codec;

/**
 * A well-framed message whose payload broke its type's layout. The decoder passes it on instead of failing, so the
 * session can drop it with a reason and count it against the peer while the stream stays in sync.
 */
public record MalformedMessage(Guid guid, int type, int ttl, int hops, int payloadLength, String reason) {
    @Override
    public String toString() {
        return "malformed " + GnutellaWire.typeName(type) + " (" + payloadLength + " bytes): " + reason;
    }
}
