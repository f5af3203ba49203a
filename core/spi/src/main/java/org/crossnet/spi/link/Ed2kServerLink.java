package org.crossnet.spi.link;

import java.util.List;
import org.crossnet.spi.error.GatewayException;

/**
 * An eDonkey server link, {@code ed2k://|server|<host>|<port>|/}: it adds a server to a client's list and names no
 * content, so {@link Links#parse} refuses it for transfers. Immutable and thread-safe.
 *
 * @param host IPv4 address or host name (eDonkey servers have no IPv6 form)
 * @param port 1..65535
 */
public record Ed2kServerLink(String host, int port) {
    private static final String SHAPE = "ed2k://|server|<host>|<port>|/";

    /** @throws GatewayException INVALID_ARGUMENT for an empty or malformed host or a port outside 1..65535 */
    public Ed2kServerLink {
        PeerAddress.requireHost("host", host);
        if (host.indexOf(':') >= 0) {
            throw LinkText.invalid("host", host, "an IPv4 address or host name");
        }
        if (port < 1 || port > 65_535) {
            throw GatewayException.invalid("port", port, "1..65535");
        }
    }

    /**
     * Parses a server link; fields after the port, before the closing {@code /}, are skipped as aMule does.
     *
     * @throws GatewayException INVALID_ARGUMENT reading {@code "field: value (expected: …)"}
     */
    public static Ed2kServerLink parse(String link) {
        List<String> f = Ed2kUri.fields(link, MagnetLink.MAX_LENGTH);
        if (!Ed2kUri.isType(f.get(0), "server")) {
            throw LinkText.invalid("link", link, "an ed2k server link, " + SHAPE);
        }
        if (f.size() < 4 || f.get(1).equals("/") || f.get(2).equals("/")) {
            throw LinkText.invalid("link", link, SHAPE);
        }
        String host = LinkText.percentDecode("host", f.get(1), false);
        return new Ed2kServerLink(host, PeerAddress.parsePort("port", f.get(2), f.get(2)));
    }

    /** The server's address. */
    public PeerAddress address() {
        return new PeerAddress(host, port);
    }

    /** {@code ed2k://|server|<host>|<port>|/}. */
    public String format() {
        return "ed2k://|server|" + host + "|" + port + "|/";
    }
}
