package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Client-to-server UDP messages (the server's UDP port is its TCP port + 4). A datagram is {@code <0xE3><opcode>
 * <payload>}; results and found sources may be several such records back to back in one datagram. Layouts are on
 * each record; {@link #decode} and {@link #encode} convert whole datagrams.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/ed2k/Client2Server/UDP.h">aMule
 *      ed2k Client2Server/UDP.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerUDPSocket.cpp">aMule ServerUDPSocket.cpp</a>
 */
public sealed interface ServerUdpMessage {
    /** Largest datagram this codec writes (eMule keeps server UDP packets under 512-ish bytes; results split). */
    int MAX_DATAGRAM = 1400;

    /**
     * OP_GLOBSEARCHREQ 0x98 / OP_GLOBSEARCHREQ2 0x92: {@code <search tree>}; OP_GLOBSEARCHREQ3 0x90:
     * {@code <tag count u32><tags><search tree>} (the tags carry CT_SERVER_UDPSEARCH_FLAGS).
     */
    record GlobalSearch(int opcode, List<Tag> params, SearchExpr query) implements ServerUdpMessage {
        public GlobalSearch {
            params = List.copyOf(params);
        }
    }

    /** OP_GLOBSEARCHRES 0x99: {@code <file entry>}, repeated as {@code 0xE3 0x99 <file entry>} in one datagram. */
    record GlobalSearchResult(List<FileEntry> files) implements ServerUdpMessage {
        public GlobalSearchResult {
            files = List.copyOf(files);
        }
    }

    /**
     * OP_GLOBGETSOURCES 0x9A: {@code (<file hash 16>)*}; OP_GLOBGETSOURCES2 0x94: {@code (<file hash 16><size u32>
     * [<size u64> when the u32 is 0])*}.
     */
    record GlobalGetSources(boolean withSize, List<ServerMessage.SourceQuery> files) implements ServerUdpMessage {
        public GlobalGetSources {
            files = List.copyOf(files);
        }
    }

    /**
     * OP_GLOBFOUNDSOURCES 0x9B: {@code <file hash 16><count u8>(<client id u32><port u16>)*}, repeated with
     * {@code 0xE3 0x9B} for more files.
     */
    record GlobalFoundSources(List<ServerMessage.FoundSources> files) implements ServerUdpMessage {
        public GlobalFoundSources {
            files = List.copyOf(files);
        }
    }

    /** OP_GLOBSERVSTATREQ 0x96: {@code <challenge u32>}. */
    record StatusRequest(long challenge) implements ServerUdpMessage {
    }

    /**
     * OP_GLOBSERVSTATRES 0x97: {@code <challenge u32><users u32><files u32><max users u32><soft files u32>
     * <hard files u32><udp flags u32><lowid users u32>}.
     */
    record StatusResponse(long challenge, long users, long files, long maxUsers, long softFiles, long hardFiles,
                          long udpFlags, long lowIdUsers) implements ServerUdpMessage {
    }

    /**
     * Decodes one datagram.
     *
     * @throws Ed2kWireException on a wrong protocol byte, an unknown opcode or malformed contents
     */
    static ServerUdpMessage decode(ByteBuf in) {
        int prot = Wire.u8(in, "udp protocol");
        if (prot != Ed2kWire.PROT_EDONKEY) {
            throw new Ed2kWireException("udp protocol", String.format("0x%02X", prot), "0xE3");
        }
        int opcode = Wire.u8(in, "udp opcode");
        ServerUdpMessage m;
        switch (opcode) {
            case Ed2kWire.OP_GLOBSEARCHREQ:
            case Ed2kWire.OP_GLOBSEARCHREQ2:
                m = new GlobalSearch(opcode, List.of(), SearchExpr.read(in));
                break;
            case Ed2kWire.OP_GLOBSEARCHREQ3: {
                List<Tag> params = TagCodec.standard().readList(in, TagCodec.CountWidth.U32);
                m = new GlobalSearch(opcode, params, SearchExpr.read(in));
                break;
            }
            case Ed2kWire.OP_GLOBSEARCHRES: {
                List<FileEntry> files = new ArrayList<>();
                files.add(FileEntry.read(in, TagCodec.standard()));
                while (in.isReadable()) {
                    expectRepeat(in, Ed2kWire.OP_GLOBSEARCHRES);
                    if (files.size() >= ServerMessageCodec.MAX_FILES) {
                        throw new Ed2kWireException("udp search results", "more than " + files.size(),
                                "at most " + ServerMessageCodec.MAX_FILES);
                    }
                    files.add(FileEntry.read(in, TagCodec.standard()));
                }
                m = new GlobalSearchResult(files);
                break;
            }
            case Ed2kWire.OP_GLOBGETSOURCES:
            case Ed2kWire.OP_GLOBGETSOURCES2: {
                boolean withSize = opcode == Ed2kWire.OP_GLOBGETSOURCES2;
                List<ServerMessage.SourceQuery> files = new ArrayList<>();
                while (in.isReadable() && files.size() < 256) {
                    Ed2kHash file = Wire.hash(in, "udp get sources hash");
                    long size = -1;
                    if (withSize) {
                        size = Wire.u32(in, "udp get sources size");
                        if (size == 0) {
                            size = Wire.u64(in, "udp get sources large size");
                        }
                    }
                    files.add(new ServerMessage.SourceQuery(file, size));
                }
                if (files.isEmpty()) {
                    throw new Ed2kWireException("udp get sources", "no file", "at least one file hash");
                }
                m = new GlobalGetSources(withSize, files);
                break;
            }
            case Ed2kWire.OP_GLOBFOUNDSOURCES: {
                List<ServerMessage.FoundSources> files = new ArrayList<>();
                files.add(foundSources(in));
                while (in.isReadable()) {
                    expectRepeat(in, Ed2kWire.OP_GLOBFOUNDSOURCES);
                    files.add(foundSources(in));
                }
                m = new GlobalFoundSources(files);
                break;
            }
            case Ed2kWire.OP_GLOBSERVSTATREQ:
                m = new StatusRequest(Wire.u32(in, "udp status challenge"));
                break;
            case Ed2kWire.OP_GLOBSERVSTATRES: {
                long[] v = new long[8];
                v[0] = Wire.u32(in, "udp status challenge");
                v[1] = Wire.u32(in, "udp status users");
                v[2] = Wire.u32(in, "udp status files");
                for (int i = 3; i < 8 && in.readableBytes() >= 4; i++) {
                    v[i] = in.readUnsignedIntLE();
                }
                // newer servers append UDP keys and obfuscation ports: not used here
                in.skipBytes(in.readableBytes());
                m = new StatusResponse(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
                break;
            }
            default:
                throw new Ed2kWireException("udp opcode", String.format("0xE3 0x%02X", opcode),
                        "an eD2k server UDP opcode");
        }
        Wire.end(in, String.format("udp opcode 0x%02X", opcode));
        return m;
    }

    private static void expectRepeat(ByteBuf in, int opcode) {
        int p = Wire.u8(in, "udp repeated protocol");
        int o = Wire.u8(in, "udp repeated opcode");
        if (p != Ed2kWire.PROT_EDONKEY || o != opcode) {
            throw new Ed2kWireException("udp repeated record", String.format("0x%02X 0x%02X", p, o),
                    String.format("0xE3 0x%02X", opcode));
        }
    }

    private static ServerMessage.FoundSources foundSources(ByteBuf in) {
        Ed2kHash file = Wire.hash(in, "udp found sources hash");
        int count = Wire.u8(in, "udp found sources count");
        Wire.need(in, count * 6, "udp found sources");
        List<ServerMessage.Endpoint> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(new ServerMessage.Endpoint(in.readUnsignedIntLE(), in.readUnsignedShortLE()));
        }
        return new ServerMessage.FoundSources(file, sources);
    }

    /** Writes one datagram for {@code m} (tags of results in the new form, as servers send them). */
    static void encode(ServerUdpMessage m, ByteBuf out) {
        out.writeByte(Ed2kWire.PROT_EDONKEY);
        if (m instanceof GlobalSearch s) {
            out.writeByte(s.opcode());
            if (s.opcode() == Ed2kWire.OP_GLOBSEARCHREQ3) {
                TagCodec.standard().writeList(s.params(), out, TagCodec.CountWidth.U32, TagCodec.Form.NEW);
            }
            s.query().write(out);
        } else if (m instanceof GlobalSearchResult r) {
            out.writeByte(Ed2kWire.OP_GLOBSEARCHRES);
            for (int i = 0; i < r.files().size(); i++) {
                if (i > 0) {
                    out.writeByte(Ed2kWire.PROT_EDONKEY);
                    out.writeByte(Ed2kWire.OP_GLOBSEARCHRES);
                }
                r.files().get(i).write(out, TagCodec.Form.NEW);
            }
        } else if (m instanceof GlobalGetSources g) {
            out.writeByte(g.withSize() ? Ed2kWire.OP_GLOBGETSOURCES2 : Ed2kWire.OP_GLOBGETSOURCES);
            for (ServerMessage.SourceQuery q : g.files()) {
                Wire.hash(out, q.file());
                if (g.withSize()) {
                    if (q.size() > 0xFFFF_FFFFL) {
                        out.writeIntLE(0);
                        out.writeLongLE(q.size());
                    } else {
                        Wire.u32(out, q.size());
                    }
                }
            }
        } else if (m instanceof GlobalFoundSources f) {
            out.writeByte(Ed2kWire.OP_GLOBFOUNDSOURCES);
            for (int i = 0; i < f.files().size(); i++) {
                if (i > 0) {
                    out.writeByte(Ed2kWire.PROT_EDONKEY);
                    out.writeByte(Ed2kWire.OP_GLOBFOUNDSOURCES);
                }
                f.files().get(i).write(out, TagCodec.Form.OLD);
            }
        } else if (m instanceof StatusRequest r) {
            out.writeByte(Ed2kWire.OP_GLOBSERVSTATREQ);
            Wire.u32(out, r.challenge());
        } else if (m instanceof StatusResponse r) {
            out.writeByte(Ed2kWire.OP_GLOBSERVSTATRES);
            for (long v : new long[] {r.challenge(), r.users(), r.files(), r.maxUsers(), r.softFiles(), r.hardFiles(),
                r.udpFlags(), r.lowIdUsers()}) {
                Wire.u32(out, v);
            }
        }
    }
}
