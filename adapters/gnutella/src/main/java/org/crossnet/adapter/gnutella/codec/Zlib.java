package org.crossnet.adapter.gnutella.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Whole-buffer zlib (RFC 1950) for GGEP "deflate" extensions and QRP patches. Inflation stops at a size cap, so a
 * small bomb cannot make us allocate much. Stateless.
 */
public final class Zlib {
    private Zlib() {
    }

    /** Compresses {@code data} into one zlib stream. */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates one complete zlib stream of at most {@code maxInflated} bytes.
     *
     * @throws GnutellaCodecException when the stream is corrupt, truncated, followed by other bytes, or inflates to
     *                                more than {@code maxInflated} bytes
     */
    public static byte[] inflate(byte[] data, int maxInflated, String field) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxInflated, data.length * 4 + 16));
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new GnutellaCodecException(field, "zlib stream truncated after " + data.length + " bytes",
                            "a complete zlib stream");
                }
                if (out.size() + n > maxInflated) {
                    throw new GnutellaCodecException(field, "inflates to more than " + maxInflated + " bytes",
                            "at most " + maxInflated + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                throw new GnutellaCodecException(field, inflater.getRemaining() + " bytes after the zlib stream",
                        "nothing after the stream");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new GnutellaCodecException(field, "corrupt zlib data (" + e.getMessage() + ")", "a zlib stream");
        } finally {
            inflater.end();
        }
    }
}
