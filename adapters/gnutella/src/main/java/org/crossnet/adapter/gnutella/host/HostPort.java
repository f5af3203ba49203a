package org.crossnet.adapter.gnutella.host;

import java.net.InetSocketAddress;

/**
 * A peer address as Gnutella passes it around ({@code host:port} in X-Try-Ultrapeers, Listen-IP, host caches). The
 * host is an IPv4 literal or, in the configured bootstrap list, a name resolved off the event loop.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank() || host.indexOf(' ') >= 0 || host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("host: " + host + " (expected: an IPv4 address or a host name)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException reading {@code "address: … (expected: host:port)"}
     */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("address: null (expected: host:port)");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("address: " + text + " (expected: host:port)");
        }
        try {
            return new HostPort(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address: " + text + " (expected: host:port with a numeric port)");
        }
    }

    /** Parses, or returns null when malformed (for addresses peers send). */
    public static HostPort tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static HostPort of(InetSocketAddress address) {
        return new HostPort(address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString(), address.getPort());
    }

    /** An unresolved socket address (resolution happens where blocking is allowed). */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Whether the host is a dotted IPv4 literal (no lookup needed). */
    public boolean isLiteral() {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
