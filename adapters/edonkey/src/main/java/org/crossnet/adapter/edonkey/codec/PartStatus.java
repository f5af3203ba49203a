package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.util.BitSet;

/**
 * Which eD2k parts a client has: {@code <count u16><bits, (count+7)/8 bytes, LSB first>}; a count of 0 means "the
 * complete file" (what a source with every part sends). {@code count} is the number of "ED2K parts"
 * ({@code size / PART_SIZE + 1} from one part up; 1 below), not the number of part hashes.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/PartFile.cpp">aMule (WritePartStatus)</a>
 */
public record PartStatus(int count, BitSet parts) {
    public PartStatus {
        if (count < 0 || count > 0xFFFF) {
            throw new IllegalArgumentException("part count: " + count + " (expected: 0..65535)");
        }
        parts = (BitSet) parts.clone();
        if (parts.length() > count) {
            throw new IllegalArgumentException("parts: bit " + (parts.length() - 1) + " set (expected: below " + count
                    + ")");
        }
    }

    /** The "complete file" status (count 0). */
    public static PartStatus complete() {
        return new PartStatus(0, new BitSet());
    }

    /** Whether the sender has part {@code index}. */
    public boolean has(int index) {
        return count == 0 || parts.get(index);
    }

    /** True for count 0 or every bit set. */
    public boolean isComplete() {
        return count == 0 || parts.cardinality() == count;
    }

    @Override
    public BitSet parts() {
        return (BitSet) parts.clone();
    }

    /** Reads {@code <count u16><bits>}; padding bits past the count are ignored, as aMule does. */
    public static PartStatus read(ByteBuf in, String field) {
        int count = Wire.u16(in, field + " count");
        int bytes = (count + 7) / 8;
        Wire.need(in, bytes, field);
        BitSet bits = new BitSet(count);
        for (int i = 0; i < bytes; i++) {
            int b = in.readUnsignedByte();
            for (int j = 0; j < 8 && i * 8 + j < count; j++) {
                if ((b >> j & 1) != 0) {
                    bits.set(i * 8 + j);
                }
            }
        }
        return new PartStatus(count, bits);
    }

    public void write(ByteBuf out) {
        out.writeShortLE(count);
        for (int i = 0; i < (count + 7) / 8; i++) {
            int b = 0;
            for (int j = 0; j < 8; j++) {
                if (parts.get(i * 8 + j)) {
                    b |= 1 << j;
                }
            }
            out.writeByte(b);
        }
    }
}
