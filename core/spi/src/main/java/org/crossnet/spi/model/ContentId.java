package org.crossnet.spi.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a piece of content is, across networks: its typed identities plus size and a display name. Every identity is
 * nullable (a magnet may carry only a btih); at least one identity must be present. Immutable and thread-safe.
 *
 * @param size bytes, or {@link #UNKNOWN_SIZE}
 * @param name display name as offered by a network or the local file name; nullable, never a path
 */
public record ContentId(long size, String name, Sha1 sha1, Ed2kHash ed2k, AichRoot aich, TigerTreeRoot tth,
                        InfoHash btih) {
    /** Size value meaning "not known yet" (e.g. a magnet without xl). */
    public static final long UNKNOWN_SIZE = -1;

    public ContentId {
        if (size < UNKNOWN_SIZE) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0, or -1 for unknown)");
        }
        if (sha1 == null && ed2k == null && aich == null && tth == null && btih == null) {
            throw new IllegalArgumentException("hashes: none (expected: at least one of sha1, ed2k, aich, tth, btih)");
        }
    }

    /** All identities present, in a stable order: sha1, ed2k, aich, tth, btih. */
    public List<ContentHash> hashes() {
        List<ContentHash> list = new ArrayList<>(5);
        for (ContentHash h : new ContentHash[] {sha1, ed2k, aich, tth, btih}) {
            if (h != null) {
                list.add(h);
            }
        }
        return List.copyOf(list);
    }

    /** True when the size is known. */
    public boolean sizeKnown() {
        return size != UNKNOWN_SIZE;
    }

    /**
     * True when both describe the same content: they share at least one identity, no shared identity kind
     * disagrees, and known sizes are equal.
     */
    public boolean sameContentAs(ContentId other) {
        if (sizeKnown() && other.sizeKnown() && size != other.size) {
            return false;
        }
        int agree = 0;
        Object[][] pairs = {{sha1, other.sha1}, {ed2k, other.ed2k}, {aich, other.aich}, {tth, other.tth},
            {btih, other.btih}};
        for (Object[] pair : pairs) {
            if (pair[0] != null && pair[1] != null) {
                if (!pair[0].equals(pair[1])) {
                    return false;
                }
                agree++;
            }
        }
        return agree > 0;
    }

    /**
     * Combines two descriptions of the same content, keeping every identity either knows.
     *
     * @throws IllegalArgumentException when {@link #sameContentAs} is false
     */
    public ContentId merge(ContentId other) {
        if (!sameContentAs(other)) {
            throw new IllegalArgumentException("content: " + other + " (expected: the same content as " + this + ")");
        }
        return new ContentId(sizeKnown() ? size : other.size, name != null ? name : other.name,
                sha1 != null ? sha1 : other.sha1, ed2k != null ? ed2k : other.ed2k,
                aich != null ? aich : other.aich, tth != null ? tth : other.tth, btih != null ? btih : other.btih);
    }

    /** A copy with another display name. */
    public ContentId withName(String newName) {
        return new ContentId(size, newName, sha1, ed2k, aich, tth, btih);
    }

    /** A copy with a known size. */
    public ContentId withSize(long newSize) {
        return new ContentId(newSize, name, sha1, ed2k, aich, tth, btih);
    }
}
