package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the stream into messages: reads the 23-byte header, checks the declared payload length against the limit
 * before waiting for (or allocating) the payload, then decodes the payload into a {@link Message}, or a
 * {@link MalformedMessage} when the payload breaks its layout. A length above the limit fails the decoder for good
 * (the stream cannot be trusted after it): it throws once and discards everything after. Not sharable.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.1</a>
 */
public final class GnutellaMessageDecoder extends ByteToMessageDecoder {
    /** Where the decoder is in the stream. */
    public enum State {
        /** Waiting for a whole header. */
        HEADER,
        /** Header read; waiting for the payload. */
        PAYLOAD,
        /** A header declared too long a payload: everything is discarded. */
        FAILED
    }

    private final int maxPayload;
    private State state = State.HEADER;
    private Guid guid;
    private int type;
    private int ttl;
    private int hops;
    private int length;

    public GnutellaMessageDecoder(int maxPayload) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: >= 0)");
        }
        this.maxPayload = maxPayload;
    }

    public State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case HEADER:
                    if (in.readableBytes() < GnutellaWire.HEADER_LENGTH) {
                        return;
                    }
                    // header: <guid 16><type 1><ttl 1><hops 1><payload length 4, LE>
                    guid = Guid.read(in);
                    type = in.readUnsignedByte();
                    ttl = in.readUnsignedByte();
                    hops = in.readUnsignedByte();
                    long declared = in.readUnsignedIntLE();
                    if (declared > maxPayload) {
                        state = State.FAILED;
                        in.skipBytes(in.readableBytes());
                        throw new GnutellaCodecException("header.payloadLength", declared + " in a "
                                + GnutellaWire.typeName(type), "0.." + maxPayload);
                    }
                    length = (int) declared;
                    state = State.PAYLOAD;
                    break;
                case PAYLOAD:
                    if (in.readableBytes() < length) {
                        return;
                    }
                    out.add(decodePayload(guid, type, ttl, hops, in.readSlice(length)));
                    state = State.HEADER;
                    break;
                case FAILED:
                default:
                    in.skipBytes(in.readableBytes());
                    return;
            }
        }
    }

    /**
     * Decodes one payload of the given type; the slice is consumed. Returns a {@link Message} or, when the payload
     * breaks its layout, a {@link MalformedMessage}.
     */
    public static Object decodePayload(Guid guid, int type, int ttl, int hops, ByteBuf payload) {
        int length = payload.readableBytes();
        try {
            return new Message(guid, ttl, hops, readPayload(type, payload));
        } catch (GnutellaCodecException e) {
            return new MalformedMessage(guid, type, ttl, hops, length, e.getMessage());
        } finally {
            payload.skipBytes(payload.readableBytes());
        }
    }

    private static Payload readPayload(int type, ByteBuf in) {
        return switch (type) {
            case GnutellaWire.PING -> Ping.read(in);
            case GnutellaWire.PONG -> Pong.read(in);
            case GnutellaWire.BYE -> Bye.read(in);
            case GnutellaWire.ROUTE_TABLE_UPDATE -> RouteTableUpdate.read(in);
            case GnutellaWire.VENDOR -> VendorMessage.read(in, false);
            case GnutellaWire.STANDARD_VENDOR -> VendorMessage.read(in, true);
            case GnutellaWire.PUSH -> Push.read(in);
            case GnutellaWire.QUERY -> Query.read(in);
            case GnutellaWire.QUERY_HIT -> QueryHit.read(in);
            case GnutellaWire.HSEP -> Hsep.read(in);
            default -> UnknownPayload.read(type, in);
        };
    }
}
