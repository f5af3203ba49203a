package org.crossnet.spi.model;

/** One typed content identity. Each kind has a fixed length checked on construction. */
public sealed interface ContentHash permits Sha1, Ed2kHash, AichRoot, TigerTreeRoot, InfoHash {
    /** The raw digest bytes. */
    Bytes bytes();
}
