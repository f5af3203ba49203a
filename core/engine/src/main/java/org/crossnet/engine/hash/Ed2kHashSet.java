package org.crossnet.engine.hash;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * Streams a file into its eDonkey identity, eMule's way: MD4 over each 9,728,000-byte part; a file shorter than one
 * part is identified by MD4 of its data and has no hashset; otherwise the file hash is MD4 of the concatenated part
 * hashes, and a size that is an exact multiple of the part size adds one last part hash of no data, MD4("").
 * Not thread-safe.
 */
final class Ed2kHashSet {
    static final long PART_SIZE = 9_728_000L;
    private static final int MD4_SIZE = 16;

    private final MD4Digest md4 = new MD4Digest();
    private final List<Ed2kHash> parts = new ArrayList<>();
    private long inPart;

    void update(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, PART_SIZE - inPart);
            md4.update(buf, off, n);
            off += n;
            len -= n;
            inPart += n;
            if (inPart == PART_SIZE) {
                parts.add(finishPart());
            }
        }
    }

    /** The part hashes, empty for a file shorter than one part. Call once, after the last update. */
    List<Ed2kHash> partHashes() {
        if (parts.isEmpty()) {
            return List.of();
        }
        // a trailing part, possibly of no data: MD4("") when the size is an exact multiple of the part size
        List<Ed2kHash> all = new ArrayList<>(parts);
        all.add(finishPart());
        return List.copyOf(all);
    }

    /** The file hash over {@code partHashes} as returned by {@link #partHashes()}. */
    Ed2kHash fileHash(List<Ed2kHash> partHashes) {
        if (partHashes.isEmpty()) {
            return finishPart();
        }
        for (Ed2kHash part : partHashes) {
            md4.update(part.bytes().toArray(), 0, MD4_SIZE);
        }
        return finishPart();
    }

    private Ed2kHash finishPart() {
        byte[] out = new byte[MD4_SIZE];
        md4.doFinal(out, 0);
        inPart = 0;
        return new Ed2kHash(Bytes.of(out));
    }
}
