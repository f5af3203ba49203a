package org.crossnet.spi.link;

import org.crossnet.spi.error.GatewayException;

/**
 * A peer or server address carried in a link: magnet {@code x.pe}, an ed2k {@code sources} entry, an ed2k server
 * link. The host is an IPv4 address, a DNS name or an IPv6 address (held without brackets); it is not resolved here.
 * Immutable and thread-safe.
 *
 * @param host IPv4 dotted quad, DNS name (letters, digits, '.', '-', '_') or IPv6 literal; never null or empty
 * @param port 1..65535
 */
public record PeerAddress(String host, int port) {
    private static final String HOST_EXPECTED =
            "a host name, IPv4 address or IPv6 address (letters, digits, '.', '-', '_'; IPv6 in brackets)";

    /**
     * @throws GatewayException INVALID_ARGUMENT when the host has characters outside its forms or the port is out of
     *                          range
     */
    public PeerAddress {
        requireHost("host", host);
        if (port < 1 || port > 65_535) {
            throw GatewayException.invalid("port", port, "1..65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @param field names the link field in error messages, e.g. {@code x.pe}
     * @throws GatewayException INVALID_ARGUMENT reading {@code "field: text (expected: …)"}
     */
    public static PeerAddress parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw LinkText.invalid(field, text, "host:port");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw LinkText.invalid(field, text, "[ipv6]:port");
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                throw LinkText.invalid(field, text, "brackets only around an IPv6 address");
            }
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw LinkText.invalid(field, text, "host:port");
            }
            host = text.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw LinkText.invalid(field, text, "host:port, with an IPv6 host in brackets");
            }
            port = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw LinkText.invalid(field, text, "host:port with a non-empty host");
        }
        if (!isHost(host)) {
            throw LinkText.invalid(field, text, HOST_EXPECTED);
        }
        return new PeerAddress(host, parsePort(field, text, port));
    }

    /** Parses a decimal port 1..65535; {@code whole} is the text shown in the error. */
    static int parsePort(String field, String whole, String port) {
        if (!LinkText.isDecimal(port) || port.length() > 5) {
            throw LinkText.invalid(field, whole, "a decimal port 1..65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65_535) {
            throw LinkText.invalid(field, whole, "a port 1..65535");
        }
        return value;
    }

    static void requireHost(String field, String host) {
        if (host == null || host.isEmpty()) {
            throw LinkText.invalid(field, host, "a non-empty host");
        }
        if (!isHost(host)) {
            throw LinkText.invalid(field, host, HOST_EXPECTED);
        }
    }

    private static boolean isHost(String host) {
        boolean ipv6 = host.indexOf(':') >= 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            boolean ok = ipv6
                    ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !ipv6 || host.chars().filter(ch -> ch == ':').count() >= 2;
    }

    /** {@code host:port}, or {@code [ipv6]:port}: the form {@link #parse} reads and DownloadRequest.peers holds. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
