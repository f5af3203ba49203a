package org.crossnet.adapter.gnutella.codec;

import java.io.ByteArrayOutputStream;

/**
 * Consistent Overhead Byte Stuffing, as GGEP uses it to keep NULs out of extension data (query hit results are
 * NUL-delimited). A code byte {@code c} is followed by {@code c - 1} data bytes and stands for a NUL after them,
 * except after a 0xFF code; the final logical NUL is implied. Stateless.
 *
 * @see <a href="https://www.stuartcheshire.org/papers/COBSforToN.pdf">Cheshire and Baker, COBS</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/GGEP">GGEP 0.51, encoding</a>
 */
public final class Cobs {
    private Cobs() {
    }

    /** Encodes {@code data}; the result holds no NUL and is at most {@code length + length / 254 + 1} bytes. */
    public static byte[] encode(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 254 + 2);
        byte[] block = new byte[254];
        int code = 1;
        int lastCode = 0;
        for (byte b : data) {
            if (b == 0) {
                lastCode = finish(out, block, code);
                code = 1;
            } else {
                block[code - 1] = b;
                code++;
                if (code == 0xFF) {
                    lastCode = finish(out, block, code);
                    code = 1;
                }
            }
        }
        // After a full 0xFF block with nothing behind it the implied NUL needs no block of its own.
        if (lastCode != 0xFF || code != 1) {
            finish(out, block, code);
        }
        return out.toByteArray();
    }

    private static int finish(ByteArrayOutputStream out, byte[] block, int code) {
        out.write(code);
        out.write(block, 0, code - 1);
        return code;
    }

    /**
     * Decodes COBS data.
     *
     * @param field named in the error
     * @throws GnutellaCodecException when a code byte is 0, a block runs past the end, or a data byte is NUL
     */
    public static byte[] decode(byte[] encoded, String field) {
        if (encoded.length == 0) {
            throw new GnutellaCodecException(field, "empty COBS data", "at least one code byte");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
        int i = 0;
        int lastCode = 0;
        while (i < encoded.length) {
            int code = encoded[i++] & 0xFF;
            lastCode = code;
            if (code == 0) {
                throw new GnutellaCodecException(field, "COBS code 0 at " + (i - 1), "codes 1..255");
            }
            if (i + code - 1 > encoded.length) {
                throw new GnutellaCodecException(field, "COBS block of " + (code - 1) + " bytes at " + (i - 1),
                        "at most " + (encoded.length - i) + " bytes left");
            }
            for (int k = 1; k < code; k++) {
                byte b = encoded[i++];
                if (b == 0) {
                    throw new GnutellaCodecException(field, "NUL at " + (i - 1), "no NUL in COBS data");
                }
                out.write(b);
            }
            if (code < 0xFF) {
                out.write(0);
            }
        }
        byte[] decoded = out.toByteArray();
        // The implied final NUL is not data.
        return lastCode == 0xFF ? decoded : java.util.Arrays.copyOf(decoded, decoded.length - 1);
    }
}
