package org.crossnet.adapter.edonkey.kad.codec;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.kad.KadId;

/**
 * A contact as Kad2 packets and nodes.dat carry it: {@code <id 16><ip u32><udp port u16><tcp port u16><version u8>}
 * (25 bytes). The IPv4 address is a host-order u32 written little-endian, so 198.51.100.5 goes out as
 * {@code 05 64 33 c6}, the reverse of eD2k's client-id order. Immutable.
 *
 * @param version the contact's Kad protocol version (2..9; from 6 on it expects obfuscated packets)
 */
public record KadContactEntry(KadId id, Inet4Address address, int udpPort, int tcpPort, int version) {
    /** Bytes of one entry on the wire. */
    public static final int LENGTH = 25;

    public KadContactEntry {
        if (id == null || address == null) {
            throw new IllegalArgumentException("contact: null id or address (expected: both present)");
        }
        if (udpPort < 0 || udpPort > 0xFFFF || tcpPort < 0 || tcpPort > 0xFFFF) {
            throw new IllegalArgumentException("contact ports: udp " + udpPort + ", tcp " + tcpPort
                    + " (expected: 0..65535)");
        }
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("contact version: " + version + " (expected: 0..255)");
        }
    }

    /** The contact's Kad UDP endpoint. */
    public InetSocketAddress udpEndpoint() {
        return new InetSocketAddress(address, udpPort);
    }

    /** Reads one entry (layout in the class comment). */
    public static KadContactEntry read(ByteBuf in, String field) {
        if (in.readableBytes() < LENGTH) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", LENGTH + " bytes");
        }
        KadId id = KadId.read(in, field + " id");
        Inet4Address address = readIp(in);
        int udp = in.readUnsignedShortLE();
        int tcp = in.readUnsignedShortLE();
        int version = in.readUnsignedByte();
        return new KadContactEntry(id, address, udp, tcp, version);
    }

    /** Writes this entry (layout in the class comment). */
    public void write(ByteBuf out) {
        id.write(out);
        writeIp(out, address);
        out.writeShortLE(udpPort);
        out.writeShortLE(tcpPort);
        out.writeByte(version);
    }

    /** Reads a Kad IPv4 address: a host-order u32 written little-endian. */
    public static Inet4Address readIp(ByteBuf in) {
        return ipOf(in.readIntLE());
    }

    /** Writes a Kad IPv4 address: a host-order u32 written little-endian. */
    public static void writeIp(ByteBuf out, Inet4Address address) {
        out.writeIntLE(ipValue(address));
    }

    /** The Kad (host-order) value of an address: 198.51.100.5 is 0xC6336405. */
    public static int ipValue(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** The address of a Kad (host-order) value. */
    public static Inet4Address ipOf(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            // getByAddress only fails on a wrong array length, which cannot happen here.
            throw new IllegalStateException(e);
        }
    }
}
