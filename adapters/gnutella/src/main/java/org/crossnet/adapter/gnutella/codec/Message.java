package org.crossnet.adapter.gnutella.codec;

/**
 * A whole Gnutella message: the header fields and the payload. The header on the wire is
 * {@code <guid 16><type 1><ttl 1><hops 1><payload length 4, LE>}; the type and length follow from the payload.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.1</a>
 */
public record Message(Guid guid, int ttl, int hops, Payload payload) {
    public Message {
        if (guid == null || payload == null) {
            throw new GnutellaCodecException("message.guid/payload", "null", "both present");
        }
        if (ttl < 0 || ttl > 0xFF || hops < 0 || hops > 0xFF) {
            throw new GnutellaCodecException("message.ttl/hops", ttl + "/" + hops, "0..255 each");
        }
    }

    /** A new message from us: a fresh GUID, hops 0. */
    public static Message originate(int ttl, Payload payload) {
        return new Message(Guid.random(), ttl, 0, payload);
    }

    public int type() {
        return payload.type();
    }

    /** The copy a servent passes on: TTL one less, hops one more. */
    public Message forwarded() {
        return new Message(guid, ttl - 1, hops + 1, payload);
    }

    /** A copy with another TTL (dynamic querying re-sends a query with growing TTLs). */
    public Message withTtl(int newTtl) {
        return new Message(guid, newTtl, hops, payload);
    }

    @Override
    public String toString() {
        return GnutellaWire.typeName(type()) + "[guid=" + guid + ", ttl=" + ttl + ", hops=" + hops + ", " + payload
                + "]";
    }
}
