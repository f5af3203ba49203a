package org.crossnet.spi.hash;

import org.crossnet.spi.model.Bytes;

/**
 * One hash of AICH recovery data: a tree node's id (see {@link AichTree}) and its SHA-1. Immutable.
 *
 * @param id   1 (the root) up to 2^32 - 1
 * @param hash 20 bytes
 */
public record AichNodeHash(long id, Bytes hash) {
    public AichNodeHash {
        if (id < 1 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("id: " + id + " (expected: 1..2^32-1)");
        }
        if (hash == null || hash.length() != AichTree.HASH_SIZE) {
            throw new IllegalArgumentException("hash: " + (hash == null ? "null" : hash.length() + " bytes")
                    + " (expected: " + AichTree.HASH_SIZE + " bytes)");
        }
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(id) + ":" + hash.hex();
    }
}
