package org.crossnet.adapter.gnutella.http.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * The compact direct alternate locations of an {@code X-Alt} header.
 *
 * <pre>
 *   X-Alt: a.b.c.d[:port], e.f.g.h[:port], …       port 6346 when omitted
 * </pre>
 *
 * Entries this servent cannot use are skipped rather than failing the header, because the list is advisory and other
 * servents extend it: push locations ({@code <GUID>;ip:port…}, which gtk-gnutella moved to X-Falt), TLS hints
 * ({@code tls=…}) and anything malformed. Only IPv4 dotted quads are read (no DNS is ever involved).
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/gnutella/x-alt">X-Alt</a>
 */
public final class AltLocations {
    /** The Gnutella port, implied by an entry without one. */
    public static final int DEFAULT_PORT = 6346;
    /** Entries read from one header at most; the rest is ignored. */
    public static final int MAX_ENTRIES = 100;
    /** Longest header value looked at. */
    public static final int MAX_LENGTH = 4096;

    private AltLocations() {
    }

    /** The usable locations of an X-Alt value, in order, without duplicates; null or oversized gives none. */
    public static List<InetSocketAddress> parse(String value) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (value == null || value.length() > MAX_LENGTH) {
            return out;
        }
        for (String item : value.split(",")) {
            if (out.size() >= MAX_ENTRIES) {
                break;
            }
            InetSocketAddress address = parseEntry(item.trim());
            if (address != null && !out.contains(address)) {
                out.add(address);
            }
        }
        return out;
    }

    /** The X-Alt value for these IPv4 locations ({@code ip:port} each); IPv6 ones are left out. */
    public static String format(Collection<InetSocketAddress> locations) {
        StringJoiner joiner = new StringJoiner(", ");
        for (InetSocketAddress a : locations) {
            if (a.getAddress() instanceof Inet4Address v4) {
                joiner.add(v4.getHostAddress() + ":" + a.getPort());
            }
        }
        return joiner.toString();
    }

    /**
     * One {@code ip[:port]} entry, or null when it is not a usable direct IPv4 location.
     */
    public static InetSocketAddress parseEntry(String entry) {
        if (entry.isEmpty() || entry.length() > 21) {
            return null;
        }
        int colon = entry.indexOf(':');
        String host = colon < 0 ? entry : entry.substring(0, colon);
        int port = DEFAULT_PORT;
        if (colon >= 0) {
            String digits = entry.substring(colon + 1);
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            port = Integer.parseInt(digits);
            if (port < 1 || port > 65_535) {
                return null;
            }
        }
        byte[] quad = ipv4(host);
        if (quad == null) {
            return null;
        }
        try {
            // A raw address: no name service lookup happens.
            return new InetSocketAddress(InetAddress.getByAddress(quad), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The four bytes of a dotted quad (each 0..255, no leading '+', at most 3 digits), or null. */
    public static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
