package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.crossnet.spi.hash.AichNodeHash;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Decodes client-to-client {@link Ed2kPacket}s into {@link ClientMessage}s; the layouts are on the records. Every
 * field is length-checked; a payload with bytes left over, a count that does not fit the payload, an offset range
 * that is empty or inverted, or an opcode aMule does not know raises {@link Ed2kWireException}. Known opcodes the
 * gateway does not act on come out as {@link ClientMessage.Unsupported}. Not sharable: it carries the peer's
 * extended-request version.
 */
public final class ClientMessageDecoder extends MessageToMessageDecoder<Ed2kPacket> {
    /** Most part hashes in a hashset answer: a 256 GiB file has 28,257. */
    public static final int MAX_PART_HASHES = (int) (Ed2kWire.MAX_FILE_SIZE / Ed2kWire.PART_SIZE) + 1;
    /** Most sources in one SX answer (eMule sends at most 500). */
    public static final int MAX_SX_SOURCES = 1000;

    private static final Set<Integer> UNSUPPORTED_EDONKEY = Set.of(Ed2kWire.OP_END_OF_DOWNLOAD,
            Ed2kWire.OP_ASKSHAREDFILES, Ed2kWire.OP_ASKSHAREDFILESANSWER, Ed2kWire.OP_CHANGE_CLIENT_ID,
            Ed2kWire.OP_MESSAGE, Ed2kWire.OP_CHANGE_SLOT, Ed2kWire.OP_ASKSHAREDDIRS, Ed2kWire.OP_ASKSHAREDFILESDIR,
            Ed2kWire.OP_ASKSHAREDDIRSANS, Ed2kWire.OP_ASKSHAREDFILESDIRANS, Ed2kWire.OP_ASKSHAREDDENIEDANS);
    private static final Set<Integer> UNSUPPORTED_EMULE = Set.of(Ed2kWire.OP_FILEDESC, 0x71, 0x72, 0x73, 0x74,
            Ed2kWire.OP_REQUESTSOURCES, Ed2kWire.OP_ANSWERSOURCES, Ed2kWire.OP_REQUESTPREVIEW,
            Ed2kWire.OP_PREVIEWANSWER, Ed2kWire.OP_PUBLICIP_REQ, Ed2kWire.OP_PUBLICIP_ANSWER, Ed2kWire.OP_CALLBACK,
            Ed2kWire.OP_REASKCALLBACKTCP, Ed2kWire.OP_BUDDYPING,
            Ed2kWire.OP_BUDDYPONG, Ed2kWire.OP_CHATCAPTCHAREQ, Ed2kWire.OP_CHATCAPTCHARES, Ed2kWire.OP_FWCHECKUDPREQ);

    private volatile int extendedRequestsVersion = 2;

    public ClientMessageDecoder() {
        super(Ed2kPacket.class);
    }

    /**
     * The extended-request version the sender wrote file-name requests for (aMule writes the part status when the
     * receiver advertised version 1 or more, the complete-source count from version 2): ours, as advertised.
     */
    public void extendedRequestsVersion(int version) {
        this.extendedRequestsVersion = version;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Ed2kPacket packet, List<Object> out) {
        out.add(decode(packet.protocol(), packet.opcode(), packet.payload(), extendedRequestsVersion));
    }

    /**
     * Decodes one payload (reader index to writer index). {@link ClientMessage.SendingPart} and
     * {@link ClientMessage.CompressedPart} hold a retained slice of {@code payload}.
     *
     * @param extReqVersion see {@link #extendedRequestsVersion(int)}
     * @throws Ed2kWireException on malformed input or an unknown opcode
     */
    public static ClientMessage decode(int protocol, int opcode, ByteBuf payload, int extReqVersion) {
        if (protocol == Ed2kWire.PROT_EDONKEY) {
            return decodeEdonkey(opcode, payload, extReqVersion);
        }
        if (protocol == Ed2kWire.PROT_EMULE) {
            return decodeEmule(opcode, payload, extReqVersion);
        }
        throw new Ed2kWireException("protocol", String.format("0x%02X", protocol), "0xE3 or 0xC5");
    }

    private static ClientMessage decodeEdonkey(int opcode, ByteBuf in, int extReqVersion) {
        ClientMessage m;
        switch (opcode) {
            case Ed2kWire.OP_HELLO: {
                int hashSize = Wire.u8(in, "hello hash size");
                if (hashSize != 16) {
                    throw new Ed2kWireException("hello hash size", hashSize, "16");
                }
                m = helloBody(in, true);
                break;
            }
            case Ed2kWire.OP_HELLOANSWER:
                m = helloBody(in, false);
                break;
            case Ed2kWire.OP_REQUESTFILENAME: {
                Ed2kHash file = Wire.hash(in, "file name request hash");
                PartStatus status = null;
                int complete = -1;
                if (in.isReadable()) {
                    status = PartStatus.read(in, "file name request part status");
                    if (in.isReadable()) {
                        complete = Wire.u16(in, "file name request complete sources");
                    }
                }
                m = new ClientMessage.FileNameRequest(file, status, complete);
                break;
            }
            case Ed2kWire.OP_REQFILENAMEANSWER:
                m = new ClientMessage.FileNameAnswer(Wire.hash(in, "file name hash"), Wire.string16(in, "file name"));
                break;
            case Ed2kWire.OP_SETREQFILEID:
                m = new ClientMessage.SetRequestedFile(Wire.hash(in, "set file hash"));
                break;
            case Ed2kWire.OP_FILESTATUS:
                m = new ClientMessage.FileStatus(Wire.hash(in, "file status hash"),
                        PartStatus.read(in, "file status"));
                break;
            case Ed2kWire.OP_FILEREQANSNOFIL:
                m = new ClientMessage.FileNotFound(Wire.hash(in, "file not found hash"));
                break;
            case Ed2kWire.OP_HASHSETREQUEST:
                m = new ClientMessage.HashsetRequest(Wire.hash(in, "hashset request hash"));
                break;
            case Ed2kWire.OP_HASHSETANSWER: {
                Ed2kHash file = Wire.hash(in, "hashset hash");
                int count = Wire.u16(in, "hashset count");
                if (count > MAX_PART_HASHES || in.readableBytes() != count * 16) {
                    throw new Ed2kWireException("hashset count", count,
                            "exactly the " + in.readableBytes() / 16 + " hashes of the payload, at most "
                                    + MAX_PART_HASHES);
                }
                List<Ed2kHash> parts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    parts.add(Wire.hash(in, "part hash"));
                }
                m = new ClientMessage.HashsetAnswer(file, parts);
                break;
            }
            case Ed2kWire.OP_STARTUPLOADREQ:
                m = new ClientMessage.StartUploadRequest(in.isReadable() ? Wire.hash(in, "upload request hash") : null);
                break;
            case Ed2kWire.OP_ACCEPTUPLOADREQ:
                m = new ClientMessage.AcceptUpload();
                break;
            case Ed2kWire.OP_CANCELTRANSFER:
                m = new ClientMessage.CancelTransfer();
                break;
            case Ed2kWire.OP_OUTOFPARTREQS:
                m = new ClientMessage.OutOfParts();
                break;
            case Ed2kWire.OP_QUEUERANK: {
                long rank = Wire.u32(in, "queue rank");
                m = new ClientMessage.QueueRanking((int) Math.min(rank, Integer.MAX_VALUE), true);
                break;
            }
            case Ed2kWire.OP_REQUESTPARTS:
                m = requestParts(in, false);
                break;
            case Ed2kWire.OP_SENDINGPART:
                return sendingPart(in, false);
            default:
                if (UNSUPPORTED_EDONKEY.contains(opcode)) {
                    int length = in.readableBytes();
                    in.skipBytes(length);
                    return new ClientMessage.Unsupported(Ed2kWire.PROT_EDONKEY, opcode, length);
                }
                throw new UnknownOpcodeException("client-to-client", Ed2kWire.PROT_EDONKEY, opcode);
        }
        Wire.end(in, String.format("opcode 0x%02X", opcode));
        return m;
    }

    private static ClientMessage decodeEmule(int opcode, ByteBuf in, int extReqVersion) {
        ClientMessage m;
        switch (opcode) {
            case Ed2kWire.OP_EMULEINFO:
            case Ed2kWire.OP_EMULEINFOANSWER: {
                int version = Wire.u8(in, "emule info version");
                int prot = Wire.u8(in, "emule info protocol");
                m = new ClientMessage.EmuleInfo(opcode == Ed2kWire.OP_EMULEINFOANSWER, version, prot,
                        TagCodec.standard().readList(in, TagCodec.CountWidth.U32));
                break;
            }
            case Ed2kWire.OP_SECIDENTSTATE:
                m = new ClientMessage.SecIdentState(Wire.u8(in, "secident state"), Wire.u32(in, "secident challenge"));
                break;
            case Ed2kWire.OP_PUBLICKEY: {
                int len = Wire.u8(in, "public key length");
                m = new ClientMessage.PublicKey(Wire.bytes(in, len, "public key"));
                break;
            }
            case Ed2kWire.OP_SIGNATURE: {
                int len = Wire.u8(in, "signature length");
                Bytes sig = Wire.bytes(in, len, "signature");
                int kind = in.isReadable() ? Wire.u8(in, "signature ip kind") : -1;
                m = new ClientMessage.Signature(sig, kind);
                break;
            }
            case Ed2kWire.OP_QUEUERANKING: {
                int rank = Wire.u16(in, "queue ranking");
                // eMule pads the rank with 10 zero bytes; their content carries nothing.
                Wire.need(in, 10, "queue ranking padding");
                in.skipBytes(10);
                m = new ClientMessage.QueueRanking(rank, false);
                break;
            }
            case Ed2kWire.OP_REQUESTPARTS_I64:
                m = requestParts(in, true);
                break;
            case Ed2kWire.OP_SENDINGPART_I64:
                return sendingPart(in, true);
            case Ed2kWire.OP_COMPRESSEDPART:
            case Ed2kWire.OP_COMPRESSEDPART_I64: {
                boolean large = opcode == Ed2kWire.OP_COMPRESSEDPART_I64;
                Ed2kHash file = Wire.hash(in, "compressed part hash");
                long start = large ? Wire.u64(in, "compressed part start") : Wire.u32(in, "compressed part start");
                long packed = Wire.u32(in, "compressed part packed length");
                if (packed == 0 || !in.isReadable() || in.readableBytes() > packed) {
                    throw new Ed2kWireException("compressed part chunk", in.readableBytes() + " of " + packed
                            + " packed bytes", "1..packed length bytes");
                }
                return new ClientMessage.CompressedPart(file, start, packed, in.readRetainedSlice(in.readableBytes()),
                        large);
            }
            case Ed2kWire.OP_MULTIPACKET:
            case Ed2kWire.OP_MULTIPACKET_EXT: {
                Ed2kHash file = Wire.hash(in, "multipacket hash");
                long size = -1;
                if (opcode == Ed2kWire.OP_MULTIPACKET_EXT) {
                    size = Wire.u64(in, "multipacket file size");
                }
                List<ClientMessage.MultiRequest> requests = new ArrayList<>();
                while (in.isReadable()) {
                    int sub = in.readUnsignedByte();
                    requests.add(multiRequest(sub, in, extReqVersion));
                }
                m = new ClientMessage.MultiPacket(file, size, requests);
                break;
            }
            case Ed2kWire.OP_MULTIPACKETANSWER: {
                Ed2kHash file = Wire.hash(in, "multipacket answer hash");
                List<ClientMessage.MultiAnswer> answers = new ArrayList<>();
                while (in.isReadable()) {
                    int sub = in.readUnsignedByte();
                    switch (sub) {
                        case Ed2kWire.OP_REQFILENAMEANSWER:
                            answers.add(new ClientMessage.NameAnswer(Wire.string16(in, "file name")));
                            break;
                        case Ed2kWire.OP_FILESTATUS:
                            answers.add(new ClientMessage.StatusAnswer(PartStatus.read(in, "file status")));
                            break;
                        case Ed2kWire.OP_AICHFILEHASHANS:
                            answers.add(new ClientMessage.AichHashAnswer(new AichRoot(Wire.bytes(in, 20, "aich"))));
                            break;
                        default:
                            throw new Ed2kWireException("multipacket answer opcode", String.format("0x%02X", sub),
                                    "0x59, 0x50 or 0x9D");
                    }
                }
                m = new ClientMessage.MultiPacketAnswer(file, answers);
                break;
            }
            case Ed2kWire.OP_REQUESTSOURCES2:
                m = new ClientMessage.RequestSources2(Wire.u8(in, "sx2 version"), Wire.u16(in, "sx2 options"),
                        Wire.hash(in, "sx2 hash"));
                break;
            case Ed2kWire.OP_ANSWERSOURCES2: {
                int version = Wire.u8(in, "sx2 answer version");
                if (version < 1 || version > 4) {
                    throw new Ed2kWireException("sx2 answer version", version, "1..4");
                }
                Ed2kHash file = Wire.hash(in, "sx2 answer hash");
                int count = Wire.u16(in, "sx2 answer count");
                int each = 12 + (version >= 2 ? 16 : 0) + (version >= 4 ? 1 : 0);
                if (count > MAX_SX_SOURCES || in.readableBytes() != count * each) {
                    throw new Ed2kWireException("sx2 answer count", count, "the " + in.readableBytes() / each
                            + " sources of the payload, at most " + MAX_SX_SOURCES);
                }
                List<ClientMessage.Source> sources = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long id = in.readUnsignedIntLE();
                    int port = in.readUnsignedShortLE();
                    long sip = in.readUnsignedIntLE();
                    int sport = in.readUnsignedShortLE();
                    Bytes hash = version >= 2 ? Wire.bytes(in, 16, "sx2 user hash") : null;
                    int crypt = version >= 4 ? in.readUnsignedByte() : -1;
                    sources.add(new ClientMessage.Source(id, port, sip, sport, hash, crypt));
                }
                m = new ClientMessage.AnswerSources2(version, file, sources);
                break;
            }
            case Ed2kWire.OP_AICHFILEHASHREQ:
                m = new ClientMessage.AichFileHashRequest(Wire.hash(in, "aich request hash"));
                break;
            case Ed2kWire.OP_AICHFILEHASHANS:
                m = new ClientMessage.AichFileHashAnswer(Wire.hash(in, "aich answer hash"),
                        new AichRoot(Wire.bytes(in, 20, "aich")));
                break;
            case Ed2kWire.OP_AICHREQUEST:
                m = new ClientMessage.AichRequest(Wire.hash(in, "aich request hash"), Wire.u16(in, "aich request part"),
                        new AichRoot(Wire.bytes(in, AichRoot.LENGTH, "aich request root")));
                break;
            case Ed2kWire.OP_AICHANSWER:
                m = aichAnswer(in);
                break;
            case Ed2kWire.OP_KAD_FWTCPCHECK_ACK:
                m = new ClientMessage.KadFirewallAck();
                break;
            default:
                if (UNSUPPORTED_EMULE.contains(opcode)) {
                    int length = in.readableBytes();
                    in.skipBytes(length);
                    return new ClientMessage.Unsupported(Ed2kWire.PROT_EMULE, opcode, length);
                }
                throw new UnknownOpcodeException("eMule client-to-client", Ed2kWire.PROT_EMULE, opcode);
        }
        Wire.end(in, String.format("opcode 0x%02X", opcode));
        return m;
    }

    private static ClientMessage.MultiRequest multiRequest(int sub, ByteBuf in, int extReqVersion) {
        switch (sub) {
            case Ed2kWire.OP_REQUESTFILENAME: {
                PartStatus status = null;
                int complete = -1;
                if (extReqVersion > 0) {
                    status = PartStatus.read(in, "multipacket part status");
                    if (extReqVersion > 1) {
                        complete = Wire.u16(in, "multipacket complete sources");
                    }
                }
                return new ClientMessage.NameRequest(status, complete);
            }
            case Ed2kWire.OP_SETREQFILEID:
                return new ClientMessage.StatusRequest();
            case Ed2kWire.OP_REQUESTSOURCES:
                return new ClientMessage.SourcesRequest();
            case Ed2kWire.OP_REQUESTSOURCES2:
                return new ClientMessage.Sources2Request(Wire.u8(in, "sx2 version"), Wire.u16(in, "sx2 options"));
            case Ed2kWire.OP_AICHFILEHASHREQ:
                return new ClientMessage.AichHashRequest();
            default:
                // aMule stops at an unknown sub-opcode too: its payload length is unknown.
                throw new Ed2kWireException("multipacket opcode", String.format("0x%02X", sub),
                        "0x58, 0x4F, 0x81, 0x83 or 0x9E");
        }
    }

    /**
     * OP_AICHANSWER: {@code <file hash 16>} alone (no data), or {@code <file hash 16><part u16><root 20><count16 u16>
     * (<id u16><hash 20>)* <count32 u16>(<id u32><hash 20>)*} with exactly one list filled (see
     * {@link ClientMessage.AichAnswer}). Counts are checked against {@link AichTree#MAX_RECOVERY_HASHES} and the
     * payload before anything is read; ids must not be 0 or the root's (1), and 32-bit ids must stay within aMule's
     * bound 0x400000. Whether the hashes fit the part is checked later, against the file's tree.
     */
    private static ClientMessage aichAnswer(ByteBuf in) {
        Ed2kHash file = Wire.hash(in, "aich answer hash");
        if (!in.isReadable()) {
            return new ClientMessage.AichNoAnswer(file);
        }
        int part = Wire.u16(in, "aich answer part");
        AichRoot root = new AichRoot(Wire.bytes(in, AichRoot.LENGTH, "aich answer root"));
        int count16 = aichCount(in, "aich answer 16-bit count", 2);
        List<AichNodeHash> hashes = new ArrayList<>(count16);
        readAichHashes(in, count16, false, hashes);
        int count32 = aichCount(in, "aich answer 32-bit count", 4);
        if (count16 > 0 && count32 > 0) {
            throw new Ed2kWireException("aich answer 32-bit count", count32, "0 after " + count16
                    + " hashes with 16-bit ids");
        }
        if (count16 == 0 && count32 == 0) {
            throw new Ed2kWireException("aich answer counts", "0 and 0", "one list of 1.."
                    + AichTree.MAX_RECOVERY_HASHES + " hashes");
        }
        readAichHashes(in, count32, true, hashes);
        return new ClientMessage.AichAnswer(file, part, root, hashes, count32 > 0);
    }

    private static int aichCount(ByteBuf in, String field, int idSize) {
        int count = Wire.u16(in, field);
        int each = idSize + AichTree.HASH_SIZE;
        if (count > AichTree.MAX_RECOVERY_HASHES || in.readableBytes() < count * each) {
            throw new Ed2kWireException(field, count, "at most " + AichTree.MAX_RECOVERY_HASHES + " and at most the "
                    + in.readableBytes() / each + " hashes left in the payload");
        }
        return count;
    }

    private static void readAichHashes(ByteBuf in, int count, boolean wide, List<AichNodeHash> out) {
        for (int i = 0; i < count; i++) {
            long id = wide ? in.readUnsignedIntLE() : in.readUnsignedShortLE();
            if (id <= 1 || (wide && id > 0x40_0000)) {
                throw new Ed2kWireException("aich answer node id " + i, "0x" + Long.toHexString(id),
                        wide ? "0x2..0x400000" : "0x2..0xFFFF");
            }
            out.add(new AichNodeHash(id, Wire.bytes(in, AichTree.HASH_SIZE, "aich answer hash " + i)));
        }
    }

    private static ClientMessage helloBody(ByteBuf in, boolean hello) {
        Bytes userHash = Wire.bytes(in, 16, "user hash");
        long id = Wire.u32(in, "client id");
        int port = Wire.u16(in, "port");
        List<Tag> tags = TagCodec.standard().readList(in, TagCodec.CountWidth.U32);
        long serverIp = Wire.u32(in, "server ip");
        int serverPort = Wire.u16(in, "server port");
        if (in.readableBytes() == 4 && in.getIntLE(in.readerIndex()) == 0x4D4C444B) {
            // MLDonkey appends "KDLM"; aMule reads it as a client signature and ignores it.
            in.skipBytes(4);
        }
        return hello ? new ClientMessage.Hello(userHash, id, port, tags, serverIp, serverPort)
                : new ClientMessage.HelloAnswer(userHash, id, port, tags, serverIp, serverPort);
    }

    private static ClientMessage requestParts(ByteBuf in, boolean large) {
        Ed2kHash file = Wire.hash(in, "request parts hash");
        long[] starts = new long[3];
        long[] ends = new long[3];
        for (int i = 0; i < 3; i++) {
            starts[i] = large ? Wire.u64(in, "request start") : Wire.u32(in, "request start");
        }
        for (int i = 0; i < 3; i++) {
            ends[i] = large ? Wire.u64(in, "request end") : Wire.u32(in, "request end");
            if (ends[i] < starts[i]) {
                throw new Ed2kWireException("request range " + i, "[" + starts[i] + ", " + ends[i] + ")",
                        "start <= end");
            }
        }
        return new ClientMessage.RequestParts(file, starts, ends, large);
    }

    private static ClientMessage sendingPart(ByteBuf in, boolean large) {
        Ed2kHash file = Wire.hash(in, "sending part hash");
        long start = large ? Wire.u64(in, "sending part start") : Wire.u32(in, "sending part start");
        long end = large ? Wire.u64(in, "sending part end") : Wire.u32(in, "sending part end");
        if (end <= start || end - start != in.readableBytes()) {
            throw new Ed2kWireException("sending part range", "[" + start + ", " + end + ") with "
                    + in.readableBytes() + " data bytes", "end - start = data length > 0");
        }
        return new ClientMessage.SendingPart(file, start, end, in.readRetainedSlice(in.readableBytes()), large);
    }
}
