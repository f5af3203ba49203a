package org.crossnet.spi.bencode;

/**
 * A bencoded value (BEP 3): a byte string, an integer, a list or a dictionary. Immutable and thread-safe.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#bencoding">BEP 3, bencoding</a>
 */
public sealed interface BValue permits BString, BInteger, BList, BDictionary {
}
