package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import org.crossnet.spi.model.Bytes;

/**
 * Decodes one frame, the length prefix already stripped, into a {@link PeerMessage}; {@link PeerFrameDecoder} is the
 * channel handler that splits the stream and calls it.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-messages">BEP 3, peer messages</a>
 */
public final class PeerMessageDecoder {
    private PeerMessageDecoder() {
    }

    /**
     * Whether {@code message} ends the window in which availability (bitfield, have-all, have-none) may be sent:
     * only messages about pieces do. Real clients send other messages first (aria2c: the extended handshake and
     * allowed-fast before its bitfield), which BEP 3's "only as the first message" would wrongly refuse.
     */
    static boolean closesFirstWindow(PeerMessage m) {
        return m instanceof PeerMessage.Bitfield || m instanceof PeerMessage.HaveAll
                || m instanceof PeerMessage.HaveNone || m instanceof PeerMessage.Have || m instanceof PeerMessage.Piece
                || m instanceof PeerMessage.Request;
    }

    /**
     * Decodes one frame: {@code <id><payload>}, or nothing for a keep-alive; the layout of each message is on its record in
     * {@link PeerMessage}. A {@link PeerMessage.Piece} holds a retained slice of {@code frame}.
     *
     * @param first whether this is the connection's first message
     * @throws PeerWireException on an unknown id, a wrong payload length or a bitfield out of place
     */
    public static PeerMessage decode(ByteBuf frame, boolean first) {
        if (!frame.isReadable()) {
            return new PeerMessage.KeepAlive(); // <len=0000>
        }
        int id = frame.readUnsignedByte();
        int length = frame.readableBytes();
        switch (id) {
            case PeerWire.CHOKE:
                expectLength("choke", length, 0);
                return new PeerMessage.Choke();
            case PeerWire.UNCHOKE:
                expectLength("unchoke", length, 0);
                return new PeerMessage.Unchoke();
            case PeerWire.INTERESTED:
                expectLength("interested", length, 0);
                return new PeerMessage.Interested();
            case PeerWire.NOT_INTERESTED:
                expectLength("not-interested", length, 0);
                return new PeerMessage.NotInterested();
            case PeerWire.HAVE:
                expectLength("have", length, 4);
                return new PeerMessage.Have(index(frame, "have.piece"));
            case PeerWire.BITFIELD:
                // Not only first: aria2c 1.36 sends a second bitfield mid-connection (seen in AriaInteropIT); the
                // swarm reads a late one as an update. Have-none stays first-only (BEP 6).
                if (length == 0) {
                    throw new PeerWireException("bitfield.length", 0, "at least 1 byte");
                }
                byte[] bits = new byte[length];
                frame.readBytes(bits);
                return new PeerMessage.Bitfield(Bytes.of(bits));
            case PeerWire.REQUEST:
                expectLength("request", length, 12);
                return new PeerMessage.Request(index(frame, "request.piece"), index(frame, "request.begin"),
                        blockLength(frame, "request.length"));
            case PeerWire.PIECE:
                if (length < 8) {
                    throw new PeerWireException("piece.length", length, "at least 8 payload bytes");
                }
                int piece = index(frame, "piece.piece");
                int begin = index(frame, "piece.begin");
                return new PeerMessage.Piece(piece, begin, frame.readRetainedSlice(frame.readableBytes()));
            case PeerWire.CANCEL:
                expectLength("cancel", length, 12);
                return new PeerMessage.Cancel(index(frame, "cancel.piece"), index(frame, "cancel.begin"),
                        blockLength(frame, "cancel.length"));
            case PeerWire.PORT:
                expectLength("port", length, 2);
                return new PeerMessage.Port(frame.readUnsignedShort());
            case PeerWire.SUGGEST:
                expectLength("suggest", length, 4);
                return new PeerMessage.Suggest(index(frame, "suggest.piece"));
            case PeerWire.HAVE_ALL:
                // Late have-all is accepted as an update: aria2c sends one when it completes (AriaInteropIT).
                expectLength("have-all", length, 0);
                return new PeerMessage.HaveAll();
            case PeerWire.HAVE_NONE:
                expectLength("have-none", length, 0);
                expectFirst("have-none", first);
                return new PeerMessage.HaveNone();
            case PeerWire.REJECT:
                expectLength("reject", length, 12);
                return new PeerMessage.Reject(index(frame, "reject.piece"), index(frame, "reject.begin"),
                        blockLength(frame, "reject.length"));
            case PeerWire.ALLOWED_FAST:
                expectLength("allowed-fast", length, 4);
                return new PeerMessage.AllowedFast(index(frame, "allowed-fast.piece"));
            case PeerWire.EXTENDED:
                if (length < 1) {
                    throw new PeerWireException("extended.length", length, "at least 1 byte (the extended id)");
                }
                int extendedId = frame.readUnsignedByte();
                byte[] payload = new byte[frame.readableBytes()];
                frame.readBytes(payload);
                return new PeerMessage.Extended(extendedId, Bytes.of(payload));
            default:
                throw new PeerWireException("message.id", id, "0-9, 13-17 or 20");
        }
    }

    private static void expectLength(String message, int actual, int expected) {
        if (actual != expected) {
            throw new PeerWireException(message + ".length", actual + 1, String.valueOf(expected + 1));
        }
    }

    private static void expectFirst(String message, boolean first) {
        if (!first) {
            throw new PeerWireException(message, "after other messages", "only as the first message");
        }
    }

    private static int index(ByteBuf frame, String field) {
        long value = frame.readUnsignedInt();
        if (value > Integer.MAX_VALUE) {
            throw new PeerWireException(field, value, "0.." + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static int blockLength(ByteBuf frame, String field) {
        long value = frame.readUnsignedInt();
        if (value == 0 || value > PeerWire.MAX_REQUEST_LENGTH) {
            throw new PeerWireException(field, value, "1.." + PeerWire.MAX_REQUEST_LENGTH);
        }
        return (int) value;
    }
}
