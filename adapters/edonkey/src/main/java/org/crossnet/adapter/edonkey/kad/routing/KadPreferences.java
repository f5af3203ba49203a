package org.crossnet.adapter.edonkey.kad.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;

/**
 * Our persistent Kad identity in aMule's {@code preferencesKad.dat} layout, so that the node keeps its id (and its
 * place in others' routing tables) across restarts: {@code <last ip u32><0 u16><kad id 16><tag count u8 = 0>}, the id
 * in wire order. Immutable.
 *
 * @param lastAddress our public address as last reported by FIREWALLED_RES; 0.0.0.0 when unknown
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/Prefs.cpp">aMule Prefs.cpp
 *      (ReadFile, WriteFile)</a>
 */
public record KadPreferences(KadId id, Inet4Address lastAddress) {
    /** The file name aMule uses in its config directory. */
    public static final String FILE_NAME = "preferencesKad.dat";

    public KadPreferences {
        if (id == null || id.isZero()) {
            throw new IllegalArgumentException("kad id: " + id + " (expected: a non-zero id)");
        }
        if (lastAddress == null) {
            lastAddress = KadContactEntry.ipOf(0);
        }
    }

    /**
     * Reads {@code file}, or creates it with a random id when it does not exist (or holds the zero id, which old
     * clients stored by mistake).
     *
     * @throws IOException when the file exists but cannot be read or written
     * @throws Ed2kWireException when it is shorter than 22 bytes
     */
    public static KadPreferences loadOrCreate(Path file, Random random) throws IOException {
        if (Files.exists(file)) {
            KadPreferences p = parse(Files.readAllBytes(file), random);
            if (p != null) {
                return p;
            }
        }
        KadPreferences created = new KadPreferences(nonZero(random), null);
        created.write(file);
        return created;
    }

    /** The file's contents; null when it holds the zero id. */
    static KadPreferences parse(byte[] bytes, Random random) {
        if (bytes.length < 22) {
            throw new Ed2kWireException(FILE_NAME, bytes.length + " bytes", "at least 22 (ip, 0, kad id)");
        }
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            Inet4Address ip = KadContactEntry.readIp(in);
            in.skipBytes(2);
            KadId id = KadId.read(in, FILE_NAME + " kad id");
            return id.isZero() ? null : new KadPreferences(id, ip);
        } finally {
            in.release();
        }
    }

    /** The file's bytes (layout in the class comment). */
    public byte[] toBytes() {
        ByteBuf out = Unpooled.buffer(23);
        try {
            KadContactEntry.writeIp(out, lastAddress);
            out.writeShortLE(0);
            id.write(out);
            out.writeByte(0);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Writes the file atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "prefs", ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static KadId nonZero(Random random) {
        KadId id;
        do {
            id = KadId.random(random);
        } while (id.isZero());
        return id;
    }
}
