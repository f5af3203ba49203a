package org.crossnet.adapter.gnutella.codec;

import java.nio.charset.StandardCharsets;
import org.crossnet.spi.model.Bytes;

/**
 * One GGEP extension as it travels: its id, its encoding flags and its data exactly as on the wire (after COBS and
 * compression), so that a forwarded block is byte-identical. {@link #value} undoes the encodings.
 *
 * @param id       1 to 15 bytes, no NUL (kept as Latin-1 so any byte survives)
 * @param cobs     the data is COBS-encoded (flag bit 6)
 * @param deflate  the data is zlib-compressed, before COBS (flag bit 5)
 * @param wireData the data as on the wire; at most {@link #MAX_DATA_LENGTH} bytes (3 length chunks)
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/GGEP">GGEP 0.51</a>
 */
public record GgepExtension(String id, boolean cobs, boolean deflate, Bytes wireData) {
    /** The largest length 3 six-bit chunks can carry. */
    public static final int MAX_DATA_LENGTH = (1 << 18) - 1;
    /** Default cap on inflated data: far above any real extension, far below a bomb. */
    public static final int DEFAULT_MAX_INFLATED = 64 * 1024;

    public GgepExtension {
        if (id == null || id.isEmpty() || id.length() > 15 || id.indexOf('\0') >= 0
                || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(id)) {
            throw new GnutellaCodecException("ggep.id", id, "1..15 bytes without NUL");
        }
        if (wireData == null || wireData.length() > MAX_DATA_LENGTH) {
            throw new GnutellaCodecException("ggep." + id + ".length", wireData == null ? "null" : wireData.length(),
                    "0.." + MAX_DATA_LENGTH);
        }
    }

    /** An extension carrying {@code value} unencoded. */
    public static GgepExtension of(String id, byte[] value) {
        return new GgepExtension(id, false, false, Bytes.of(value));
    }

    /** An extension with no data (a flag, such as GGEP "BH"). */
    public static GgepExtension flag(String id) {
        return of(id, new byte[0]);
    }

    /**
     * An extension whose wire data holds no NUL, for blocks inside NUL-delimited fields (query hit results): the
     * data is COBS-encoded when it contains a NUL.
     */
    public static GgepExtension nulFree(String id, byte[] value) {
        for (byte b : value) {
            if (b == 0) {
                return new GgepExtension(id, true, false, Bytes.of(Cobs.encode(value)));
            }
        }
        return of(id, value);
    }

    /** The id's bytes. */
    public byte[] idBytes() {
        return id.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The data with COBS and compression undone (COBS first, then inflate: the reverse of writing).
     *
     * @throws GnutellaCodecException on bad COBS, corrupt zlib data, or more than {@code maxInflated} bytes
     */
    public byte[] value(int maxInflated) {
        byte[] data = wireData.toArray();
        if (cobs) {
            data = Cobs.decode(data, "ggep." + id + ".cobs");
        }
        if (deflate) {
            data = Zlib.inflate(data, maxInflated, "ggep." + id + ".deflate");
        }
        return data;
    }

    /** {@link #value(int)} with the default inflation cap. */
    public byte[] value() {
        return value(DEFAULT_MAX_INFLATED);
    }

    @Override
    public String toString() {
        return id + "(" + wireData.length() + (cobs ? ",cobs" : "") + (deflate ? ",deflate" : "") + ")";
    }
}
