package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Decoder and encoder of {@link ServerMessage}s (client side and index-server role). Packets may arrive zlib-packed
 * (0xD4, unpacked before this by {@link PackedPacketInflater}); the opcode decides, whatever the protocol byte.
 */
public final class ServerMessageCodec {
    /** Most files in one offer or search result accepted. */
    public static final int MAX_FILES = 4096;

    private ServerMessageCodec() {
    }

    /** Inbound: {@link Ed2kPacket} to {@link ServerMessage}. Sharable. */
    @ChannelHandler.Sharable
    public static final class Decoder extends MessageToMessageDecoder<Ed2kPacket> {
        public Decoder() {
            super(Ed2kPacket.class);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, Ed2kPacket packet, List<Object> out) {
            out.add(ServerMessageCodec.decode(packet.opcode(), packet.payload()));
        }
    }

    /** Outbound: {@link ServerMessage} to a 0xE3 frame, tags in the configured form. Sharable. */
    @ChannelHandler.Sharable
    public static final class Encoder extends MessageToByteEncoder<ServerMessage> {
        private volatile TagCodec.Form form;

        public Encoder(TagCodec.Form form) {
            super(ServerMessage.class);
            this.form = form;
        }

        /** Switches the tag form (after the server announced SRV_TCPFLG_NEWTAGS). */
        public void form(TagCodec.Form newForm) {
            this.form = newForm;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, ServerMessage msg, ByteBuf out) {
            ServerMessageCodec.encode(msg, out, form);
        }
    }

    /** Appends the 0xE3 frame of {@code msg}. */
    public static void encode(ServerMessage msg, ByteBuf out, TagCodec.Form form) {
        ClientMessageEncoder.frame(Ed2kWire.PROT_EDONKEY, msg.opcode(), out, b -> msg.write(b, form));
    }

    /**
     * Decodes one payload; the layouts are on the {@link ServerMessage} records.
     *
     * @throws Ed2kWireException on malformed input, counts that do not fit, or an unknown opcode
     */
    public static ServerMessage decode(int opcode, ByteBuf in) {
        TagCodec tags = TagCodec.standard();
        ServerMessage m;
        switch (opcode) {
            case Ed2kWire.OP_LOGINREQUEST: {
                Bytes hash = Wire.bytes(in, 16, "login user hash");
                long id = Wire.u32(in, "login client id");
                int port = Wire.u16(in, "login port");
                m = new ServerMessage.LoginRequest(hash, id, port, tags.readList(in, TagCodec.CountWidth.U32));
                break;
            }
            case Ed2kWire.OP_REJECT:
            case Ed2kWire.OP_GETSERVERLIST:
            case Ed2kWire.OP_DISCONNECT:
            case Ed2kWire.OP_QUERY_MORE_RESULT:
            case Ed2kWire.OP_CALLBACK_FAIL:
                m = new ServerMessage.Empty(opcode);
                break;
            case Ed2kWire.OP_OFFERFILES:
                m = new ServerMessage.OfferFiles(entries(in, "offer files count"));
                break;
            case Ed2kWire.OP_SEARCHREQUEST:
                m = new ServerMessage.SearchRequest(SearchExpr.read(in));
                break;
            case Ed2kWire.OP_GETSOURCES:
            case Ed2kWire.OP_GETSOURCES_OBFU:
                m = new ServerMessage.GetSources(opcode == Ed2kWire.OP_GETSOURCES_OBFU, sourceQueries(in));
                break;
            case Ed2kWire.OP_CALLBACKREQUEST:
                m = new ServerMessage.CallbackRequest(Wire.u32(in, "callback client id"));
                break;
            case Ed2kWire.OP_SERVERLIST: {
                int count = Wire.u8(in, "server list count");
                if (in.readableBytes() != count * 6) {
                    throw new Ed2kWireException("server list count", count, "the " + in.readableBytes() / 6
                            + " entries of the payload");
                }
                List<ServerMessage.Endpoint> servers = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    servers.add(new ServerMessage.Endpoint(in.readUnsignedIntLE(), in.readUnsignedShortLE()));
                }
                m = new ServerMessage.ServerList(servers);
                break;
            }
            case Ed2kWire.OP_SEARCHRESULT: {
                List<FileEntry> files = entries(in, "search result count");
                int more = -1;
                if (in.readableBytes() == 1) {
                    more = in.readUnsignedByte();
                }
                m = new ServerMessage.SearchResult(files, more);
                break;
            }
            case Ed2kWire.OP_SERVERSTATUS:
                m = new ServerMessage.ServerStatus(Wire.u32(in, "server users"), Wire.u32(in, "server files"));
                break;
            case Ed2kWire.OP_CALLBACKREQUESTED: {
                long ip = Wire.u32(in, "callback ip");
                int port = Wire.u16(in, "callback port");
                int crypt = -1;
                Bytes hash = null;
                if (in.isReadable()) {
                    crypt = Wire.u8(in, "callback crypt options");
                    hash = Wire.bytes(in, 16, "callback user hash");
                }
                m = new ServerMessage.CallbackRequested(ip, port, crypt, hash);
                break;
            }
            case Ed2kWire.OP_SERVERMESSAGE:
                m = new ServerMessage.ServerText(Wire.string16(in, "server message"));
                break;
            case Ed2kWire.OP_IDCHANGE: {
                long id = Wire.u32(in, "id change client id");
                long flags = in.isReadable() ? Wire.u32(in, "id change tcp flags") : -1;
                long aux = in.isReadable() ? Wire.u32(in, "id change aux port") : -1;
                m = new ServerMessage.IdChange(id, flags, aux);
                break;
            }
            case Ed2kWire.OP_SERVERIDENT: {
                Bytes hash = Wire.bytes(in, 16, "server ident hash");
                long ip = Wire.u32(in, "server ident ip");
                int port = Wire.u16(in, "server ident port");
                m = new ServerMessage.ServerIdent(hash, ip, port, tags.readList(in, TagCodec.CountWidth.U32));
                break;
            }
            case Ed2kWire.OP_FOUNDSOURCES:
            case Ed2kWire.OP_FOUNDSOURCES_OBFU: {
                Ed2kHash file = Wire.hash(in, "found sources hash");
                int count = Wire.u8(in, "found sources count");
                List<ServerMessage.Endpoint> sources = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long id = Wire.u32(in, "found source id");
                    int port = Wire.u16(in, "found source port");
                    if (opcode == Ed2kWire.OP_FOUNDSOURCES_OBFU) {
                        int crypt = Wire.u8(in, "found source crypt options");
                        if ((crypt & 0x80) != 0) {
                            Wire.bytes(in, 16, "found source user hash");
                        }
                    }
                    sources.add(new ServerMessage.Endpoint(id, port));
                }
                m = new ServerMessage.FoundSources(file, sources);
                break;
            }
            case Ed2kWire.OP_SEARCH_USER:
            case Ed2kWire.OP_USERS_LIST: {
                int length = in.readableBytes();
                in.skipBytes(length);
                return new ServerMessage.Unsupported(opcode, length);
            }
            default:
                throw new UnknownOpcodeException("server", Ed2kWire.PROT_EDONKEY, opcode);
        }
        Wire.end(in, String.format("server opcode 0x%02X", opcode));
        return m;
    }

    private static List<FileEntry> entries(ByteBuf in, String field) {
        long count = Wire.u32(in, field);
        // each entry takes at least 26 bytes: a count that cannot fit is refused before any allocation
        if (count > MAX_FILES || count * 26 > in.readableBytes()) {
            throw new Ed2kWireException(field, count, "at most " + Math.min(MAX_FILES, in.readableBytes() / 26)
                    + " (limit " + MAX_FILES + ", 26+ bytes each)");
        }
        List<FileEntry> files = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            files.add(FileEntry.read(in, TagCodec.standard()));
        }
        return files;
    }

    private static List<ServerMessage.SourceQuery> sourceQueries(ByteBuf in) {
        List<ServerMessage.SourceQuery> files = new ArrayList<>();
        if (in.readableBytes() == 16) {
            files.add(new ServerMessage.SourceQuery(Wire.hash(in, "get sources hash"), -1));
            return files;
        }
        while (in.isReadable()) {
            if (files.size() >= 64) {
                throw new Ed2kWireException("get sources files", "more than 64", "at most 64 per packet");
            }
            Ed2kHash file = Wire.hash(in, "get sources hash");
            long size = Wire.u32(in, "get sources size");
            if (size == 0) {
                size = Wire.u64(in, "get sources large size");
            }
            files.add(new ServerMessage.SourceQuery(file, size));
        }
        return files;
    }
}
