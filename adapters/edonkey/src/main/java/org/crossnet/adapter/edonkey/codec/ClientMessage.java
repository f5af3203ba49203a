package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.List;
import org.crossnet.spi.hash.AichNodeHash;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Client-to-client TCP messages (eD2k 0xE3 and eMule 0xC5 space). Each record names its protocol and opcode and
 * writes its payload; {@link ClientMessageDecoder} reads them. Payload layouts (little-endian) are on each record.
 * Records are immutable except the two holding data buffers ({@link SendingPart}, {@link CompressedPart}), which are
 * reference-counted: whoever receives one releases it.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/protocol/ed2k/Client2Client/TCP.h">aMule
 *      ed2k Client2Client/TCP.h</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ClientTCPSocket.cpp">aMule ClientTCPSocket.cpp</a>
 */
public sealed interface ClientMessage {
    int protocol();

    int opcode();

    /** Writes the payload (after the opcode). */
    void write(ByteBuf out);

    /** Shared body of hello and hello answer. */
    interface HelloBody {
        Bytes userHash();

        long clientId();

        int port();

        List<Tag> tags();

        long serverIp();

        int serverPort();
    }

    /**
     * OP_HELLO 0xE3 0x01: {@code <hash size u8 = 16><user hash 16><client id u32><port u16><tag count u32><tags>
     * <server ip u32><server port u16>}.
     */
    record Hello(Bytes userHash, long clientId, int port, List<Tag> tags, long serverIp, int serverPort)
            implements ClientMessage, HelloBody {
        public Hello {
            tags = List.copyOf(tags);
        }

        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_HELLO;
        }

        public void write(ByteBuf out) {
            out.writeByte(16);
            writeHelloBody(this, out);
        }
    }

    /** OP_HELLOANSWER 0xE3 0x4C: as {@link Hello} without the hash size byte. */
    record HelloAnswer(Bytes userHash, long clientId, int port, List<Tag> tags, long serverIp, int serverPort)
            implements ClientMessage, HelloBody {
        public HelloAnswer {
            tags = List.copyOf(tags);
        }

        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_HELLOANSWER;
        }

        public void write(ByteBuf out) {
            writeHelloBody(this, out);
        }
    }

    private static void writeHelloBody(HelloBody h, ByteBuf out) {
        out.writeBytes(h.userHash().toArray());
        Wire.u32(out, h.clientId());
        out.writeShortLE(h.port());
        TagCodec.standard().writeList(h.tags(), out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        Wire.u32(out, h.serverIp());
        out.writeShortLE(h.serverPort());
    }

    /**
     * OP_EMULEINFO 0xC5 0x01 / OP_EMULEINFOANSWER 0xC5 0x02: {@code <client version u8><protocol version u8>
     * <tag count u32><tags>}.
     */
    record EmuleInfo(boolean answer, int version, int protocolVersion, List<Tag> tags) implements ClientMessage {
        public EmuleInfo {
            tags = List.copyOf(tags);
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return answer ? Ed2kWire.OP_EMULEINFOANSWER : Ed2kWire.OP_EMULEINFO;
        }

        public void write(ByteBuf out) {
            out.writeByte(version);
            out.writeByte(protocolVersion);
            TagCodec.standard().writeList(tags, out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        }
    }

    /** OP_SECIDENTSTATE 0xC5 0x87: {@code <state u8><challenge u32>} (secure user identification). */
    record SecIdentState(int state, long challenge) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_SECIDENTSTATE;
        }

        public void write(ByteBuf out) {
            out.writeByte(state);
            Wire.u32(out, challenge);
        }
    }

    /** OP_PUBLICKEY 0xC5 0x85: {@code <length u8><key>} (an X.509 RSA public key). */
    record PublicKey(Bytes key) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_PUBLICKEY;
        }

        public void write(ByteBuf out) {
            out.writeByte(key.length());
            out.writeBytes(key.toArray());
        }
    }

    /**
     * OP_SIGNATURE 0xC5 0x86: {@code <length u8><signature>[<ip kind u8>]} (v2 adds which IP was signed; -1 when
     * absent).
     */
    record Signature(Bytes signature, int ipKind) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_SIGNATURE;
        }

        public void write(ByteBuf out) {
            out.writeByte(signature.length());
            out.writeBytes(signature.toArray());
            if (ipKind >= 0) {
                out.writeByte(ipKind);
            }
        }
    }

    /**
     * OP_REQUESTFILENAME 0xE3 0x58: {@code <file hash 16>[<part status>[<complete sources u16>]]}; the extension
     * (eMule extended requests v1/v2) is present when the receiver advertised that version.
     *
     * @param partStatus      the requester's parts, or null
     * @param completeSources the requester's count of complete sources, or -1
     */
    record FileNameRequest(Ed2kHash file, PartStatus partStatus, int completeSources) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_REQUESTFILENAME;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            writeFileNameExt(partStatus, completeSources, out);
        }
    }

    private static void writeFileNameExt(PartStatus partStatus, int completeSources, ByteBuf out) {
        if (partStatus != null) {
            partStatus.write(out);
            if (completeSources >= 0) {
                out.writeShortLE(completeSources);
            }
        }
    }

    /** OP_REQFILENAMEANSWER 0xE3 0x59: {@code <file hash 16><name length u16><name utf-8>}. */
    record FileNameAnswer(Ed2kHash file, String name) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_REQFILENAMEANSWER;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            Wire.writeString16(out, name);
        }
    }

    /** OP_SETREQFILEID 0xE3 0x4F: {@code <file hash 16>}; asks for the file status. */
    record SetRequestedFile(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_SETREQFILEID;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
        }
    }

    /** OP_FILESTATUS 0xE3 0x50: {@code <file hash 16><part status>}. */
    record FileStatus(Ed2kHash file, PartStatus status) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_FILESTATUS;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            status.write(out);
        }
    }

    /** OP_FILEREQANSNOFIL 0xE3 0x48: {@code <file hash 16>}: the file is not shared here. */
    record FileNotFound(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_FILEREQANSNOFIL;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
        }
    }

    /** OP_HASHSETREQUEST 0xE3 0x51: {@code <file hash 16>}. */
    record HashsetRequest(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_HASHSETREQUEST;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
        }
    }

    /** OP_HASHSETANSWER 0xE3 0x52: {@code <file hash 16><count u16><part hash 16>*count}. */
    record HashsetAnswer(Ed2kHash file, List<Ed2kHash> parts) implements ClientMessage {
        public HashsetAnswer {
            parts = List.copyOf(parts);
        }

        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_HASHSETANSWER;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            out.writeShortLE(parts.size());
            for (Ed2kHash p : parts) {
                Wire.hash(out, p);
            }
        }
    }

    /** OP_STARTUPLOADREQ 0xE3 0x54: {@code [<file hash 16>]} (old clients send no hash; null then). */
    record StartUploadRequest(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_STARTUPLOADREQ;
        }

        public void write(ByteBuf out) {
            if (file != null) {
                Wire.hash(out, file);
            }
        }
    }

    /** OP_ACCEPTUPLOADREQ 0xE3 0x55: empty; the uploader gives us a slot. */
    record AcceptUpload() implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_ACCEPTUPLOADREQ;
        }

        public void write(ByteBuf out) {
        }
    }

    /** OP_CANCELTRANSFER 0xE3 0x56: empty; the downloader gives its slot back. */
    record CancelTransfer() implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_CANCELTRANSFER;
        }

        public void write(ByteBuf out) {
        }
    }

    /** OP_OUTOFPARTREQS 0xE3 0x57: empty; the uploader ends our slot (we go back to its queue). */
    record OutOfParts() implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return Ed2kWire.OP_OUTOFPARTREQS;
        }

        public void write(ByteBuf out) {
        }
    }

    /**
     * OP_QUEUERANKING 0xC5 0x60: {@code <rank u16><10 zero bytes>}, or the old OP_QUEUERANK 0xE3 0x5C:
     * {@code <rank u32>}.
     */
    record QueueRanking(int rank, boolean old) implements ClientMessage {
        public int protocol() {
            return old ? Ed2kWire.PROT_EDONKEY : Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return old ? Ed2kWire.OP_QUEUERANK : Ed2kWire.OP_QUEUERANKING;
        }

        public void write(ByteBuf out) {
            if (old) {
                out.writeIntLE(rank);
            } else {
                out.writeShortLE(Math.min(rank, 0xFFFF));
                out.writeZero(10);
            }
        }
    }

    /**
     * OP_REQUESTPARTS 0xE3 0x47: {@code <file hash 16><start u32 ×3><end u32 ×3>}, or OP_REQUESTPARTS_I64 0xC5 0xA3
     * with u64 offsets. Ends are exclusive; unused slots are (0, 0).
     */
    record RequestParts(Ed2kHash file, long[] starts, long[] ends, boolean large) implements ClientMessage {
        public RequestParts {
            if (starts.length != 3 || ends.length != 3) {
                throw new IllegalArgumentException("ranges: " + starts.length + "/" + ends.length
                        + " (expected: exactly 3 starts and 3 ends)");
            }
            starts = starts.clone();
            ends = ends.clone();
        }

        @Override
        public long[] starts() {
            return starts.clone();
        }

        @Override
        public long[] ends() {
            return ends.clone();
        }

        public int protocol() {
            return large ? Ed2kWire.PROT_EMULE : Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return large ? Ed2kWire.OP_REQUESTPARTS_I64 : Ed2kWire.OP_REQUESTPARTS;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            for (long s : starts) {
                writeOffset(out, s, large);
            }
            for (long e : ends) {
                writeOffset(out, e, large);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RequestParts r && r.file.equals(file) && r.large == large
                    && java.util.Arrays.equals(r.starts, starts) && java.util.Arrays.equals(r.ends, ends);
        }

        @Override
        public int hashCode() {
            return file.hashCode() * 31 + java.util.Arrays.hashCode(starts) * 7 + java.util.Arrays.hashCode(ends);
        }

        @Override
        public String toString() {
            return "RequestParts[" + file + " starts=" + java.util.Arrays.toString(starts) + " ends="
                    + java.util.Arrays.toString(ends) + (large ? " i64" : "") + "]";
        }
    }

    private static void writeOffset(ByteBuf out, long v, boolean large) {
        if (large) {
            out.writeLongLE(v);
        } else {
            Wire.u32(out, v);
        }
    }

    /**
     * OP_SENDINGPART 0xE3 0x46: {@code <file hash 16><start u32><end u32><data: end-start bytes>}, or
     * OP_SENDINGPART_I64 0xC5 0xA2 with u64 offsets. Holds {@code data}: release the message when done.
     */
    record SendingPart(Ed2kHash file, long start, long end, ByteBuf data, boolean large)
            implements ClientMessage, ReferenceCounted {
        public int protocol() {
            return large ? Ed2kWire.PROT_EMULE : Ed2kWire.PROT_EDONKEY;
        }

        public int opcode() {
            return large ? Ed2kWire.OP_SENDINGPART_I64 : Ed2kWire.OP_SENDINGPART;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            writeOffset(out, start, large);
            writeOffset(out, end, large);
            out.writeBytes(data, data.readerIndex(), data.readableBytes());
        }

        public int refCnt() {
            return data.refCnt();
        }

        public SendingPart retain() {
            data.retain();
            return this;
        }

        public SendingPart retain(int increment) {
            data.retain(increment);
            return this;
        }

        public SendingPart touch() {
            data.touch();
            return this;
        }

        public SendingPart touch(Object hint) {
            data.touch(hint);
            return this;
        }

        public boolean release() {
            return data.release();
        }

        public boolean release(int decrement) {
            return data.release(decrement);
        }
    }

    /**
     * OP_COMPRESSEDPART 0xC5 0x40: {@code <file hash 16><start u32><packed length u32><zlib chunk>}, or
     * OP_COMPRESSEDPART_I64 0xC5 0xA1 with a u64 start. One requested block is deflated as one zlib stream of
     * {@code packedLength} bytes, sent in several chunks that all carry the block's start. Holds {@code chunk}:
     * release the message when done.
     */
    record CompressedPart(Ed2kHash file, long start, long packedLength, ByteBuf chunk, boolean large)
            implements ClientMessage, ReferenceCounted {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return large ? Ed2kWire.OP_COMPRESSEDPART_I64 : Ed2kWire.OP_COMPRESSEDPART;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            writeOffset(out, start, large);
            Wire.u32(out, packedLength);
            out.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        }

        public int refCnt() {
            return chunk.refCnt();
        }

        public CompressedPart retain() {
            chunk.retain();
            return this;
        }

        public CompressedPart retain(int increment) {
            chunk.retain(increment);
            return this;
        }

        public CompressedPart touch() {
            chunk.touch();
            return this;
        }

        public CompressedPart touch(Object hint) {
            chunk.touch(hint);
            return this;
        }

        public boolean release() {
            return chunk.release();
        }

        public boolean release(int decrement) {
            return chunk.release(decrement);
        }
    }

    /** One request inside OP_MULTIPACKET(_EXT). */
    sealed interface MultiRequest {
        int opcode();

        void write(ByteBuf out);
    }

    /** {@code 0x58 [<part status>[<complete sources u16>]]}: the file name, with the requester's parts. */
    record NameRequest(PartStatus partStatus, int completeSources) implements MultiRequest {
        public int opcode() {
            return Ed2kWire.OP_REQUESTFILENAME;
        }

        public void write(ByteBuf out) {
            writeFileNameExt(partStatus, completeSources, out);
        }
    }

    /** {@code 0x4F}: the file status. */
    record StatusRequest() implements MultiRequest {
        public int opcode() {
            return Ed2kWire.OP_SETREQFILEID;
        }

        public void write(ByteBuf out) {
        }
    }

    /** {@code 0x81}: sources (source exchange v1). */
    record SourcesRequest() implements MultiRequest {
        public int opcode() {
            return Ed2kWire.OP_REQUESTSOURCES;
        }

        public void write(ByteBuf out) {
        }
    }

    /** {@code 0x83 <version u8><options u16>}: sources (SX2). */
    record Sources2Request(int version, int options) implements MultiRequest {
        public int opcode() {
            return Ed2kWire.OP_REQUESTSOURCES2;
        }

        public void write(ByteBuf out) {
            out.writeByte(version);
            out.writeShortLE(options);
        }
    }

    /** {@code 0x9E}: the AICH root hash. */
    record AichHashRequest() implements MultiRequest {
        public int opcode() {
            return Ed2kWire.OP_AICHFILEHASHREQ;
        }

        public void write(ByteBuf out) {
        }
    }

    /**
     * OP_MULTIPACKET 0xC5 0x92: {@code <file hash 16>{<sub opcode u8><sub payload>}*}, or OP_MULTIPACKET_EXT 0xC5
     * 0xA4: {@code <file hash 16><file size u64>{…}*} (fileSize -1 for the plain form).
     */
    record MultiPacket(Ed2kHash file, long fileSize, List<MultiRequest> requests) implements ClientMessage {
        public MultiPacket {
            requests = List.copyOf(requests);
        }

        public boolean ext() {
            return fileSize >= 0;
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return ext() ? Ed2kWire.OP_MULTIPACKET_EXT : Ed2kWire.OP_MULTIPACKET;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            if (ext()) {
                out.writeLongLE(fileSize);
            }
            for (MultiRequest r : requests) {
                out.writeByte(r.opcode());
                r.write(out);
            }
        }
    }

    /** One answer inside OP_MULTIPACKETANSWER. */
    sealed interface MultiAnswer {
        int opcode();

        void write(ByteBuf out);
    }

    /** {@code 0x59 <length u16><name>}. */
    record NameAnswer(String name) implements MultiAnswer {
        public int opcode() {
            return Ed2kWire.OP_REQFILENAMEANSWER;
        }

        public void write(ByteBuf out) {
            Wire.writeString16(out, name);
        }
    }

    /** {@code 0x50 <part status>}. */
    record StatusAnswer(PartStatus status) implements MultiAnswer {
        public int opcode() {
            return Ed2kWire.OP_FILESTATUS;
        }

        public void write(ByteBuf out) {
            status.write(out);
        }
    }

    /** {@code 0x9D <AICH root 20>}. */
    record AichHashAnswer(AichRoot aich) implements MultiAnswer {
        public int opcode() {
            return Ed2kWire.OP_AICHFILEHASHANS;
        }

        public void write(ByteBuf out) {
            out.writeBytes(aich.bytes().toArray());
        }
    }

    /** OP_MULTIPACKETANSWER 0xC5 0x93: {@code <file hash 16>{<sub opcode u8><sub payload>}*}. */
    record MultiPacketAnswer(Ed2kHash file, List<MultiAnswer> answers) implements ClientMessage {
        public MultiPacketAnswer {
            answers = List.copyOf(answers);
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_MULTIPACKETANSWER;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            for (MultiAnswer a : answers) {
                out.writeByte(a.opcode());
                a.write(out);
            }
        }
    }

    /** OP_REQUESTSOURCES2 0xC5 0x83: {@code <version u8><options u16><file hash 16>} (SX2). */
    record RequestSources2(int version, int options, Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_REQUESTSOURCES2;
        }

        public void write(ByteBuf out) {
            out.writeByte(version);
            out.writeShortLE(options);
            Wire.hash(out, file);
        }
    }

    /**
     * One source in an SX answer. {@code id} is as on the wire: from SX v3 on the "hybrid" form (a HighID is the IPv4
     * address as a big-endian number), below it the ed2k client id.
     *
     * @param userHash    from v2 on, else null
     * @param cryptOptions from v4 on, else -1
     */
    record Source(long id, int port, long serverIp, int serverPort, Bytes userHash, int cryptOptions) {
    }

    /**
     * OP_ANSWERSOURCES2 0xC5 0x84: {@code <version u8><file hash 16><count u16>(<id u32><port u16><server ip u32>
     * <server port u16>[<user hash 16> v2+][<crypt options u8> v4+])*}.
     */
    record AnswerSources2(int version, Ed2kHash file, List<Source> sources) implements ClientMessage {
        public AnswerSources2 {
            sources = List.copyOf(sources);
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_ANSWERSOURCES2;
        }

        public void write(ByteBuf out) {
            out.writeByte(version);
            Wire.hash(out, file);
            out.writeShortLE(sources.size());
            for (Source s : sources) {
                Wire.u32(out, s.id());
                out.writeShortLE(s.port());
                Wire.u32(out, s.serverIp());
                out.writeShortLE(s.serverPort());
                if (version >= 2) {
                    out.writeBytes(s.userHash() != null ? s.userHash().toArray() : new byte[16]);
                }
                if (version >= 4) {
                    out.writeByte(Math.max(0, s.cryptOptions()));
                }
            }
        }
    }

    /** OP_AICHFILEHASHREQ 0xC5 0x9E: {@code <file hash 16>}. */
    record AichFileHashRequest(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_AICHFILEHASHREQ;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
        }
    }

    /** OP_AICHFILEHASHANS 0xC5 0x9D: {@code <file hash 16><AICH root 20>}. */
    record AichFileHashAnswer(Ed2kHash file, AichRoot aich) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_AICHFILEHASHANS;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            out.writeBytes(aich.bytes().toArray());
        }
    }

    /**
     * OP_AICHREQUEST 0xC5 0x9B: {@code <file hash 16><part u16><AICH root 20>}: the recovery data of one part, for
     * the root the requester trusts.
     *
     * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/BaseClient.cpp">aMule BaseClient.cpp
     *      (SendAICHRequest)</a>
     */
    record AichRequest(Ed2kHash file, int part, AichRoot root) implements ClientMessage {
        public AichRequest {
            if (part < 0 || part > 0xFFFF) {
                throw new IllegalArgumentException("part: " + part + " (expected: 0..65535)");
            }
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_AICHREQUEST;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            out.writeShortLE(part);
            out.writeBytes(root.bytes().toArray());
        }
    }

    /**
     * OP_AICHANSWER 0xC5 0x9C with data: {@code <file hash 16><part u16><AICH root 20><count16 u16>
     * (<id u16><hash 20>)*count16 <count32 u16>(<id u32><hash 20>)*count32}. eMule and aMule fill one of the two
     * lists and send 0 for the other: the 16-bit one for files up to 4,290,048,000 bytes, the 32-bit one above
     * ({@code wideIds}). Hash order: the subtrees beside the way down to the part, then the part's blocks.
     *
     * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SHAHashSet.cpp">aMule SHAHashSet.cpp
     *      (CreatePartRecoveryData, ReadRecoveryData)</a>
     */
    record AichAnswer(Ed2kHash file, int part, AichRoot root, List<AichNodeHash> hashes, boolean wideIds)
            implements ClientMessage {
        public AichAnswer {
            hashes = List.copyOf(hashes);
            if (part < 0 || part > 0xFFFF || hashes.isEmpty() || hashes.size() > AichTree.MAX_RECOVERY_HASHES) {
                throw new IllegalArgumentException("part/hashes: " + part + "/" + hashes.size()
                        + " (expected: 0..65535 / 1.." + AichTree.MAX_RECOVERY_HASHES + ")");
            }
            for (AichNodeHash h : hashes) {
                if (!wideIds && h.id() > 0xFFFF) {
                    throw new IllegalArgumentException("id: 0x" + Long.toHexString(h.id())
                            + " (expected: 16 bits without wideIds)");
                }
            }
        }

        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_AICHANSWER;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
            out.writeShortLE(part);
            out.writeBytes(root.bytes().toArray());
            if (wideIds) {
                out.writeShortLE(0);
            }
            out.writeShortLE(hashes.size());
            for (AichNodeHash h : hashes) {
                if (wideIds) {
                    Wire.u32(out, h.id());
                } else {
                    out.writeShortLE((int) h.id());
                }
                out.writeBytes(h.hash().toArray());
            }
            if (!wideIds) {
                out.writeShortLE(0);
            }
        }
    }

    /** OP_AICHANSWER 0xC5 0x9C without data: {@code <file hash 16>}: the peer cannot give that part's recovery data. */
    record AichNoAnswer(Ed2kHash file) implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_AICHANSWER;
        }

        public void write(ByteBuf out) {
            Wire.hash(out, file);
        }
    }

    /** OP_KAD_FWTCPCHECK_ACK 0xC5 0xA8: empty; a Kad node confirms our TCP port is reachable. */
    record KadFirewallAck() implements ClientMessage {
        public int protocol() {
            return Ed2kWire.PROT_EMULE;
        }

        public int opcode() {
            return Ed2kWire.OP_KAD_FWTCPCHECK_ACK;
        }

        public void write(ByteBuf out) {
        }
    }

    /**
     * A known eD2k/eMule opcode this gateway does not act on (shared-file browsing, chat, preview, buddies,
     * callbacks): its payload was skipped. Never encoded.
     */
    record Unsupported(int protocol, int opcode, int length) implements ClientMessage {
        public void write(ByteBuf out) {
            throw new UnsupportedOperationException(String.format("opcode 0x%02X 0x%02X is not sent", protocol,
                    opcode));
        }
    }
}
