package org.crossnet.adapter.bittorrent.codec;

import java.nio.charset.StandardCharsets;

/**
 * Wire constants of the peer protocol.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-messages">BEP 3, peer messages</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6, fast extension</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10, extension protocol</a>
 */
public final class PeerWire {
    /** The protocol string of the handshake. */
    public static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** {@code <pstrlen=19><pstr><reserved 8><info_hash 20><peer_id 20>}. */
    public static final int HANDSHAKE_LENGTH = 1 + 19 + 8 + 20 + 20;
    /** The usual request size; BEP 3 calls larger requests unsupported by most clients. */
    public static final int BLOCK_SIZE = 16 * 1024;
    /** The largest request we serve; clients that ask for more are closed. */
    public static final int MAX_REQUEST_LENGTH = 128 * 1024;
    /** Width of the length prefix of every message. */
    public static final int LENGTH_FIELD = 4;

    /** reserved[5] bit of the extension protocol (BEP 10). */
    public static final int EXTENSION_BYTE = 5;
    /** Mask of the extension protocol bit in {@link #EXTENSION_BYTE}. */
    public static final int EXTENSION_MASK = 0x10;
    /** reserved[7] bit of the fast extension (BEP 6). */
    public static final int FAST_BYTE = 7;
    /** Mask of the fast extension bit in {@link #FAST_BYTE}. */
    public static final int FAST_MASK = 0x04;

    public static final byte CHOKE = 0;
    public static final byte UNCHOKE = 1;
    public static final byte INTERESTED = 2;
    public static final byte NOT_INTERESTED = 3;
    public static final byte HAVE = 4;
    public static final byte BITFIELD = 5;
    public static final byte REQUEST = 6;
    public static final byte PIECE = 7;
    public static final byte CANCEL = 8;
    /** DHT port (BEP 5); read and ignored as we run no DHT. */
    public static final byte PORT = 9;
    public static final byte SUGGEST = 0x0D;
    public static final byte HAVE_ALL = 0x0E;
    public static final byte HAVE_NONE = 0x0F;
    public static final byte REJECT = 0x10;
    public static final byte ALLOWED_FAST = 0x11;
    public static final byte EXTENDED = 20;

    /** Extended message id of the extended handshake (BEP 10). */
    public static final int EXTENDED_HANDSHAKE = 0;
    /** Our local id of ut_metadata; peers send us ut_metadata with it. */
    public static final int UT_METADATA_ID = 1;
    /** Our local id of ut_pex. */
    public static final int UT_PEX_ID = 2;
    /** ut_metadata piece size (BEP 9). */
    public static final int METADATA_PIECE_SIZE = 16 * 1024;

    private PeerWire() {
    }
}
