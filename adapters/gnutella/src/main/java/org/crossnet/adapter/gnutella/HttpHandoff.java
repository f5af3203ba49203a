package org.crossnet.adapter.gnutella;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Takes over a connection on the shared listening port that starts with {@code GET }, {@code HEAD } or
 * {@code GIV }: HTTP uploads and downloads, and the GIV of a firewalled servent answering our PUSH. Implemented by
 * the HTTP transfer part ({@code org.crossnet.adapter.gnutella.http.HttpEndpoint#accept}).
 */
@FunctionalInterface
public interface HttpHandoff {
    /**
     * Called on the channel's event loop, after the port-unification handler removed itself from the pipeline; later
     * bytes reach the handlers the callee installs.
     *
     * @param firstBytes everything read so far; ownership passes to the callee, which releases it
     */
    void accept(Channel channel, ByteBuf firstBytes);
}
