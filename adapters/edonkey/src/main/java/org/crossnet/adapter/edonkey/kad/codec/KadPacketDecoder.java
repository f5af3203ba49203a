package org.crossnet.adapter.edonkey.kad.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;
import org.crossnet.adapter.edonkey.kad.KadId;

/**
 * Decodes one Kad UDP datagram into a {@link KadMessage}: {@code <proto 0xE4><opcode><payload>}, or
 * {@code <proto 0xE5><opcode><zlib(payload)>} whose payload is inflated under a hard cap before anything else is read.
 * A datagram is a whole message: bytes left over after the message are an error, as is anything truncated, a count
 * that the remaining bytes cannot hold (checked before allocating), a bad tag, or an unknown opcode. Stateless and
 * thread-safe.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/KademliaUDPListener.cpp">aMule
 *      KademliaUDPListener.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ClientUDPSocket.cpp">aMule ClientUDPSocket.cpp
 *      (unpacking 0xE5)</a>
 */
public final class KadPacketDecoder {
    /**
     * Limits applied while decoding.
     *
     * @param maxInflatedBytes largest payload a packed (0xE5) packet may inflate to; aMule allows 10 × the packed size
     *                         + 300 bytes, and this cap applies on top
     * @param tags             limits for every tag list
     */
    public record Limits(int maxInflatedBytes, TagCodec.Limits tags) {
        public Limits {
            if (maxInflatedBytes < 1 || tags == null) {
                throw new IllegalArgumentException("limits: maxInflatedBytes=" + maxInflatedBytes + " tags=" + tags
                        + " (expected: maxInflatedBytes >= 1 and tag limits)");
            }
        }
    }

    /** 64 KiB inflated (a UDP datagram's size), 64 tags per list, tag blobs up to 1 KiB. */
    public static final Limits DEFAULT_LIMITS = new Limits(64 * 1024, new TagCodec.Limits(64, 1024));

    private static final KadPacketDecoder STANDARD = new KadPacketDecoder(DEFAULT_LIMITS);

    private final Limits limits;
    private final TagCodec tags;

    public KadPacketDecoder(Limits limits) {
        this.limits = limits;
        this.tags = new TagCodec(limits.tags());
    }

    /** A decoder with {@link #DEFAULT_LIMITS}. */
    public static KadPacketDecoder standard() {
        return STANDARD;
    }

    /** True when {@code datagram} starts with a Kad protocol byte (0xE4 or 0xE5); reads nothing. */
    public static boolean isKad(ByteBuf datagram) {
        if (!datagram.isReadable()) {
            return false;
        }
        int proto = datagram.getUnsignedByte(datagram.readerIndex());
        return proto == KadOpcodes.PROTOCOL || proto == KadOpcodes.PROTOCOL_PACKED;
    }

    /**
     * Decodes the readable bytes of {@code datagram}; the reader index ends at the writer index on success. Does not
     * release or retain the buffer.
     *
     * @throws Ed2kWireException describing the first problem ({@code "field: value (expected: …)"})
     */
    public KadMessage decode(ByteBuf datagram) {
        if (datagram.readableBytes() < 2) {
            throw new Ed2kWireException("kad packet", datagram.readableBytes() + " bytes",
                    "at least 2 (protocol, opcode)");
        }
        int proto = datagram.readUnsignedByte();
        int opcode = datagram.readUnsignedByte();
        if (proto == KadOpcodes.PROTOCOL) {
            return decodePayload(opcode, datagram);
        }
        if (proto != KadOpcodes.PROTOCOL_PACKED) {
            // TODO(#5) Kad UDP obfuscation (RC4 keyed by the receiver's id or UDP key): peers obfuscate only
            // towards version 6+ contacts, and we advertise 5
            throw new Ed2kWireException("kad protocol", String.format("0x%02X", proto), "0xE4 or 0xE5 (obfuscated Kad"
                    + " packets are not supported)");
        }
        ByteBuf payload = inflate(datagram);
        try {
            return decodePayload(opcode, payload);
        } finally {
            payload.release();
        }
    }

    // Packed: <0xE5><opcode><zlib stream>. aMule compresses with compress2 (zlib header and adler32).
    private ByteBuf inflate(ByteBuf in) {
        int packedLength = in.readableBytes();
        long aMuleCap = 10L * (packedLength + 2) + 300;
        int cap = (int) Math.min(limits.maxInflatedBytes(), aMuleCap);
        byte[] packed = new byte[packedLength];
        in.readBytes(packed);
        Inflater inflater = new Inflater();
        ByteBuf out = Unpooled.buffer(Math.min(cap, 4 * packedLength + 64), cap);
        try {
            inflater.setInput(packed);
            byte[] chunk = new byte[Math.min(cap + 1, 8192)];
            while (!inflater.finished()) {
                int room = cap - out.readableBytes();
                int n = inflater.inflate(chunk, 0, Math.min(chunk.length, room + 1));
                if (n > room) {
                    throw new Ed2kWireException("packed kad payload", "more than " + cap + " bytes inflated",
                            "at most " + cap + " bytes (" + packedLength + " packed)");
                }
                out.writeBytes(chunk, 0, n);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new Ed2kWireException("packed kad payload", "zlib stream truncated after "
                            + out.readableBytes() + " bytes", "a complete zlib stream");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw new Ed2kWireException("packed kad payload", inflater.getRemaining()
                        + " bytes after the zlib stream", "nothing");
            }
            return out;
        } catch (DataFormatException e) {
            out.release();
            throw new Ed2kWireException("packed kad payload", "invalid zlib data (" + e.getMessage() + ")",
                    "a zlib stream");
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            inflater.end();
        }
    }

    private KadMessage decodePayload(int opcode, ByteBuf in) {
        KadMessage m = decodeBody(opcode, in);
        if (in.isReadable()) {
            throw new Ed2kWireException(KadOpcodes.name(opcode) + " trailing bytes", in.readableBytes(), "0");
        }
        return m;
    }

    private KadMessage decodeBody(int opcode, ByteBuf in) {
        switch (opcode) {
            case KadOpcodes.BOOTSTRAP_REQ:
                return new KadMessage.BootstrapRequest();
            case KadOpcodes.BOOTSTRAP_RES: {
                // <id 16><tcp u16><version u8><count u16><contact 25>*count
                KadId id = KadId.read(in, "bootstrap id");
                need(in, 5, "bootstrap header");
                int tcp = in.readUnsignedShortLE();
                int version = in.readUnsignedByte();
                int count = in.readUnsignedShortLE();
                return new KadMessage.BootstrapResponse(id, tcp, version, contacts(in, count, "bootstrap contact"));
            }
            case KadOpcodes.HELLO_REQ:
            case KadOpcodes.HELLO_RES: {
                // <id 16><tcp u16><version u8><tag count u8><tag>*
                KadId id = KadId.read(in, "hello id");
                need(in, 3, "hello header");
                int tcp = in.readUnsignedShortLE();
                int version = in.readUnsignedByte();
                List<Tag> list = tags.readList(in, TagCodec.CountWidth.U8);
                return opcode == KadOpcodes.HELLO_REQ ? new KadMessage.HelloRequest(id, tcp, version, list)
                        : new KadMessage.HelloResponse(id, tcp, version, list);
            }
            case KadOpcodes.HELLO_RES_ACK: {
                // <id 16><tag count u8><tag>*
                KadId id = KadId.read(in, "hello ack id");
                return new KadMessage.HelloResponseAck(id, tags.readList(in, TagCodec.CountWidth.U8));
            }
            case KadOpcodes.REQ: {
                // <type u8><target 16><receiver 16>
                need(in, 33, "request");
                int type = in.readUnsignedByte();
                if ((type & 0x1F) == 0) {
                    throw new Ed2kWireException("request type", String.format("0x%02X", type), "1..31 contacts wanted");
                }
                return new KadMessage.Request(type, KadId.read(in, "request target"),
                        KadId.read(in, "request receiver"));
            }
            case KadOpcodes.RES: {
                // <target 16><count u8><contact 25>*count
                KadId target = KadId.read(in, "response target");
                need(in, 1, "response count");
                int count = in.readUnsignedByte();
                return new KadMessage.Response(target, contacts(in, count, "response contact"));
            }
            case KadOpcodes.SEARCH_KEY_REQ: {
                // <keyword 16><start u16, bit 15 = expression follows>[<expression>]
                KadId target = KadId.read(in, "search key target");
                need(in, 2, "search key start");
                int start = in.readUnsignedShortLE();
                Optional<SearchExpression> expression = (start & 0x8000) != 0
                        ? Optional.of(SearchExpression.read(in)) : Optional.empty();
                return new KadMessage.SearchKeyRequest(target, start & 0x7FFF, expression);
            }
            case KadOpcodes.SEARCH_SOURCE_REQ: {
                // <file 16><start u16><size u64>
                KadId target = KadId.read(in, "search source target");
                need(in, 10, "search source header");
                return new KadMessage.SearchSourceRequest(target, in.readUnsignedShortLE(), in.readLongLE());
            }
            case KadOpcodes.SEARCH_NOTES_REQ: {
                // <file 16><size u64>
                KadId target = KadId.read(in, "search notes target");
                need(in, 8, "search notes size");
                return new KadMessage.SearchNotesRequest(target, in.readLongLE());
            }
            case KadOpcodes.SEARCH_RES: {
                // <sender 16><target 16><count u16>(<answer 16><tag count u8><tag>*)*count
                KadId sender = KadId.read(in, "search result sender");
                KadId target = KadId.read(in, "search result target");
                need(in, 2, "search result count");
                int count = in.readUnsignedShortLE();
                return new KadMessage.SearchResponse(sender, target, entries(in, count, "search result"));
            }
            case KadOpcodes.PUBLISH_KEY_REQ: {
                // <keyword 16><count u16>(<file 16><tag count u8><tag>*)*count
                KadId keyword = KadId.read(in, "publish key keyword");
                need(in, 2, "publish key count");
                int count = in.readUnsignedShortLE();
                return new KadMessage.PublishKeyRequest(keyword, entries(in, count, "published file"));
            }
            case KadOpcodes.PUBLISH_SOURCE_REQ:
            case KadOpcodes.PUBLISH_NOTES_REQ: {
                // <file 16><source 16><tag count u8><tag>*
                KadId file = KadId.read(in, "publish file");
                KadId source = KadId.read(in, "publish source");
                List<Tag> list = tags.readList(in, TagCodec.CountWidth.U8);
                return opcode == KadOpcodes.PUBLISH_SOURCE_REQ ? new KadMessage.PublishSourceRequest(file, source, list)
                        : new KadMessage.PublishNotesRequest(file, source, list);
            }
            case KadOpcodes.PUBLISH_RES: {
                // <target 16><load u8>[<options u8>]
                KadId target = KadId.read(in, "publish result target");
                need(in, 1, "publish result load");
                int load = in.readUnsignedByte();
                OptionalInt options = in.isReadable() ? OptionalInt.of(in.readUnsignedByte()) : OptionalInt.empty();
                return new KadMessage.PublishResponse(target, load, options);
            }
            case KadOpcodes.PUBLISH_RES_ACK:
                return new KadMessage.PublishResponseAck();
            case KadOpcodes.FIREWALLED_REQ:
                need(in, 2, "firewalled tcp port");
                return new KadMessage.FirewalledRequest(in.readUnsignedShortLE());
            case KadOpcodes.FIREWALLED2_REQ: {
                // <tcp u16><user hash 16><connect options u8>
                need(in, 19, "firewalled2 request");
                int tcp = in.readUnsignedShortLE();
                KadId user = KadId.read(in, "firewalled2 user hash");
                return new KadMessage.Firewalled2Request(tcp, user, in.readUnsignedByte());
            }
            case KadOpcodes.FIREWALLED_RES:
                need(in, 4, "firewalled address");
                return new KadMessage.FirewalledResponse(KadContactEntry.readIp(in));
            case KadOpcodes.FIREWALLED_ACK_RES:
                return new KadMessage.FirewalledAckResponse();
            case KadOpcodes.PING:
                return new KadMessage.Ping();
            case KadOpcodes.PONG:
                need(in, 2, "pong udp port");
                return new KadMessage.Pong(in.readUnsignedShortLE());
            case KadOpcodes.FIREWALLUDP:
                need(in, 3, "firewall udp");
                return new KadMessage.FirewallUdp(in.readUnsignedByte(), in.readUnsignedShortLE());
            default:
                throw new Ed2kWireException("kad opcode", String.format("0x%02X", opcode), "a Kad2 opcode this node"
                        + " handles");
        }
    }

    private static List<KadContactEntry> contacts(ByteBuf in, int count, String field) {
        // check before allocating: a count the datagram cannot hold is rejected without reading further
        if ((long) count * KadContactEntry.LENGTH > in.readableBytes()) {
            throw new Ed2kWireException(field + " count", count, "at most "
                    + in.readableBytes() / KadContactEntry.LENGTH + " (" + in.readableBytes() + " bytes left, "
                    + KadContactEntry.LENGTH + " per contact)");
        }
        List<KadContactEntry> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(KadContactEntry.read(in, field));
        }
        return list;
    }

    private List<KadMessage.Entry> entries(ByteBuf in, int count, String field) {
        // each entry is at least an id and a tag count
        if ((long) count * (KadId.LENGTH + 1) > in.readableBytes()) {
            throw new Ed2kWireException(field + " count", count, "at most " + in.readableBytes() / (KadId.LENGTH + 1)
                    + " (" + in.readableBytes() + " bytes left, 17 or more per entry)");
        }
        List<KadMessage.Entry> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            KadId id = KadId.read(in, field + " id");
            list.add(new KadMessage.Entry(id, tags.readList(in, TagCodec.CountWidth.U8)));
        }
        return list;
    }

    private static void need(ByteBuf in, int n, String field) {
        if (in.readableBytes() < n) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", n + " bytes");
        }
    }
}
