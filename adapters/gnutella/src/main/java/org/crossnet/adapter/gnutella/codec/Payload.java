package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;

/**
 * The payload of a Gnutella message: one record per message type. Each record documents its wire layout; all are
 * immutable and keep every byte they were decoded from, so encoding a decoded payload gives the same bytes.
 */
public sealed interface Payload permits Ping, Pong, Bye, RouteTableUpdate, VendorMessage, Push, Query, QueryHit,
        Hsep, UnknownPayload {
    /** The message type byte of the header. */
    int type();

    /** Writes the payload (no header). */
    void write(ByteBuf out);
}
