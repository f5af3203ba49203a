package org.crossnet.adapter.edonkey.kad;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;
import java.util.Random;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * A 128-bit Kad value: a node id, a keyword or file key, a user hash. Compared as an unsigned number; the distance
 * of two ids is their XOR. Immutable and thread-safe.
 *
 * <p>Three representations matter, because Kad's {@code CUInt128} is stored as four native 32-bit words:
 * <ul>
 *   <li>the number itself ({@link #high()}, {@link #low()}); bit 0 is the most significant bit;</li>
 *   <li>the <em>hash byte order</em> ({@link #fromHashBytes}, {@link #toHashBytes}): an MD4 digest or ed2k hash read
 *       big-endian into the number, as {@code CUInt128::SetValueBE}; {@link #toString()} prints this order;</li>
 *   <li>the <em>wire order</em> ({@link #read}, {@link #write}): four little-endian u32 words, most significant word
 *       first ({@code CFileDataIO::WriteUInt128}). The MD4 digest {@code befdfd27 47860a06 …} is sent as
 *       {@code 27fdfdbe 060a8647 …}.</li>
 * </ul>
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/utils/UInt128.h">aMule UInt128.h</a>
 */
public final class KadId implements Comparable<KadId> {
    /** Bytes on the wire and in hash form. */
    public static final int LENGTH = 16;
    /** The number zero. */
    public static final KadId ZERO = new KadId(0, 0);

    private static final HexFormat HEX = HexFormat.of();

    private final long high;
    private final long low;

    private KadId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** The id whose most significant 64 bits are {@code high} and least significant {@code low}. */
    public static KadId of(long high, long low) {
        return new KadId(high, low);
    }

    /**
     * Reads 16 bytes in hash byte order (an MD4 digest, an ed2k file hash, a user hash).
     *
     * @throws IllegalArgumentException when {@code hash} is not 16 bytes
     */
    public static KadId fromHashBytes(byte[] hash) {
        if (hash == null || hash.length != LENGTH) {
            throw new IllegalArgumentException("kad id: " + (hash == null ? "null" : hash.length + " bytes")
                    + " (expected: 16 bytes)");
        }
        return new KadId(bigEndianLong(hash, 0), bigEndianLong(hash, 8));
    }

    /** The Kad key of an ed2k file hash. */
    public static KadId of(Ed2kHash hash) {
        return fromHashBytes(hash.bytes().toArray());
    }

    /**
     * Parses 32 hex digits in hash byte order (what {@link #toString()} prints and aMule's ToHexString shows).
     *
     * @throws IllegalArgumentException on anything else
     */
    public static KadId fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("kad id: " + hex + " (expected: 32 hex digits)");
        }
        try {
            return fromHashBytes(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kad id: " + hex + " (expected: 32 hex digits)");
        }
    }

    /** A uniformly random id. */
    public static KadId random(Random random) {
        return new KadId(random.nextLong(), random.nextLong());
    }

    /**
     * An id whose {@code bits} most significant bits are those of {@code prefix} and the rest random (Kad's
     * {@code CUInt128(value, numBits)}, used for random lookups in a routing zone and to pick ids near a key).
     */
    public static KadId randomWithPrefix(KadId prefix, int bits, Random random) {
        if (bits < 0 || bits > 128) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: 0..128)");
        }
        KadId r = random(random);
        if (bits == 0) {
            return r;
        }
        long highMask = bits >= 64 ? -1L : -1L << (64 - bits);
        long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return new KadId((prefix.high & highMask) | (r.high & ~highMask), (prefix.low & lowMask) | (r.low & ~lowMask));
    }

    /**
     * Reads an id in wire order.
     *
     * @throws Ed2kWireException when fewer than 16 bytes are readable
     */
    public static KadId read(ByteBuf in, String field) {
        if (in.readableBytes() < LENGTH) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", "16 bytes");
        }
        // <w0 u32 LE><w1 u32 LE><w2 u32 LE><w3 u32 LE>, w0 most significant
        long w0 = in.readUnsignedIntLE();
        long w1 = in.readUnsignedIntLE();
        long w2 = in.readUnsignedIntLE();
        long w3 = in.readUnsignedIntLE();
        return new KadId(w0 << 32 | w1, w2 << 32 | w3);
    }

    /** Writes this id in wire order. */
    public void write(ByteBuf out) {
        out.writeIntLE((int) (high >>> 32));
        out.writeIntLE((int) high);
        out.writeIntLE((int) (low >>> 32));
        out.writeIntLE((int) low);
    }

    /** The 16 bytes in hash byte order. */
    public byte[] toHashBytes() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return out;
    }

    /** This key as an ed2k file hash. */
    public Ed2kHash toEd2kHash() {
        return new Ed2kHash(Bytes.of(toHashBytes()));
    }

    /** The most significant 64 bits. */
    public long high() {
        return high;
    }

    /** The least significant 64 bits. */
    public long low() {
        return low;
    }

    /** {@code this XOR other}: the Kademlia distance. */
    public KadId xor(KadId other) {
        return new KadId(high ^ other.high, low ^ other.low);
    }

    /** Bit {@code index}, 0 being the most significant ({@code CUInt128::GetBitNumber}). */
    public int bit(int index) {
        if (index < 0 || index > 127) {
            throw new IllegalArgumentException("bit: " + index + " (expected: 0..127)");
        }
        long word = index < 64 ? high : low;
        return (int) (word >>> (63 - (index & 63))) & 1;
    }

    /**
     * The 32-bit word {@code index}, 0 being the most significant ({@code CUInt128::Get32BitChunk}); Kad's search
     * tolerance compares word 0 of a distance.
     */
    public long word(int index) {
        if (index < 0 || index > 3) {
            throw new IllegalArgumentException("word: " + index + " (expected: 0..3)");
        }
        long half = index < 2 ? high : low;
        return (index & 1) == 0 ? half >>> 32 : half & 0xFFFF_FFFFL;
    }

    /** True for zero. */
    public boolean isZero() {
        return high == 0 && low == 0;
    }

    /** Unsigned comparison of the numbers. */
    @Override
    public int compareTo(KadId other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadId other && high == other.high && low == other.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** 32 lowercase hex digits in hash byte order. */
    @Override
    public String toString() {
        return HEX.formatHex(toHashBytes());
    }

    private static long bigEndianLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[offset + i] & 0xFF);
        }
        return v;
    }
}
