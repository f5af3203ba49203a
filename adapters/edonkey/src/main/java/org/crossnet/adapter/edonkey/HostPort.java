package org.crossnet.adapter.edonkey;

import java.net.InetSocketAddress;

/** A {@code host:port} string as config and link sources write it. */
public record HostPort(String host, int port) {
    /**
     * Parses {@code host:port} (IPv4 or a name; ed2k has no IPv6).
     *
     * @throws IllegalArgumentException reading {@code "field: value (expected: host:port)"}
     */
    public static HostPort parse(String field, String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':') != colon) {
            throw new IllegalArgumentException(field + ": " + text + " (expected: host:port)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": " + text + " (expected: host:port with a decimal port)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + text + " (expected: a port of 1..65535)");
        }
        return new HostPort(text.substring(0, colon), port);
    }

    /** An unresolved socket address (resolve off the event loop). */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
