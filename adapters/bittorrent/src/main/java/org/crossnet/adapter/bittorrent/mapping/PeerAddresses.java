package org.crossnet.adapter.bittorrent.mapping;

import java.net.InetSocketAddress;
import org.crossnet.spi.error.GatewayException;

/** Parses the {@code host:port} source strings of a {@link org.crossnet.spi.DownloadRequest} into socket addresses. */
public final class PeerAddresses {
    private PeerAddresses() {
    }

    /**
     * Parses {@code host:port}, {@code a.b.c.d:port} or {@code [v6]:port}. The result is unresolved: the caller
     * resolves names off the event loop.
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "peer: … (expected: host:port)"}
     */
    public static InetSocketAddress parse(String text) {
        if (text == null) {
            throw GatewayException.invalid("peer", null, "host:port");
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw GatewayException.invalid("peer", text, "host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw GatewayException.invalid("peer", text, "host:port, with an IPv6 address in brackets");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("peer", text, "a decimal port");
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw GatewayException.invalid("peer", text, "a host and a port in 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
