package org.crossnet.adapter.edonkey.kad.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.List;
import java.util.zip.Deflater;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;

/**
 * Encodes a {@link KadMessage} into one datagram {@code <0xE4><opcode><payload>}; with packing on, a payload over
 * {@link #PACK_THRESHOLD} bytes goes out as {@code <0xE5><opcode><zlib(payload)>} when that is smaller, as aMule's
 * {@code CKademliaUDPListener::SendPacket} does. Tags are written in the old form. Stateless and thread-safe.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/KademliaUDPListener.cpp">aMule
 *      KademliaUDPListener.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/Packet.cpp">aMule Packet.cpp (PackPacket)</a>
 */
public final class KadPacketEncoder {
    /** aMule packs Kad packets whose payload is larger than this. */
    public static final int PACK_THRESHOLD = 200;

    private static final KadPacketEncoder PACKING = new KadPacketEncoder(true);
    private static final KadPacketEncoder PLAIN = new KadPacketEncoder(false);

    private final boolean pack;

    private KadPacketEncoder(boolean pack) {
        this.pack = pack;
    }

    /** An encoder that packs large payloads, as aMule does. */
    public static KadPacketEncoder packing() {
        return PACKING;
    }

    /** An encoder that never packs (tests, byte-exact re-encoding of recorded plain packets). */
    public static KadPacketEncoder plain() {
        return PLAIN;
    }

    /** Encodes {@code message}; the caller owns the returned buffer. */
    public ByteBuf encode(KadMessage message, ByteBufAllocator alloc) {
        // built in a private heap buffer, then copied once into an exact-size buffer of the allocator: datagrams are
        // small, and the allocator's buffer is touched once instead of once per field
        ByteBuf scratch = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 256, 64 * 1024 + 2);
        try {
            scratch.writeByte(KadOpcodes.PROTOCOL);
            scratch.writeByte(message.opcode());
            writePayload(message, scratch);
            if (pack && scratch.readableBytes() - 2 > PACK_THRESHOLD) {
                ByteBuf packed = deflate(scratch, alloc);
                if (packed != null) {
                    return packed;
                }
            }
            ByteBuf out = alloc.buffer(scratch.readableBytes());
            out.writeBytes(scratch);
            return out;
        } finally {
            scratch.release();
        }
    }

    /** The payload bytes of {@code message} (after protocol and opcode), for tests and size estimates. */
    public static void writePayload(KadMessage message, ByteBuf out) {
        TagCodec tags = TagCodec.standard();
        if (message instanceof KadMessage.BootstrapResponse m) {
            // <id 16><tcp u16><version u8><count u16><contact 25>*count
            m.id().write(out);
            out.writeShortLE(m.tcpPort());
            out.writeByte(m.version());
            out.writeShortLE(m.contacts().size());
            m.contacts().forEach(c -> c.write(out));
        } else if (message instanceof KadMessage.HelloRequest m) {
            // <id 16><tcp u16><version u8><tag count u8><tag>*
            m.id().write(out);
            out.writeShortLE(m.tcpPort());
            out.writeByte(m.version());
            writeTags(tags, m.tags(), out);
        } else if (message instanceof KadMessage.HelloResponse m) {
            m.id().write(out);
            out.writeShortLE(m.tcpPort());
            out.writeByte(m.version());
            writeTags(tags, m.tags(), out);
        } else if (message instanceof KadMessage.HelloResponseAck m) {
            // <id 16><tag count u8><tag>*
            m.id().write(out);
            writeTags(tags, m.tags(), out);
        } else if (message instanceof KadMessage.Request m) {
            // <type u8><target 16><receiver 16>
            out.writeByte(m.type());
            m.target().write(out);
            m.receiver().write(out);
        } else if (message instanceof KadMessage.Response m) {
            // <target 16><count u8><contact 25>*count
            m.target().write(out);
            out.writeByte(m.contacts().size());
            m.contacts().forEach(c -> c.write(out));
        } else if (message instanceof KadMessage.SearchKeyRequest m) {
            // <keyword 16><start u16, bit 15 = expression follows>[<expression>]
            m.target().write(out);
            out.writeShortLE(m.startPosition() | (m.expression().isPresent() ? 0x8000 : 0));
            m.expression().ifPresent(e -> e.write(out));
        } else if (message instanceof KadMessage.SearchSourceRequest m) {
            // <file 16><start u16><size u64>
            m.target().write(out);
            out.writeShortLE(m.startPosition());
            out.writeLongLE(m.fileSize());
        } else if (message instanceof KadMessage.SearchNotesRequest m) {
            // <file 16><size u64>
            m.target().write(out);
            out.writeLongLE(m.fileSize());
        } else if (message instanceof KadMessage.SearchResponse m) {
            // <sender 16><target 16><count u16>(<answer 16><tag count u8><tag>*)*count
            m.sender().write(out);
            m.target().write(out);
            writeEntries(tags, m.results(), out);
        } else if (message instanceof KadMessage.PublishKeyRequest m) {
            // <keyword 16><count u16>(<file 16><tag count u8><tag>*)*count
            m.keyword().write(out);
            writeEntries(tags, m.files(), out);
        } else if (message instanceof KadMessage.PublishSourceRequest m) {
            // <file 16><source 16><tag count u8><tag>*
            m.file().write(out);
            m.source().write(out);
            writeTags(tags, m.tags(), out);
        } else if (message instanceof KadMessage.PublishNotesRequest m) {
            m.file().write(out);
            m.source().write(out);
            writeTags(tags, m.tags(), out);
        } else if (message instanceof KadMessage.PublishResponse m) {
            // <target 16><load u8>[<options u8>]
            m.target().write(out);
            out.writeByte(m.load());
            m.options().ifPresent(out::writeByte);
        } else if (message instanceof KadMessage.FirewalledRequest m) {
            // <tcp u16>
            out.writeShortLE(m.tcpPort());
        } else if (message instanceof KadMessage.Firewalled2Request m) {
            // <tcp u16><user hash 16><connect options u8>
            out.writeShortLE(m.tcpPort());
            m.userHash().write(out);
            out.writeByte(m.connectOptions());
        } else if (message instanceof KadMessage.FirewalledResponse m) {
            // <ip u32>
            KadContactEntry.writeIp(out, m.address());
        } else if (message instanceof KadMessage.Pong m) {
            // <udp port u16>
            out.writeShortLE(m.udpPort());
        } else if (message instanceof KadMessage.FirewallUdp m) {
            // <error u8><incoming port u16>
            out.writeByte(m.errorCode());
            out.writeShortLE(m.incomingPort());
        }
        // BootstrapRequest, PublishResponseAck, FirewalledAckResponse, Ping: no payload
    }

    private static void writeTags(TagCodec codec, List<Tag> tags, ByteBuf out) {
        codec.writeList(tags, out, TagCodec.CountWidth.U8, TagCodec.Form.OLD);
    }

    private static void writeEntries(TagCodec codec, List<KadMessage.Entry> entries, ByteBuf out) {
        out.writeShortLE(entries.size());
        for (KadMessage.Entry e : entries) {
            e.id().write(out);
            writeTags(codec, e.tags(), out);
        }
    }

    /** The packed form of {@code plain}, or null when packing does not make it smaller. */
    private static ByteBuf deflate(ByteBuf plain, ByteBufAllocator alloc) {
        int payloadLength = plain.readableBytes() - 2;
        byte[] payload = new byte[payloadLength];
        plain.getBytes(plain.readerIndex() + 2, payload);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(payload);
            deflater.finish();
            byte[] buffer = new byte[payloadLength];
            int length = 0;
            while (!deflater.finished()) {
                if (length == buffer.length) {
                    return null;
                }
                length += deflater.deflate(buffer, length, buffer.length - length);
            }
            if (length >= payloadLength) {
                return null;
            }
            ByteBuf out = alloc.buffer(2 + length);
            out.writeByte(KadOpcodes.PROTOCOL_PACKED);
            out.writeByte(plain.getUnsignedByte(plain.readerIndex() + 1));
            out.writeBytes(buffer, 0, length);
            return out;
        } finally {
            deflater.end();
        }
    }
}
