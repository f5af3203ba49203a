package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Constants and small field readers of the Gnutella 0.6 wire. Byte orders are mixed on purpose (it is what every
 * servent does): the header's payload length and all ports are little-endian, IPv4 addresses are in network order.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2</a>
 */
public final class GnutellaWire {
    /** Header: {@code <guid 16><type 1><ttl 1><hops 1><payload length 4, LE>}. */
    public static final int HEADER_LENGTH = 23;
    public static final int GUID_LENGTH = 16;

    public static final int PING = 0x00;
    public static final int PONG = 0x01;
    public static final int BYE = 0x02;
    /** ROUTE_TABLE_UPDATE (QRP), not 0x20: see QRP v1.0's history. */
    public static final int ROUTE_TABLE_UPDATE = 0x30;
    public static final int VENDOR = 0x31;
    /** "Standard" vendor messages share the 0x31 layout. */
    public static final int STANDARD_VENDOR = 0x32;
    public static final int PUSH = 0x40;
    public static final int QUERY = 0x80;
    public static final int QUERY_HIT = 0x81;
    /** Horizon Size Estimation Protocol. */
    public static final int HSEP = 0xCD;

    /** Default payload limit: 64 KiB covers the largest hits gtk-gnutella and LimeWire send. */
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;

    /** HUGE and GGEP extension items are separated by this byte (GEM separator). */
    public static final int EXTENSION_SEPARATOR = 0x1C;

    private GnutellaWire() {
    }

    /** A readable name of a message type, for logs and errors. */
    public static String typeName(int type) {
        return switch (type) {
            case PING -> "ping";
            case PONG -> "pong";
            case BYE -> "bye";
            case ROUTE_TABLE_UPDATE -> "route-table-update";
            case VENDOR -> "vendor";
            case STANDARD_VENDOR -> "standard-vendor";
            case PUSH -> "push";
            case QUERY -> "query";
            case QUERY_HIT -> "query-hit";
            case HSEP -> "hsep";
            default -> String.format("0x%02x", type);
        };
    }

    /** Reads 4 bytes in network order as an IPv4 address. */
    public static Inet4Address readIpv4(ByteBuf in) {
        byte[] raw = new byte[4];
        in.readBytes(raw);
        return ipv4(raw);
    }

    /** The address of these 4 bytes; no lookup happens. */
    public static Inet4Address ipv4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes always make an IPv4 address", e);
        }
    }

    /** Writes an IPv4 address in network order. */
    public static void writeIpv4(ByteBuf out, Inet4Address address) {
        out.writeBytes(address.getAddress());
    }

    /** Throws unless {@code count} more bytes are readable. */
    public static void require(ByteBuf in, int count, String field) {
        if (in.readableBytes() < count) {
            throw new GnutellaCodecException(field, in.readableBytes() + " bytes left", count + " bytes");
        }
    }

    /** Index of the first NUL at or after the reader index, or -1. */
    public static int indexOfNul(ByteBuf in) {
        return in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
    }
}
