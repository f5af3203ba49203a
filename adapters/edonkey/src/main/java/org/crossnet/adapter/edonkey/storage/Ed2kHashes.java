package org.crossnet.adapter.edonkey.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * The eD2k hashing rules (MD4, Bouncy Castle): a file below one part is identified by the MD4 of its data; otherwise
 * each 9,728,000-byte part has an MD4, one more hash of the empty last part is appended when the size is an exact
 * multiple of the part size, and the file hash is the MD4 of the concatenated part hashes.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/KnownFile.cpp">aMule KnownFile.cpp</a>
 */
public final class Ed2kHashes {
    private Ed2kHashes() {
    }

    /** A file's hash and its hashset (empty below one part). */
    public record FileHashes(Ed2kHash file, List<Ed2kHash> parts) {
        public FileHashes {
            parts = List.copyOf(parts);
        }
    }

    /** Data parts of a file: {@code ceil(size / PART_SIZE)}, at least 1. */
    public static int dataParts(long size) {
        return (int) Math.max(1, (size + Ed2kWire.PART_SIZE - 1) / Ed2kWire.PART_SIZE);
    }

    /** Hashes in the hashset: {@code size / PART_SIZE + 1} from one part size up, 0 below. */
    public static int hashsetSize(long size) {
        return size >= Ed2kWire.PART_SIZE ? (int) (size / Ed2kWire.PART_SIZE + 1) : 0;
    }

    /** "ED2K parts" counted in part status bitmaps: {@code size / PART_SIZE + 1}. */
    public static int statusParts(long size) {
        return (int) (size / Ed2kWire.PART_SIZE + 1);
    }

    public static Ed2kHash md4(byte[] data, int offset, int length) {
        MD4Digest d = new MD4Digest();
        d.update(data, offset, length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return new Ed2kHash(Bytes.of(out));
    }

    /** MD4 of the concatenated part hashes. */
    public static Ed2kHash root(List<Ed2kHash> parts) {
        MD4Digest d = new MD4Digest();
        for (Ed2kHash p : parts) {
            d.update(p.bytes().toArray(), 0, 16);
        }
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return new Ed2kHash(Bytes.of(out));
    }

    /** Hashes in-memory data. */
    public static FileHashes of(byte[] data) {
        if (data.length < Ed2kWire.PART_SIZE) {
            return new FileHashes(md4(data, 0, data.length), List.of());
        }
        List<Ed2kHash> parts = new ArrayList<>();
        for (long off = 0; off < data.length; off += Ed2kWire.PART_SIZE) {
            int len = (int) Math.min(Ed2kWire.PART_SIZE, data.length - off);
            parts.add(md4(data, (int) off, len));
        }
        if (data.length % Ed2kWire.PART_SIZE == 0) {
            parts.add(md4(new byte[0], 0, 0));
        }
        return new FileHashes(root(parts), parts);
    }

    /** Hashes a file on disk (blocking). */
    public static FileHashes of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            List<Ed2kHash> parts = new ArrayList<>();
            byte[] buf = new byte[1 << 20];
            for (long off = 0; off < size || (off == 0 && size == 0); off += Ed2kWire.PART_SIZE) {
                MD4Digest d = new MD4Digest();
                long left = Math.min(Ed2kWire.PART_SIZE, size - off);
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("file shrank while hashing: " + file);
                    }
                    d.update(buf, 0, n);
                    left -= n;
                }
                byte[] out = new byte[16];
                d.doFinal(out, 0);
                parts.add(new Ed2kHash(Bytes.of(out)));
                if (size == 0) {
                    break;
                }
            }
            if (size < Ed2kWire.PART_SIZE) {
                return new FileHashes(parts.get(0), List.of());
            }
            if (size % Ed2kWire.PART_SIZE == 0) {
                parts.add(md4(new byte[0], 0, 0));
            }
            return new FileHashes(root(parts), parts);
        } catch (IOException e) {
            throw new UncheckedIOException("hash: " + file, e);
        }
    }

    /** An MD4 digest fed from buffers; for part checks over data read from the store. */
    public static final class Md4 {
        private final MD4Digest digest = new MD4Digest();

        public void update(ByteBuffer buffer) {
            if (buffer.hasArray()) {
                digest.update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
            } else {
                byte[] b = new byte[buffer.remaining()];
                buffer.get(b);
                digest.update(b, 0, b.length);
            }
        }

        public Ed2kHash finish() {
            byte[] out = new byte[16];
            digest.doFinal(out, 0);
            return new Ed2kHash(Bytes.of(out));
        }
    }
}
