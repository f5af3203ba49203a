package org.crossnet.adapter.edonkey.kad;

import java.time.Duration;
import org.crossnet.adapter.edonkey.kad.index.KadIndex;

/**
 * How a {@link DefaultKadNode} behaves. Immutable; validated on construction. Defaults follow aMule 2.3.3
 * ({@code kademlia/Defines.h}, {@code protocol/kad/Constants.h}).
 *
 * @param id                  our Kad id (keep it across restarts: {@code routing.KadPreferences})
 * @param userHash            our eD2k user hash, sent in firewall checks and as our source id
 * @param tcpPort             our eD2k TCP port, advertised in hellos and source publishes
 * @param udpPort             our Kad UDP port, advertised in source publishes
 * @param version             the Kad version we advertise; below 6 so that peers send plain (unobfuscated) packets,
 *                            which is all this node reads
 * @param alpha               lookup requests in flight at once
 * @param width               nodes a lookup converges on, and that searches and publishes address
 * @param requestTimeout      how long a lookup waits for one KADEMLIA2_RES
 * @param lookupLifetime      longest a lookup runs
 * @param searchLifetime      longest a search runs
 * @param searchResultWait    how long a search waits for results once its requests are out
 * @param maintenanceInterval liveness checks, expiry and firewall rechecks run this often
 * @param publishTick         publishing work is picked up this often
 * @param keywordRepublish    a published keyword is republished after this (aMule: 24 h)
 * @param sourceRepublish     a published source is republished after this (aMule: 5 h)
 * @param publishRetry        a publish that reached no node is retried after this
 * @param firewallRecheck     our firewall state is checked again after this (aMule: 1 h)
 * @param refreshInterval     random lookups refresh the routing table this often
 * @param index               limits of what we store for others
 */
public record KadSettings(KadId id, KadId userHash, int tcpPort, int udpPort, int version, int alpha, int width,
                          Duration requestTimeout, Duration lookupLifetime, Duration searchLifetime,
                          Duration searchResultWait, Duration maintenanceInterval, Duration publishTick,
                          Duration keywordRepublish, Duration sourceRepublish, Duration publishRetry,
                          Duration firewallRecheck, Duration refreshInterval, KadIndex.Limits index) {
    /** The version we advertise by default: Kad2 without obfuscation (0.48a). */
    public static final int DEFAULT_VERSION = 5;

    public KadSettings {
        if (id == null || id.isZero() || userHash == null) {
            throw new IllegalArgumentException("kad id / user hash: " + id + " / " + userHash
                    + " (expected: a non-zero id and a user hash)");
        }
        if (tcpPort < 1 || tcpPort > 0xFFFF || udpPort < 1 || udpPort > 0xFFFF) {
            throw new IllegalArgumentException("ports: tcp " + tcpPort + ", udp " + udpPort + " (expected: 1..65535)");
        }
        if (version < 2 || version > 5) {
            throw new IllegalArgumentException("kad version: " + version + " (expected: 2..5; 6 and later require"
                    + " obfuscation, which this node does not implement)");
        }
        if (alpha < 1 || alpha > 10 || width < 1 || width > 32) {
            throw new IllegalArgumentException("alpha/width: " + alpha + "/" + width + " (expected: 1..10 / 1..32)");
        }
        for (Duration d : new Duration[] {requestTimeout, lookupLifetime, searchLifetime, searchResultWait,
            maintenanceInterval, publishTick, keywordRepublish, sourceRepublish, publishRetry, firewallRecheck,
            refreshInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration: " + d + " (expected: positive)");
            }
        }
        if (index == null) {
            throw new IllegalArgumentException("index limits: null (expected: limits)");
        }
    }

    /** aMule's timing and limits for a node with these identities and ports. */
    public static KadSettings defaults(KadId id, KadId userHash, int tcpPort, int udpPort) {
        return new KadSettings(id, userHash, tcpPort, udpPort, DEFAULT_VERSION, 3, 10, Duration.ofSeconds(3),
                Duration.ofSeconds(45), Duration.ofSeconds(45), Duration.ofSeconds(10), Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofHours(24), Duration.ofHours(5), Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofHours(1), KadIndex.Limits.defaults());
    }

    /** A copy with other timings (tests, benchmarks). */
    public KadSettings withTimings(Duration requestTimeout, Duration searchResultWait, Duration maintenanceInterval,
                                   Duration publishTick, Duration publishRetry) {
        return new KadSettings(id, userHash, tcpPort, udpPort, version, alpha, width, requestTimeout, lookupLifetime,
                searchLifetime, searchResultWait, maintenanceInterval, publishTick, keywordRepublish, sourceRepublish,
                publishRetry, firewallRecheck, refreshInterval, index);
    }
}
