package org.crossnet.adapter.edonkey;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;

/** Binds a listener and names the port that could not be had (Netty rethrows a bare, undeclared BindException). */
public final class Binding {
    private Binding() {
    }

    /**
     * Binds {@code bootstrap} to {@code at}, blocking briefly.
     *
     * @param what the setting the port comes from, for the error ({@code "server-port"}, {@code "tcp-port"}, ...)
     * @throws IllegalStateException naming {@code what}, the address and the cause when the bind fails
     */
    public static Channel bind(AbstractBootstrap<?, ?> bootstrap, InetSocketAddress at, String what) {
        ChannelFuture f = bootstrap.bind(at).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException(what + ": " + at.getAddress().getHostAddress() + ":" + at.getPort()
                    + " (expected: a free port): " + f.cause().getMessage(), f.cause());
        }
        return f.channel();
    }
}
