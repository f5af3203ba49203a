package org.crossnet.adapter.gnutella;

import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.gnutella.host.HostPort;

/**
 * Settings of the Gnutella adapter, bound from {@code crossnet.adapters.gnutella.*}.
 *
 * @param listenAddress      address of the one listening socket (Gnutella handshakes and HTTP transfers share it)
 * @param listenPort         its TCP port; 0 picks a free one
 * @param role               {@code auto} (ultrapeer-capable, takes leaf guidance), {@code leaf} or {@code ultrapeer}
 * @param bootstrapHosts     {@code host:port} of peers to dial first
 * @param maxConnections     ultrapeer-to-ultrapeer connections an ultrapeer keeps
 * @param leafConnections    ultrapeers a leaf connects to
 * @param maxLeaves          leaves an ultrapeer accepts
 * @param maxTtl             the largest TTL + hops a query or ping may show (announced as X-Max-TTL); more is abuse
 * @param queryRateLimit     queries per second one connection may send on average; twice that for long gets it cut
 * @param gwebcacheUrls      GWebCaches asked for hosts when the host cache runs dry; empty (off) by default
 * @param compression        offer and accept deflate link compression
 * @param maxPayload         largest message payload accepted, checked before it is read
 * @param handshakeTimeout   how long a connection may take to complete its handshake
 * @param searchDuration     how long a search collects hits before it reports itself finished
 * @param qrpUpdateInterval  least time between route table updates an ultrapeer sends its ultrapeer peers
 * @param dynamicQueryStep   time between the steps of a dynamic query
 * @param uploadSlots        HTTP uploads served at once (1..1000)
 * @param uploadQueue        upload requests kept waiting for a slot (announced with X-Queue); more get 503 (0..10000)
 */
public record GnutellaConfig(String listenAddress, int listenPort, Role role, List<String> bootstrapHosts,
                             int maxConnections, int leafConnections, int maxLeaves, int maxTtl,
                             double queryRateLimit, List<String> gwebcacheUrls, boolean compression, int maxPayload,
                             Duration handshakeTimeout, Duration searchDuration, Duration qrpUpdateInterval,
                             Duration dynamicQueryStep, int uploadSlots, int uploadQueue) {
    /** How the node chooses its role. */
    public enum Role {
        /** Ultrapeer-capable; becomes a leaf when an ultrapeer guides it so and it has no leaves. */
        AUTO,
        LEAF,
        ULTRAPEER
    }

    public GnutellaConfig {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("listen-address: " + listenAddress + " (expected: an IP address)");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen-port: " + listenPort + " (expected: 0..65535)");
        }
        if (role == null) {
            throw new IllegalArgumentException("role: null (expected: auto, leaf or ultrapeer)");
        }
        bootstrapHosts = bootstrapHosts == null ? List.of() : List.copyOf(bootstrapHosts);
        for (String h : bootstrapHosts) {
            try {
                HostPort.parse(h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bootstrap-hosts: " + h + " (expected: host:port)");
            }
        }
        if (maxConnections < 0 || maxConnections > 200 || leafConnections < 1 || leafConnections > 10
                || maxLeaves < 0 || maxLeaves > 1000) {
            throw new IllegalArgumentException("max-connections/leaf-connections/max-leaves: " + maxConnections + "/"
                    + leafConnections + "/" + maxLeaves + " (expected: 0..200, 1..10, 0..1000)");
        }
        if (maxTtl < 1 || maxTtl > 15) {
            throw new IllegalArgumentException("max-ttl: " + maxTtl + " (expected: 1..15)");
        }
        if (!(queryRateLimit > 0) || queryRateLimit > 10_000) {
            throw new IllegalArgumentException("query-rate-limit: " + queryRateLimit + " (expected: 0 < rate <= 10000)");
        }
        gwebcacheUrls = gwebcacheUrls == null ? List.of() : List.copyOf(gwebcacheUrls);
        for (String url : gwebcacheUrls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("gwebcache-urls: " + url + " (expected: http:// or https:// URLs)");
            }
        }
        if (maxPayload < 4096 || maxPayload > 1 << 20) {
            throw new IllegalArgumentException("max-payload: " + maxPayload + " (expected: 4096..1048576)");
        }
        for (Duration d : new Duration[] {handshakeTimeout, searchDuration, qrpUpdateInterval, dynamicQueryStep}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("handshake-timeout/search-duration/qrp-update-interval/"
                        + "dynamic-query-step: " + d + " (expected: positive durations)");
            }
        }
        if (uploadSlots < 1 || uploadSlots > 1000 || uploadQueue < 0 || uploadQueue > 10_000) {
            throw new IllegalArgumentException("upload-slots/upload-queue: " + uploadSlots + "/" + uploadQueue
                    + " (expected: 1..1000, 0..10000)");
        }
    }

    /**
     * The defaults: all interfaces, port 6346, automatic role, no bootstrap hosts, GWebCaches off, 4 upload slots
     * and a queue of 32 (as {@link org.crossnet.adapter.gnutella.http.HttpSettings#defaults()}).
     */
    public static GnutellaConfig defaults() {
        return new GnutellaConfig("0.0.0.0", 6346, Role.AUTO, List.of(), 16, 3, 30, 7, 5.0, List.of(), true, 65536,
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofMillis(2400), 4, 32);
    }

    public GnutellaConfig withListen(String address, int port) {
        return new GnutellaConfig(address, port, role, bootstrapHosts, maxConnections, leafConnections, maxLeaves,
                maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload, handshakeTimeout, searchDuration,
                qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withRole(Role newRole) {
        return new GnutellaConfig(listenAddress, listenPort, newRole, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload, handshakeTimeout,
                searchDuration, qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withBootstrapHosts(List<String> hosts) {
        return new GnutellaConfig(listenAddress, listenPort, role, hosts, maxConnections, leafConnections, maxLeaves,
                maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload, handshakeTimeout, searchDuration,
                qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withSlots(int newMaxConnections, int newLeafConnections, int newMaxLeaves) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, newMaxConnections,
                newLeafConnections, newMaxLeaves, maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload,
                handshakeTimeout, searchDuration, qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withQueryRateLimit(double rate) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, rate, gwebcacheUrls, compression, maxPayload, handshakeTimeout, searchDuration,
                qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withCompression(boolean on) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, queryRateLimit, gwebcacheUrls, on, maxPayload, handshakeTimeout, searchDuration,
                qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    public GnutellaConfig withGwebcacheUrls(List<String> urls) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, queryRateLimit, urls, compression, maxPayload, handshakeTimeout, searchDuration,
                qrpUpdateInterval, dynamicQueryStep, uploadSlots, uploadQueue);
    }

    /** A copy with other HTTP upload limits. */
    public GnutellaConfig withUploads(int slots, int queue) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload, handshakeTimeout,
                searchDuration, qrpUpdateInterval, dynamicQueryStep, slots, queue);
    }

    /** A copy with the timing knobs tests shorten. */
    public GnutellaConfig withTimings(Duration handshake, Duration search, Duration qrpInterval, Duration dqStep) {
        return new GnutellaConfig(listenAddress, listenPort, role, bootstrapHosts, maxConnections, leafConnections,
                maxLeaves, maxTtl, queryRateLimit, gwebcacheUrls, compression, maxPayload, handshake, search,
                qrpInterval, dqStep, uploadSlots, uploadQueue);
    }
}
