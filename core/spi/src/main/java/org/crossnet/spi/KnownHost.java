package org.crossnet.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.link.PeerAddress;

/**
 * One host an adapter knows on its network, as kept in its {@link HostStore}: where it listens, what kind of node it
 * is, when it was last heard of and last reached, and how often reaching it failed since. Immutable and thread-safe.
 *
 * @param address     where it listens; the store's key (with the network)
 * @param kind        what the network calls such a node, e.g. {@code ultrapeer}, {@code leaf}, {@code server},
 *                    {@code kad}: 1 to 32 of lowercase letters, digits, '-', '_', '.'
 * @param lastSeen    when the host was last named by anyone (a pong, a server list, a handshake header); not null
 * @param lastSuccess when we last completed a connection or exchange with it; null when never
 * @param failures    failed attempts since the last success, 0..1,000,000
 * @param attributes  a few network-specific facts (at most {@value #MAX_ATTRIBUTES}): keys as {@code kind}, values
 *                    up to {@value #MAX_VALUE_LENGTH} characters without line breaks; null means none; copied, sorted
 *                    by key
 */
public record KnownHost(PeerAddress address, String kind, Instant lastSeen, Instant lastSuccess, int failures,
                        Map<String, String> attributes) {
    /** Most attributes one host may carry. */
    public static final int MAX_ATTRIBUTES = 16;
    /** Longest attribute value. */
    public static final int MAX_VALUE_LENGTH = 200;
    /** Longest host text (a DNS name has at most 253 characters). */
    public static final int MAX_HOST_LENGTH = 253;
    /** Most failures counted; more stay at this. */
    public static final int MAX_FAILURES = 1_000_000;

    /**
     * The {@link HostStore} ranking, best first: fewest failures, latest success (never reached last), latest seen;
     * ties by host text and port, so the order is total.
     */
    public static final Comparator<KnownHost> BEST_FIRST = Comparator.comparingInt(KnownHost::failures)
            .thenComparing(KnownHost::lastSuccess, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(KnownHost::lastSeen, Comparator.reverseOrder())
            .thenComparing(h -> h.address().host())
            .thenComparingInt(h -> h.address().port());

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,32}");

    /** @throws GatewayException INVALID_ARGUMENT naming the first bad component */
    public KnownHost {
        if (address == null) {
            throw GatewayException.invalid("address", null, "a host and port");
        }
        if (address.host().length() > MAX_HOST_LENGTH) {
            throw GatewayException.invalid("address.host", address.host().substring(0, 32) + "…",
                    "at most " + MAX_HOST_LENGTH + " characters");
        }
        if (kind == null || !NAME.matcher(kind).matches()) {
            throw GatewayException.invalid("kind", kind, "1..32 of a-z 0-9 . _ -");
        }
        if (lastSeen == null) {
            throw GatewayException.invalid("lastSeen", null, "an instant");
        }
        if (failures < 0 || failures > MAX_FAILURES) {
            throw GatewayException.invalid("failures", failures, "0.." + MAX_FAILURES);
        }
        Map<String, String> copy = new TreeMap<>();
        if (attributes != null) {
            if (attributes.size() > MAX_ATTRIBUTES) {
                throw GatewayException.invalid("attributes.size", attributes.size(), "at most " + MAX_ATTRIBUTES);
            }
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (key == null || !NAME.matcher(key).matches()) {
                    throw GatewayException.invalid("attributes.key", key, "1..32 of a-z 0-9 . _ -");
                }
                if (value == null || value.length() > MAX_VALUE_LENGTH || value.indexOf('\n') >= 0
                        || value.indexOf('\r') >= 0) {
                    throw GatewayException.invalid("attributes." + key, value,
                            "a value of at most " + MAX_VALUE_LENGTH + " characters without line breaks");
                }
                copy.put(key, value);
            }
        }
        attributes = Collections.unmodifiableMap(copy);
    }

    /** A host just heard of: seen at {@code seen}, never reached, no failures, no attributes. */
    public static KnownHost seen(PeerAddress address, String kind, Instant seen) {
        return new KnownHost(address, kind, seen, null, 0, Map.of());
    }
}
