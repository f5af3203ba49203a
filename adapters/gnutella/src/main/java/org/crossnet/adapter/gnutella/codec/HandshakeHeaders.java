package org.crossnet.adapter.gnutella.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The headers of one handshake block, in order, names compared case-insensitively, with typed readers for the
 * headers the 0.6 handshake negotiates. Immutable; build with {@link Builder}.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/handshaking_0.6">Handshaking 0.6</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/ultra-peers">Ultrapeers 1.0</a>
 */
public record HandshakeHeaders(List<Header> headers) {
    public static final String USER_AGENT = "User-Agent";
    public static final String X_ULTRAPEER = "X-Ultrapeer";
    public static final String X_ULTRAPEER_NEEDED = "X-Ultrapeer-Needed";
    public static final String X_QUERY_ROUTING = "X-Query-Routing";
    public static final String X_ULTRAPEER_QUERY_ROUTING = "X-Ultrapeer-Query-Routing";
    public static final String X_TRY_ULTRAPEERS = "X-Try-Ultrapeers";
    public static final String LISTEN_IP = "Listen-IP";
    public static final String NODE = "Node";
    public static final String REMOTE_IP = "Remote-IP";
    public static final String ACCEPT_ENCODING = "Accept-Encoding";
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String GGEP = "GGEP";
    public static final String PONG_CACHING = "Pong-Caching";
    public static final String VENDOR_MESSAGE = "Vendor-Message";
    public static final String X_DEGREE = "X-Degree";
    public static final String X_MAX_TTL = "X-Max-TTL";
    public static final String X_DYNAMIC_QUERYING = "X-Dynamic-Querying";
    public static final String BYE_PACKET = "Bye-Packet";
    public static final String GUID = "GUID";
    public static final String X_FEATURES = "X-Features";

    /** One header line. */
    public record Header(String name, String value) {
        public Header {
            if (name == null || name.isEmpty() || !isToken(name)) {
                throw new GnutellaCodecException("handshake.header", name, "a header name (token characters)");
            }
            if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new GnutellaCodecException("handshake.header." + name, value, "a one-line value");
            }
        }
    }

    public HandshakeHeaders {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static final HandshakeHeaders EMPTY = new HandshakeHeaders(List.of());

    public static Builder builder() {
        return new Builder();
    }

    /** The value of the first header of this name, trimmed. */
    public Optional<String> get(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value().trim());
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return get(name).isPresent();
    }

    /** A boolean header ("True"/"False", any case); empty when absent or neither. */
    public Optional<Boolean> flag(String name) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return Optional.of(true);
        }
        if (s.equals("false")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** A non-negative integer header; empty when absent or not a number. */
    public Optional<Integer> number(String name) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The comma-separated items of a header, trimmed, empty ones dropped. */
    public List<String> list(String name) {
        List<String> items = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                for (String item : h.value().split(",")) {
                    String t = item.trim();
                    if (!t.isEmpty()) {
                        items.add(t);
                    }
                }
            }
        }
        return items;
    }

    /** Whether a comma-separated header lists {@code token} (case-insensitive), e.g. deflate in Accept-Encoding. */
    public boolean lists(String name, String token) {
        return list(name).stream().anyMatch(t -> t.equalsIgnoreCase(token));
    }

    public Optional<String> userAgent() {
        return get(USER_AGENT);
    }

    /** X-Ultrapeer: whether the peer is (or offers to be) an ultrapeer; empty for an old servent without it. */
    public Optional<Boolean> ultrapeer() {
        return flag(X_ULTRAPEER);
    }

    public Optional<Boolean> ultrapeerNeeded() {
        return flag(X_ULTRAPEER_NEEDED);
    }

    /** X-Query-Routing: the QRP version a leaf or ultrapeer speaks ("0.1", "0.2"). */
    public Optional<String> queryRouting() {
        return get(X_QUERY_ROUTING);
    }

    /** X-Ultrapeer-Query-Routing: QRP between ultrapeers (last-hop QRP). */
    public boolean ultrapeerQueryRouting() {
        return has(X_ULTRAPEER_QUERY_ROUTING);
    }

    /** X-Try-Ultrapeers: host:port items. */
    public List<String> tryUltrapeers() {
        return list(X_TRY_ULTRAPEERS);
    }

    /** Listen-IP (or its older name, Node): the host:port the peer accepts connections on. */
    public Optional<String> listenAddress() {
        return get(LISTEN_IP).or(() -> get(NODE));
    }

    /** Remote-IP: our address as the peer sees it. */
    public Optional<String> remoteIp() {
        return get(REMOTE_IP);
    }

    public boolean acceptsDeflate() {
        return lists(ACCEPT_ENCODING, "deflate");
    }

    public boolean sendsDeflate() {
        return lists(CONTENT_ENCODING, "deflate");
    }

    public boolean ggep() {
        return has(GGEP);
    }

    public boolean pongCaching() {
        return has(PONG_CACHING);
    }

    public boolean vendorMessages() {
        return has(VENDOR_MESSAGE);
    }

    /** X-Degree: how many ultrapeer connections the peer aims at (dynamic querying uses it). */
    public Optional<Integer> degree() {
        return number(X_DEGREE);
    }

    /** X-Max-TTL: the largest TTL the peer accepts on queries. */
    public Optional<Integer> maxTtl() {
        return number(X_MAX_TTL);
    }

    public boolean dynamicQuerying() {
        return has(X_DYNAMIC_QUERYING);
    }

    /** GUID: the peer's servent GUID (gtk-gnutella sends it). */
    public Optional<Guid> guid() {
        try {
            return get(GUID).filter(s -> s.length() == 32).map(Guid::parseHex);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Collects headers in order. */
    public static final class Builder {
        private final List<Header> headers = new ArrayList<>();

        public Builder add(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        public Builder add(String name, boolean value) {
            return add(name, value ? "True" : "False");
        }

        public Builder add(String name, int value) {
            return add(name, Integer.toString(value));
        }

        public HandshakeHeaders build() {
            return new HandshakeHeaders(headers);
        }
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
