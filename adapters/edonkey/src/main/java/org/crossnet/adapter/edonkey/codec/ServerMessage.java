package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Client-to-server and server-to-client TCP messages (0xE3; the opcodes of both directions do not collide, so one
 * model serves the client side and the index-server role). Layouts (little-endian) are on each record.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/ed2k/Client2Server/TCP.h">aMule
 *      ed2k Client2Server/TCP.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerSocket.cpp">aMule ServerSocket.cpp</a>
 */
public sealed interface ServerMessage {
    int opcode();

    /** Writes the payload; {@code form} is the tag form the server negotiated (SRV_TCPFLG_NEWTAGS). */
    void write(ByteBuf out, TagCodec.Form form);

    /** One address in a source or server list. */
    record Endpoint(long id, int port) {
    }

    /** OP_LOGINREQUEST 0x01: {@code <user hash 16><client id u32><port u16><tag count u32><tags>}. */
    record LoginRequest(Bytes userHash, long clientId, int port, List<Tag> tags) implements ServerMessage {
        public LoginRequest {
            tags = List.copyOf(tags);
        }

        public int opcode() {
            return Ed2kWire.OP_LOGINREQUEST;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            out.writeBytes(userHash.toArray());
            Wire.u32(out, clientId);
            out.writeShortLE(port);
            TagCodec.standard().writeList(tags, out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        }
    }

    /** OP_REJECT 0x05, OP_GETSERVERLIST 0x14, OP_DISCONNECT 0x18, OP_QUERY_MORE_RESULT 0x21, OP_CALLBACK_FAIL 0x36: empty. */
    record Empty(int opcode) implements ServerMessage {
        public void write(ByteBuf out, TagCodec.Form form) {
        }
    }

    /** OP_OFFERFILES 0x15: {@code <count u32><file entry>*}. */
    record OfferFiles(List<FileEntry> files) implements ServerMessage {
        public OfferFiles {
            files = List.copyOf(files);
        }

        public int opcode() {
            return Ed2kWire.OP_OFFERFILES;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            out.writeIntLE(files.size());
            for (FileEntry f : files) {
                f.write(out, form);
            }
        }
    }

    /** OP_SEARCHREQUEST 0x16: {@code <search tree>}. */
    record SearchRequest(SearchExpr query) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_SEARCHREQUEST;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            query.write(out);
        }
    }

    /** One file of a get-sources request; size -1 when the old form without size was used. */
    record SourceQuery(Ed2kHash file, long size) {
    }

    /**
     * OP_GETSOURCES 0x19 / OP_GETSOURCES_OBFU 0x23: one or more {@code <file hash 16><size u32>}, or for files of 4 GiB
     * and more {@code <file hash 16><0 u32><size u64>}; old clients send the hash alone.
     */
    record GetSources(boolean obfuscated, List<SourceQuery> files) implements ServerMessage {
        public GetSources {
            files = List.copyOf(files);
        }

        public int opcode() {
            return obfuscated ? Ed2kWire.OP_GETSOURCES_OBFU : Ed2kWire.OP_GETSOURCES;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            for (SourceQuery q : files) {
                Wire.hash(out, q.file());
                if (q.size() > 0xFFFF_FFFFL) {
                    out.writeIntLE(0);
                    out.writeLongLE(q.size());
                } else if (q.size() >= 0) {
                    Wire.u32(out, q.size());
                }
            }
        }
    }

    /** OP_CALLBACKREQUEST 0x1C: {@code <LowID u32>}: ask the server to have that client connect to us. */
    record CallbackRequest(long clientId) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_CALLBACKREQUEST;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.u32(out, clientId);
        }
    }

    /** OP_SERVERLIST 0x32: {@code <count u8>(<ip u32><port u16>)*}. */
    record ServerList(List<Endpoint> servers) implements ServerMessage {
        public ServerList {
            servers = List.copyOf(servers);
        }

        public int opcode() {
            return Ed2kWire.OP_SERVERLIST;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            out.writeByte(servers.size());
            for (Endpoint e : servers) {
                Wire.u32(out, e.id());
                out.writeShortLE(e.port());
            }
        }
    }

    /**
     * OP_SEARCHRESULT 0x33: {@code <count u32><file entry>*[<more u8>]}.
     *
     * @param more 1 when the server holds more results, 0 when not, -1 when the byte is absent
     */
    record SearchResult(List<FileEntry> files, int more) implements ServerMessage {
        public SearchResult {
            files = List.copyOf(files);
        }

        public int opcode() {
            return Ed2kWire.OP_SEARCHRESULT;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            out.writeIntLE(files.size());
            for (FileEntry f : files) {
                f.write(out, form);
            }
            if (more >= 0) {
                out.writeByte(more);
            }
        }
    }

    /** OP_SERVERSTATUS 0x34: {@code <users u32><files u32>}. */
    record ServerStatus(long users, long files) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_SERVERSTATUS;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.u32(out, users);
            Wire.u32(out, files);
        }
    }

    /**
     * OP_CALLBACKREQUESTED 0x35: {@code <ip u32><port u16>[<crypt options u8><user hash 16>]}: connect to that client
     * (it asked for us through the server because we have a LowID).
     */
    record CallbackRequested(long ip, int port, int cryptOptions, Bytes userHash) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_CALLBACKREQUESTED;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.u32(out, ip);
            out.writeShortLE(port);
            if (cryptOptions >= 0) {
                out.writeByte(cryptOptions);
                out.writeBytes(userHash.toArray());
            }
        }
    }

    /** OP_SERVERMESSAGE 0x38: {@code <length u16><text>} (lines separated by CR LF). */
    record ServerText(String text) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_SERVERMESSAGE;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.writeString16(out, text);
        }
    }

    /**
     * OP_IDCHANGE 0x40: {@code <client id u32>[<tcp flags u32>[<aux port u32>]]}: the login answer, with our id (an
     * IPv4 address for a HighID, below 2^24 for a LowID) and the server's SRV_TCPFLG_* capabilities; -1 when absent.
     */
    record IdChange(long clientId, long tcpFlags, long auxPort) implements ServerMessage {
        public int opcode() {
            return Ed2kWire.OP_IDCHANGE;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.u32(out, clientId);
            if (tcpFlags >= 0) {
                Wire.u32(out, tcpFlags);
                if (auxPort >= 0) {
                    Wire.u32(out, auxPort);
                }
            }
        }
    }

    /** OP_SERVERIDENT 0x41: {@code <server hash 16><ip u32><port u16><tag count u32><tags: name 0x01, description 0x0B>}. */
    record ServerIdent(Bytes hash, long ip, int port, List<Tag> tags) implements ServerMessage {
        public ServerIdent {
            tags = List.copyOf(tags);
        }

        public int opcode() {
            return Ed2kWire.OP_SERVERIDENT;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            out.writeBytes(hash.toArray());
            Wire.u32(out, ip);
            out.writeShortLE(port);
            TagCodec.standard().writeList(tags, out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        }
    }

    /**
     * OP_FOUNDSOURCES 0x42: {@code <file hash 16><count u8>(<client id u32><port u16>)*}; OP_FOUNDSOURCES_OBFU 0x44
     * adds {@code <crypt options u8>[<user hash 16> when options & 0x80]} to each source (not modelled: read as
     * plain sources).
     */
    record FoundSources(Ed2kHash file, List<Endpoint> sources) implements ServerMessage {
        public FoundSources {
            sources = List.copyOf(sources);
        }

        public int opcode() {
            return Ed2kWire.OP_FOUNDSOURCES;
        }

        public void write(ByteBuf out, TagCodec.Form form) {
            Wire.hash(out, file);
            out.writeByte(sources.size());
            for (Endpoint e : sources) {
                Wire.u32(out, e.id());
                out.writeShortLE(e.port());
            }
        }
    }

    /** A known server opcode this gateway ignores (user lists, user search): payload skipped; never encoded. */
    record Unsupported(int opcode, int length) implements ServerMessage {
        public void write(ByteBuf out, TagCodec.Form form) {
            throw new UnsupportedOperationException(String.format("server opcode 0x%02X is not sent", opcode));
        }
    }
}
