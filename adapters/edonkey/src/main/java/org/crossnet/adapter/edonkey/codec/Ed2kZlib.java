package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib (RFC 1950) packing as eMule uses it: 0xD4/0xE5 packed packets and the data of OP_COMPRESSEDPART. Inflating
 * stops at a hard output cap, so a zlib bomb costs at most the cap, never more memory. Stateless and thread-safe.
 */
public final class Ed2kZlib {
    private Ed2kZlib() {
    }

    /** Thrown when inflated data would exceed its cap, or the zlib stream is corrupt or incomplete. */
    public static final class InflateException extends Ed2kWireException {
        private final boolean overCap;

        InflateException(String field, Object value, String expected, boolean overCap) {
            super(field, value, expected);
            this.overCap = overCap;
        }

        /** Whether the output went over the cap (a bomb) rather than the stream being malformed. */
        public boolean overCap() {
            return overCap;
        }
    }

    /**
     * Inflates all of {@code in} (reader index to writer index, not consumed) into a new buffer of at most
     * {@code maxOutput} bytes. The stream must end within the input.
     *
     * @throws InflateException when the output would exceed {@code maxOutput}, or the stream is corrupt or truncated
     */
    public static ByteBuf inflate(ByteBuf in, int maxOutput, ByteBufAllocator alloc, String field) {
        Inflater inflater = new Inflater();
        ByteBuf out = alloc.heapBuffer(Math.min(maxOutput, Math.max(256, in.readableBytes() * 4)), maxOutput);
        boolean ok = false;
        try {
            inflater.setInput(in.nioBuffer());
            while (!inflater.finished()) {
                if (out.writableBytes() == 0) {
                    if (out.capacity() >= maxOutput) {
                        // One more byte would go over the cap: is there more output at all?
                        byte[] probe = new byte[1];
                        if (inflater.inflate(probe) > 0) {
                            throw new InflateException(field, "inflates to more than " + maxOutput + " bytes",
                                    "at most " + maxOutput, true);
                        }
                        if (inflater.finished()) {
                            break;
                        }
                        if (inflater.needsInput() || inflater.needsDictionary()) {
                            throw truncated(field);
                        }
                        continue;
                    }
                    out.ensureWritable(Math.min(out.capacity(), maxOutput - out.capacity()));
                }
                ByteBuffer target = out.nioBuffer(out.writerIndex(), out.writableBytes());
                int n = inflater.inflate(target);
                out.writerIndex(out.writerIndex() + n);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw truncated(field);
                }
            }
            ok = true;
            return out;
        } catch (DataFormatException e) {
            throw new InflateException(field, "corrupt zlib data (" + e.getMessage() + ")", "a zlib stream", false);
        } finally {
            inflater.end();
            if (!ok) {
                out.release();
            }
        }
    }

    private static InflateException truncated(String field) {
        return new InflateException(field, "zlib stream ends early", "a complete zlib stream", false);
    }

    /** Deflates {@code in} (reader to writer index, not consumed) at the best compression, as eMule packs. */
    public static ByteBuf deflate(ByteBuf in, ByteBufAllocator alloc) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(in.nioBuffer());
            deflater.finish();
            ByteBuf out = alloc.heapBuffer(Math.max(64, in.readableBytes() / 2 + 64));
            while (!deflater.finished()) {
                out.ensureWritable(4096);
                ByteBuffer target = out.nioBuffer(out.writerIndex(), out.writableBytes());
                int n = deflater.deflate(target);
                out.writerIndex(out.writerIndex() + n);
            }
            return out;
        } finally {
            deflater.end();
        }
    }
}
