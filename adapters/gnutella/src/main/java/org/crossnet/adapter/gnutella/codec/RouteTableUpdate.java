package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import org.crossnet.spi.model.Bytes;

/**
 * ROUTE_TABLE_UPDATE (QRP, type 0x30): the first payload byte is the variant. Sent with TTL 1, hops 0.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/QRP">QRP 1.0, section 4</a>
 */
public sealed interface RouteTableUpdate extends Payload permits RouteTableUpdate.Reset, RouteTableUpdate.Patch {
    int RESET = 0;
    int PATCH = 1;
    /** Patch compressors. */
    int COMPRESSOR_NONE = 0;
    int COMPRESSOR_ZLIB = 1;

    @Override
    default int type() {
        return GnutellaWire.ROUTE_TABLE_UPDATE;
    }

    /**
     * RESET: {@code <variant=0><table length 4, LE><infinity 1>}; empties the receiver's table for this connection.
     *
     * @param tableLength slots, unsigned 32-bit (a power of two for a usable table; checked by the receiver)
     */
    record Reset(long tableLength, int infinity) implements RouteTableUpdate {
        public Reset {
            if (tableLength < 0 || tableLength > 0xFFFFFFFFL) {
                throw new GnutellaCodecException("qrp.reset.tableLength", tableLength, "an unsigned 32-bit value");
            }
            if (infinity < 0 || infinity > 0xFF) {
                throw new GnutellaCodecException("qrp.reset.infinity", infinity, "0..255");
            }
        }

        @Override
        public void write(ByteBuf out) {
            out.writeByte(RESET).writeIntLE((int) tableLength).writeByte(infinity);
        }
    }

    /**
     * PATCH: {@code <variant=1><seq no 1><seq size 1><compressor 1><entry bits 1><data…>}; the data of messages
     * 1..seq size concatenate to one (compressed) array of signed entries, one per slot.
     */
    record Patch(int sequenceNumber, int sequenceSize, int compressor, int entryBits, Bytes data)
            implements RouteTableUpdate {
        public Patch {
            for (int v : new int[] {sequenceNumber, sequenceSize, compressor, entryBits}) {
                if (v < 0 || v > 0xFF) {
                    throw new GnutellaCodecException("qrp.patch.header", v, "unsigned bytes");
                }
            }
            if (data == null) {
                throw new GnutellaCodecException("qrp.patch.data", "null", "bytes");
            }
        }

        @Override
        public void write(ByteBuf out) {
            out.writeByte(PATCH).writeByte(sequenceNumber).writeByte(sequenceSize).writeByte(compressor)
                    .writeByte(entryBits).writeBytes(data.toArray());
        }

        @Override
        public String toString() {
            return "Patch[" + sequenceNumber + "/" + sequenceSize + ", compressor=" + compressor + ", entryBits="
                    + entryBits + ", data=" + data.length() + " bytes]";
        }
    }

    /** Decodes the whole readable payload. */
    static RouteTableUpdate read(ByteBuf in) {
        GnutellaWire.require(in, 1, "qrp.variant");
        int variant = in.readUnsignedByte();
        if (variant == RESET) {
            if (in.readableBytes() != 5) {
                throw new GnutellaCodecException("qrp.reset.length", in.readableBytes() + 1, "6");
            }
            return new Reset(in.readUnsignedIntLE(), in.readUnsignedByte());
        }
        if (variant == PATCH) {
            GnutellaWire.require(in, 4, "qrp.patch.header");
            int seqNo = in.readUnsignedByte();
            int seqSize = in.readUnsignedByte();
            int compressor = in.readUnsignedByte();
            int entryBits = in.readUnsignedByte();
            byte[] data = new byte[in.readableBytes()];
            in.readBytes(data);
            return new Patch(seqNo, seqSize, compressor, entryBits, Bytes.of(data));
        }
        throw new GnutellaCodecException("qrp.variant", variant, "0 (reset) or 1 (patch)");
    }
}
