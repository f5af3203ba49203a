package org.crossnet.adapter.edonkey.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;

/**
 * eMule's server list file: {@code <version u8 0x0E|0xE0><count u32>(<ip u32><port u16><tag count u32><tags>)*},
 * the ip in client-id byte order, tags in either form (ST_SERVERNAME 0x01, ST_DESCRIPTION 0x0B, … are skipped here).
 * Read at start so global searches and source requests reach the servers of the last run; written at close.
 *
 * @see <a href="https://github.com/ngosang/amule-org.github.io/blob/main/docs/developer/file-formats/server-met.md">
 *      server.met format</a>
 */
public final class ServerMet {
    /** The file name in the adapter's state directory, as eMule names it. */
    public static final String FILE_NAME = "server.met";
    static final int VERSION = 0x0E;
    static final int VERSION_ALT = 0xE0;
    /** Most entries read; each takes at least 10 bytes, so a count that cannot fit is refused first. */
    static final int MAX_SERVERS = 10_000;

    private ServerMet() {
    }

    /**
     * The servers listed in {@code data} (read-only; not released), skipping entries with a zero address or port.
     *
     * @throws Ed2kWireException on a bad version byte, a count that does not fit or a malformed entry
     */
    public static List<InetSocketAddress> decode(ByteBuf data) {
        if (data.readableBytes() < 5) {
            throw new Ed2kWireException("server.met length", data.readableBytes(), "at least 5 bytes");
        }
        int version = data.readUnsignedByte();
        if (version != VERSION && version != VERSION_ALT) {
            throw new Ed2kWireException("server.met version", String.format("0x%02X", version), "0x0E or 0xE0");
        }
        long count = data.readUnsignedIntLE();
        if (count > MAX_SERVERS || count * 10 > data.readableBytes()) {
            throw new Ed2kWireException("server.met count", count, "at most " + Math.min(MAX_SERVERS,
                    data.readableBytes() / 10) + " (10+ bytes each)");
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (data.readableBytes() < 10) {
                throw new Ed2kWireException("server.met entry " + i, data.readableBytes() + " bytes", "10+");
            }
            long ip = data.readUnsignedIntLE();
            int port = data.readUnsignedShortLE();
            TagCodec.standard().readList(data, TagCodec.CountWidth.U32);
            if (ip != 0 && port != 0 && !Ed2kWire.isLowId(ip)) {
                out.add(new InetSocketAddress(Ed2kWire.ipOf(ip), port));
            }
        }
        return out;
    }

    /** Writes {@code servers} (IPv4 only; others skipped) with no tags. */
    public static void encode(List<InetSocketAddress> servers, ByteBuf out) {
        List<InetSocketAddress> v4 = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            if (s.getAddress() != null && s.getAddress().getAddress().length == 4) {
                v4.add(s);
            }
        }
        out.writeByte(VERSION);
        out.writeIntLE(v4.size());
        for (InetSocketAddress s : v4) {
            out.writeIntLE((int) Ed2kWire.clientId(s.getAddress().getAddress()));
            out.writeShortLE(s.getPort());
            TagCodec.standard().writeList(List.<Tag>of(), out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        }
    }

    /** Reads {@code file}; blocking. */
    public static List<InetSocketAddress> read(Path file) throws IOException {
        ByteBuf buf = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        try {
            return decode(buf);
        } finally {
            buf.release();
        }
    }

    /** Writes {@code file} through a temporary file and an atomic rename; blocking. */
    public static void write(Path file, List<InetSocketAddress> servers) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            encode(servers, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            buf.release();
        }
    }
}
