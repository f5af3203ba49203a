package org.crossnet.adapter.bittorrent.session;

/** Why a peer connection was closed; logged, counted, and (for bans) reported as an adapter notice. */
public enum CloseReason {
    /** The peer closed the connection or it broke. */
    REMOTE_CLOSED,
    /** An I/O error on the socket. */
    IO_ERROR,
    /** The handshake was malformed. */
    BAD_HANDSHAKE,
    /** The handshake named a torrent we do not serve. */
    UNKNOWN_TORRENT,
    /** We connected to ourselves. */
    SELF_CONNECTION,
    /** A message longer than the frame limit was announced. */
    FRAME_TOO_LONG,
    /** A message broke the wire format (unknown id, wrong length, out-of-order bitfield). */
    PROTOCOL_VIOLATION,
    /** A bitfield of the wrong length or with spare bits set. */
    BAD_BITFIELD,
    /** A have, piece, suggest or allowed-fast outside the torrent's pieces. */
    PIECE_OUT_OF_RANGE,
    /** A request outside a piece, or for a piece we do not have. */
    INVALID_REQUEST,
    /** An extended message with malformed bencode or ill-typed fields. */
    MALFORMED_EXTENSION,
    /** Metadata that failed its infohash check or contradicted itself. */
    BAD_METADATA,
    /** The peer's address is banned for sending corrupt data. */
    BANNED,
    /** The torrent or adapter is at its connection limit. */
    CONNECTION_LIMIT,
    /** Both sides are seeds: nothing to exchange. */
    BOTH_SEEDS,
    /** The connection or handshake took too long. */
    TIMEOUT,
    /** The torrent was closed, withdrawn or the adapter stopped. */
    TORRENT_CLOSED
}
