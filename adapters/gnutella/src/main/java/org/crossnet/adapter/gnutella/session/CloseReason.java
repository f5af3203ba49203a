package org.crossnet.adapter.gnutella.session;

/** Why a connection was closed; logged (peer faults at DEBUG), counted, and shown in the status line. */
public enum CloseReason {
    /** The peer closed the connection or it broke. */
    REMOTE_CLOSED,
    /** The peer sent nothing, not even a pong, for too long. */
    IDLE_TIMEOUT,
    /** The peer said BYE. */
    REMOTE_BYE,
    /** An I/O error on the socket. */
    IO_ERROR,
    /** The handshake text was malformed or over its limits. */
    BAD_HANDSHAKE,
    /** The handshake took too long, or an incoming connection said nothing. */
    HANDSHAKE_TIMEOUT,
    /** The peer refused us (503 and friends) or a connection attempt failed. */
    REFUSED_BY_PEER,
    /** We refused the peer: no slot for its role, an old protocol, or our role does not take it. */
    REFUSED,
    /** We connected to ourselves. */
    SELF_CONNECTION,
    /** We already have a connection to that servent. */
    DUPLICATE_CONNECTION,
    /** The first bytes were neither a Gnutella handshake nor an HTTP request we serve. */
    UNKNOWN_PROTOCOL,
    /** A header declared a payload above the limit. */
    OVERSIZE_PAYLOAD,
    /** The compressed stream inflated beyond the allowed ratio or buffer (a deflate bomb), or was corrupt. */
    DEFLATE_BOMB,
    /** Too many malformed messages, TTL abuses or a broken QRP sequence. */
    PROTOCOL_VIOLATION,
    /** The peer sent queries far above its rate limit. */
    QUERY_FLOOD,
    /** The peer does not read: its control queue overflowed. */
    QUEUE_OVERFLOW,
    /** Our role changed, or we need the slot for something better. */
    ROLE_CHANGE,
    /** The adapter is closing. */
    SHUTDOWN
}
