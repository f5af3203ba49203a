package org.crossnet.adapter.edonkey.session;

/** Why a client-to-client or server connection was closed; logged and counted. */
public enum CloseReason {
    /** The peer closed the connection or it broke. */
    REMOTE_CLOSED,
    /** An I/O error on the socket. */
    IO_ERROR,
    /** A frame's protocol byte was not 0xE3, 0xC5 or 0xD4, or its length was zero. */
    BAD_FRAME,
    /** A frame longer than the limit was announced. */
    FRAME_TOO_LONG,
    /** A packed frame or compressed part inflated past its cap (zlib bomb) or was corrupt. */
    BAD_COMPRESSION,
    /** An opcode aMule does not know. */
    UNKNOWN_OPCODE,
    /** A message broke its layout (truncated, trailing bytes, bad counts, malformed tags). */
    PROTOCOL_VIOLATION,
    /** The first message was not a hello, or a hello answer did not come. */
    BAD_HANDSHAKE,
    /** We connected to ourselves. */
    SELF_CONNECTION,
    /** A request for a range outside the file, inverted, or larger than allowed. */
    INVALID_REQUEST,
    /** Data that was never requested, or outside the requested ranges. */
    UNREQUESTED_DATA,
    /** The peer sent parts that failed their MD4 check (or AICH blocks that failed theirs). */
    CORRUPT_DATA,
    /** The peer sent AICH recovery data that does not fit the part or the trusted root. */
    BAD_RECOVERY_DATA,
    /** Nothing happened for too long. */
    TIMEOUT,
    /** The peer does not have the file, or has no part we need. */
    NOTHING_TO_DO,
    /** The transfer ended or was withdrawn, or the adapter stopped. */
    CLOSED_LOCALLY,
    /** The adapter is at its connection limit. */
    CONNECTION_LIMIT
}
