package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;

/**
 * The peer handshake (BEP 3).
 *
 * @param reserved 8 reserved bytes carrying extension bits
 * @param peerId   20 bytes
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-protocol">BEP 3, peer protocol</a>
 */
public record Handshake(Bytes reserved, InfoHash infoHash, Bytes peerId) {
    public Handshake {
        if (reserved == null || reserved.length() != 8) {
            throw new IllegalArgumentException("reserved: " + reserved + " (expected: 8 bytes)");
        }
        if (infoHash == null || peerId == null || peerId.length() != 20) {
            throw new IllegalArgumentException("infoHash/peerId: " + infoHash + "/" + peerId
                    + " (expected: an infohash and a 20-byte peer id)");
        }
    }

    /** Our reserved bytes: extension protocol (BEP 10) and fast extension (BEP 6). */
    public static Bytes ourReserved() {
        byte[] r = new byte[8];
        r[PeerWire.EXTENSION_BYTE] |= PeerWire.EXTENSION_MASK;
        r[PeerWire.FAST_BYTE] |= PeerWire.FAST_MASK;
        return Bytes.of(r);
    }

    /** BEP 10: {@code reserved[5] & 0x10}. */
    public boolean supportsExtensions() {
        return (reserved.get(PeerWire.EXTENSION_BYTE) & PeerWire.EXTENSION_MASK) != 0;
    }

    /** BEP 6: {@code reserved[7] & 0x04}. */
    public boolean supportsFast() {
        return (reserved.get(PeerWire.FAST_BYTE) & PeerWire.FAST_MASK) != 0;
    }

    /**
     * Writes the handshake.
     * <pre>handshake: &lt;pstrlen=19&gt;&lt;"BitTorrent protocol"&gt;&lt;reserved 8&gt;&lt;info_hash 20&gt;&lt;peer_id 20&gt;</pre>
     * BEP 3: https://www.bittorrent.org/beps/bep_0003.html#peer-protocol
     */
    public void encode(ByteBuf out) {
        out.writeByte(PeerWire.PROTOCOL.length);
        out.writeBytes(PeerWire.PROTOCOL);
        out.writeBytes(reserved.toArray());
        out.writeBytes(infoHash.bytes().toArray());
        out.writeBytes(peerId.toArray());
    }

    /**
     * Reads a handshake once {@link PeerWire#HANDSHAKE_LENGTH} bytes are readable; null (nothing consumed) before.
     * Same layout as {@link #encode}. The protocol string is checked as soon as its bytes arrive, so a peer speaking
     * something else is refused without waiting for 68 bytes.
     *
     * @throws PeerWireException when the length byte or protocol string is wrong
     */
    public static Handshake decode(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable >= 1 && in.getUnsignedByte(start) != PeerWire.PROTOCOL.length) {
            throw new PeerWireException("handshake.pstrlen", in.getUnsignedByte(start), "19");
        }
        int protocolBytes = Math.min(readable - 1, PeerWire.PROTOCOL.length);
        for (int i = 0; i < protocolBytes; i++) {
            if (in.getByte(start + 1 + i) != PeerWire.PROTOCOL[i]) {
                throw new PeerWireException("handshake.pstr", "byte " + i + " = " + in.getUnsignedByte(start + 1 + i),
                        "\"BitTorrent protocol\"");
            }
        }
        if (readable < PeerWire.HANDSHAKE_LENGTH) {
            return null;
        }
        in.skipBytes(20);
        byte[] reserved = new byte[8];
        byte[] hash = new byte[20];
        byte[] peer = new byte[20];
        in.readBytes(reserved).readBytes(hash).readBytes(peer);
        return new Handshake(Bytes.of(reserved), new InfoHash(Bytes.of(hash)), Bytes.of(peer));
    }
}
