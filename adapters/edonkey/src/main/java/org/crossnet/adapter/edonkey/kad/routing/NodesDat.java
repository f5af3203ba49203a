package org.crossnet.adapter.edonkey.kad.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;

/**
 * A {@code nodes.dat} file: the Kad contacts a client bootstraps from. Immutable. Little-endian throughout; a record is
 * a {@link KadContactEntry} (25 bytes) plus, in version 2, {@code <udp key u32><key ip u32><verified u8>}.
 *
 * <pre>
 * version 0:  &lt;count u32 (non-zero)&gt;(&lt;entry 25, last byte = contact type 0..4&gt;)*count
 * version 1:  &lt;0 u32&gt;&lt;1 u32&gt;&lt;count u32&gt;&lt;entry 25&gt;*count
 * version 2:  &lt;0 u32&gt;&lt;2 u32&gt;&lt;count u32&gt;
 *             (&lt;entry 25&gt;&lt;udp key u32&gt;&lt;key ip u32&gt;&lt;verified u8&gt;)*count
 * version 3:  &lt;0 u32&gt;&lt;3 u32&gt;&lt;edition u32 (1 = bootstrap)&gt;&lt;count u32&gt;&lt;entry 25&gt;*count
 * </pre>
 * A bootstrap edition's contacts are only sent KADEMLIA2_BOOTSTRAP_REQ, never put in the routing table. Version 0
 * records carry a contact type instead of a Kad version; they read as version 0 ("unknown").
 *
 * @param version       file version 0..3
 * @param bootstrapOnly version 3 bootstrap edition
 * @see <a href="https://github.com/ngosang/amule-org.github.io/blob/main/docs/developer/file-formats/nodes-dat.md">
 *      nodes.dat file format</a>
 */
public record NodesDat(int version, boolean bootstrapOnly, List<Node> nodes) {
    /** aMule reads at most this many contacts. */
    public static final int MAX_CONTACTS = 5000;

    /**
     * One record.
     *
     * @param type     the version 0 contact type (0..4), else 0
     * @param udpKey   version 2 obfuscation key and the IP it is bound to (both 0 when absent)
     * @param verified version 2 verified flag
     */
    public record Node(KadContactEntry contact, int type, long udpKey, int udpKeyIp, boolean verified) {
        /** A record with no key, unverified. */
        public static Node of(KadContactEntry contact) {
            return new Node(contact, 0, 0, 0, false);
        }
    }

    public NodesDat {
        if (version < 0 || version > 3) {
            throw new IllegalArgumentException("nodes.dat version: " + version + " (expected: 0..3)");
        }
        if (bootstrapOnly && version != 3) {
            throw new IllegalArgumentException("nodes.dat bootstrap edition in version " + version
                    + " (expected: version 3)");
        }
        if (version == 0 && nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes.dat version 0 without contacts (expected: at least one, a zero"
                    + " count reads as a versioned header)");
        }
        nodes = List.copyOf(nodes);
    }

    /** A version 2 file, as aMule 2.3.3 writes it. */
    public static NodesDat version2(List<Node> nodes) {
        return new NodesDat(2, false, nodes);
    }

    /** The contacts. */
    public List<KadContactEntry> contacts() {
        return nodes.stream().map(Node::contact).toList();
    }

    /**
     * Parses a file's bytes.
     *
     * @throws Ed2kWireException on a truncated file, an unknown version or a count over {@link #MAX_CONTACTS}
     */
    public static NodesDat parse(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            need(in, 4, "nodes.dat header");
            long first = in.readUnsignedIntLE();
            int version = 0;
            boolean bootstrap = false;
            long count = first;
            if (first == 0) {
                need(in, 8, "nodes.dat header");
                version = (int) Math.min(in.readUnsignedIntLE(), Integer.MAX_VALUE);
                if (version < 1 || version > 3) {
                    throw new Ed2kWireException("nodes.dat version", version, "1, 2 or 3");
                }
                if (version == 3) {
                    bootstrap = in.readUnsignedIntLE() == 1;
                    need(in, 4, "nodes.dat count");
                }
                count = in.readUnsignedIntLE();
            }
            int recordLength = version == 2 ? KadContactEntry.LENGTH + 9 : KadContactEntry.LENGTH;
            if (count > MAX_CONTACTS) {
                throw new Ed2kWireException("nodes.dat count", count, "at most " + MAX_CONTACTS);
            }
            if (count * recordLength != in.readableBytes()) {
                throw new Ed2kWireException("nodes.dat count", count, in.readableBytes() / recordLength
                        + " records of " + recordLength + " bytes (" + in.readableBytes() + " bytes follow)");
            }
            List<Node> nodes = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                KadContactEntry entry = KadContactEntry.read(in, "nodes.dat contact");
                if (version == 0) {
                    int type = entry.version();
                    nodes.add(new Node(new KadContactEntry(entry.id(), entry.address(), entry.udpPort(),
                            entry.tcpPort(), 0), type, 0, 0, false));
                } else if (version == 2) {
                    long key = in.readUnsignedIntLE();
                    int keyIp = in.readIntLE();
                    boolean verified = in.readUnsignedByte() != 0;
                    nodes.add(new Node(entry, 0, key, keyIp, verified));
                } else {
                    nodes.add(Node.of(entry));
                }
            }
            return new NodesDat(version, bootstrap, nodes);
        } finally {
            in.release();
        }
    }

    /** Reads a file. */
    public static NodesDat read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** The file's bytes (layouts in the class comment). */
    public byte[] toBytes() {
        ByteBuf out = Unpooled.buffer();
        try {
            if (version == 0) {
                out.writeIntLE(nodes.size());
            } else {
                out.writeIntLE(0);
                out.writeIntLE(version);
                if (version == 3) {
                    out.writeIntLE(bootstrapOnly ? 1 : 0);
                }
                out.writeIntLE(nodes.size());
            }
            for (Node n : nodes) {
                KadContactEntry c = n.contact();
                if (version == 0) {
                    new KadContactEntry(c.id(), c.address(), c.udpPort(), c.tcpPort(), n.type()).write(out);
                } else {
                    c.write(out);
                }
                if (version == 2) {
                    out.writeIntLE((int) n.udpKey());
                    out.writeIntLE(n.udpKeyIp());
                    out.writeByte(n.verified() ? 1 : 0);
                }
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Writes the file atomically (temp file and rename), so a crash never leaves half a file. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "nodes", ".tmp");
        try {
            Files.write(tmp, toBytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void need(ByteBuf in, int n, String field) {
        if (in.readableBytes() < n) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", n + " bytes");
        }
    }
}
