package org.crossnet.adapter.gnutella.routing;

/** Why a message was not handled or passed on; counted per reason and logged at DEBUG (peer behaviour). */
public enum DropReason {
    /** The GUID was seen before (a loop or a re-broadcast). */
    DUPLICATE,
    /** TTL 0 on arrival: it should not have been sent. */
    EXPIRED,
    /** TTL above what we announced in X-Max-TTL, or TTL + hops beyond any sane path. */
    TTL_ABUSE,
    /** A reply (pong, hit, push) whose GUID matches no route: we never forwarded its request. */
    UNKNOWN_ROUTE,
    /** The payload broke its layout. */
    MALFORMED,
    /** A message type we do not know; never routed. */
    UNKNOWN_TYPE,
    /** The peer sent more queries or pings than its rate allows. */
    RATE_LIMITED,
    /** The outbound queue of the target connection was full. */
    QUEUE_FULL,
    /** A message the peer's role may not send (a leaf forwarding queries, QRP from an ultrapeer without QRP). */
    NOT_ALLOWED
}
