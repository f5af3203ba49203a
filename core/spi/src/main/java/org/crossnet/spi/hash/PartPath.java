package org.crossnet.spi.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * The way from the root of a file's AICH tree down to one part's node: at each level the sibling left behind, then
 * the part's own node id and side. Immutable.
 *
 * @param siblings top-down, one per level above the part (none for a file of one part)
 * @param partId   the part node's id
 * @param partLeft whether the part node is a left child (or the root)
 */
record PartPath(List<Sibling> siblings, long partId, boolean partLeft) {
    /** A subtree beside the path: its node id, side, and the parts it covers. */
    record Sibling(long id, boolean left, int fromPart, int partCount) {
    }

    static PartPath of(long size, int part) {
        int parts = AichTree.partCount(size);
        if (part < 0 || part >= parts) {
            throw new IllegalArgumentException("part: " + part + " (expected: 0.." + (parts - 1) + " for a file of "
                    + size + " bytes)");
        }
        List<Sibling> siblings = new ArrayList<>();
        int lo = 0;
        int n = parts;
        boolean left = true;
        long id = 1;
        while (n > 1) {
            int nLeft = (left ? n + 1 : n) / 2;
            if (part < lo + nLeft) {
                siblings.add(new Sibling(id << 1, false, lo + nLeft, n - nLeft));
                id = id << 1 | 1;
                n = nLeft;
                left = true;
            } else {
                siblings.add(new Sibling(id << 1 | 1, true, lo, nLeft));
                id = id << 1;
                lo += nLeft;
                n -= nLeft;
                left = false;
            }
        }
        return new PartPath(List.copyOf(siblings), id, left);
    }

    /** The ids of the part's blocks, left to right. */
    long[] blockIds(int blockCount) {
        long[] out = new long[blockCount];
        blockIds(partId, 0, blockCount, partLeft, out);
        return out;
    }

    private static void blockIds(long id, int from, int count, boolean left, long[] out) {
        if (count == 1) {
            out[from] = id;
            return;
        }
        int nLeft = (left ? count + 1 : count) / 2;
        blockIds(id << 1 | 1, from, nLeft, true, out);
        blockIds(id << 1, from + nLeft, count - nLeft, false, out);
    }
}
