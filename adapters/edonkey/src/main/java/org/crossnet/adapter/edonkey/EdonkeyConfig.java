package org.crossnet.adapter.edonkey;

import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;

/**
 * Settings of the eDonkey adapter, bound from {@code crossnet.adapters.edonkey.*}.
 *
 * @param listenAddress        address the client TCP listener, the UDP socket and the server role bind;
 *                             {@code 0.0.0.0} for all interfaces
 * @param tcpPort              client-to-client TCP port (eMule's default 4662); 0 picks a free one
 * @param udpPort              UDP port shared by Kad and eD2k UDP (eMule's default 4672); 0 picks a free one
 * @param nick                 the user name sent in hellos and logins
 * @param uploadSlots          peers uploaded to at once; more wait in the upload queue
 * @param maxConnections       client-to-client connections, both ways
 * @param maxSourcesPerDownload sources one download keeps connected
 * @param requestSize          bytes per requested range: 184,320 (aMule's block) up to 552,960 (3 blocks, the
 *                             most aMule and eMule accept), used in whole 184,320-byte blocks (rounded down, so
 *                             that each range is whole AICH blocks); larger ranges get more from aMule's upload tick
 * @param maxFrameLength       largest packet accepted, in bytes, checked before buffering
 * @param maxInflatedLength    largest size a zlib-packed packet may inflate to
 * @param banAfterCorruptParts corrupt parts a source may share the blame for before it is dropped (a source that
 *                             alone delivered a corrupt part is dropped at once)
 * @param connectTimeout       how long an outgoing connection may take
 * @param idleTimeout          a connection without traffic for this long is closed
 * @param servers              eD2k servers ({@code host:port}) the client logs into, for search and sources
 * @param serverEnabled        run the index-server role: other clients log in, offer files, search, get sources
 * @param serverPort           TCP port of the server role (UDP on port + 4, as eD2k servers do)
 * @param serverName           the server role's name, sent in OP_SERVERIDENT
 * @param kadEnabled           join Kad over the UDP port
 * @param kadBootstrap         Kad nodes ({@code host:port}) to bootstrap from
 */
public record EdonkeyConfig(String listenAddress, int tcpPort, int udpPort, String nick, int uploadSlots,
                            int maxConnections, int maxSourcesPerDownload, int requestSize, int maxFrameLength,
                            int maxInflatedLength, int banAfterCorruptParts, Duration connectTimeout,
                            Duration idleTimeout, List<String> servers, boolean serverEnabled, int serverPort,
                            String serverName, boolean kadEnabled, List<String> kadBootstrap) {
    /** Smallest frame limit: the hashset of a 256 GiB file (28,257 hashes) must fit. */
    public static final int MIN_FRAME_LENGTH = 512 * 1024;

    public EdonkeyConfig {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("listen-address: " + listenAddress + " (expected: an IP address)");
        }
        for (int port : new int[] {tcpPort, udpPort, serverPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("tcp-port/udp-port/server-port: " + tcpPort + "/" + udpPort + "/"
                        + serverPort + " (expected: 0..65535)");
            }
        }
        if (nick == null || nick.isBlank() || nick.length() > 64) {
            throw new IllegalArgumentException("nick: " + nick + " (expected: 1..64 characters)");
        }
        if (uploadSlots < 1 || maxConnections < 2 || maxSourcesPerDownload < 1) {
            throw new IllegalArgumentException("upload-slots/max-connections/max-sources-per-download: " + uploadSlots
                    + "/" + maxConnections + "/" + maxSourcesPerDownload + " (expected: >= 1, >= 2, >= 1)");
        }
        if (requestSize < Ed2kWire.BLOCK_SIZE || requestSize > 3 * Ed2kWire.BLOCK_SIZE) {
            throw new IllegalArgumentException("request-size: " + requestSize + " (expected: " + Ed2kWire.BLOCK_SIZE
                    + ".." + 3 * Ed2kWire.BLOCK_SIZE + ")");
        }
        if (maxFrameLength < MIN_FRAME_LENGTH || maxFrameLength > 64 << 20) {
            throw new IllegalArgumentException("max-frame-length: " + maxFrameLength + " (expected: "
                    + MIN_FRAME_LENGTH + ".." + (64 << 20) + ")");
        }
        if (maxInflatedLength < MIN_FRAME_LENGTH || maxInflatedLength > 64 << 20) {
            throw new IllegalArgumentException("max-inflated-length: " + maxInflatedLength + " (expected: "
                    + MIN_FRAME_LENGTH + ".." + (64 << 20) + ")");
        }
        if (banAfterCorruptParts < 1) {
            throw new IllegalArgumentException("ban-after-corrupt-parts: " + banAfterCorruptParts
                    + " (expected: >= 1)");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || idleTimeout == null || idleTimeout.toSeconds() < 10) {
            throw new IllegalArgumentException("connect-timeout/idle-timeout: " + connectTimeout + "/" + idleTimeout
                    + " (expected: positive, idle at least 10 s)");
        }
        servers = servers == null ? List.of() : List.copyOf(servers);
        for (String s : servers) {
            HostPort.parse("servers", s);
        }
        if (serverName == null || serverName.isBlank()) {
            throw new IllegalArgumentException("server-name: " + serverName + " (expected: a name)");
        }
        kadBootstrap = kadBootstrap == null ? List.of() : List.copyOf(kadBootstrap);
        for (String s : kadBootstrap) {
            HostPort.parse("kad-bootstrap", s);
        }
    }

    /** eMule's ports (4662 TCP, 4672 UDP), 4 upload slots, no servers, server role and Kad off. */
    public static EdonkeyConfig defaults() {
        return new EdonkeyConfig("0.0.0.0", 4662, 4672, "crossnet", 4, 200, 20, 3 * Ed2kWire.BLOCK_SIZE, 2 << 20,
                2 << 20, 2, Duration.ofSeconds(10), Duration.ofMinutes(5), List.of(), false, 4661, "crossnet",
                false, List.of());
    }

    /** A copy with other addresses and ports (tests, the gateway's own config). */
    public EdonkeyConfig withAddress(String address, int tcp, int udp) {
        return new EdonkeyConfig(address, tcp, udp, nick, uploadSlots, maxConnections, maxSourcesPerDownload,
                requestSize, maxFrameLength, maxInflatedLength, banAfterCorruptParts, connectTimeout, idleTimeout,
                servers, serverEnabled, serverPort, serverName, kadEnabled, kadBootstrap);
    }

    /** A copy with these servers to log into. */
    public EdonkeyConfig withServers(List<String> list) {
        return new EdonkeyConfig(listenAddress, tcpPort, udpPort, nick, uploadSlots, maxConnections,
                maxSourcesPerDownload, requestSize, maxFrameLength, maxInflatedLength, banAfterCorruptParts,
                connectTimeout, idleTimeout, list, serverEnabled, serverPort, serverName, kadEnabled, kadBootstrap);
    }

    /** A copy with the server role on or off, on this port. */
    public EdonkeyConfig withServerRole(boolean enabled, int port) {
        return new EdonkeyConfig(listenAddress, tcpPort, udpPort, nick, uploadSlots, maxConnections,
                maxSourcesPerDownload, requestSize, maxFrameLength, maxInflatedLength, banAfterCorruptParts,
                connectTimeout, idleTimeout, servers, enabled, port, serverName, kadEnabled, kadBootstrap);
    }

    /** A copy with another upload slot count and request size. */
    public EdonkeyConfig withTransfer(int slots, int request) {
        return new EdonkeyConfig(listenAddress, tcpPort, udpPort, nick, slots, maxConnections, maxSourcesPerDownload,
                request, maxFrameLength, maxInflatedLength, banAfterCorruptParts, connectTimeout, idleTimeout,
                servers, serverEnabled, serverPort, serverName, kadEnabled, kadBootstrap);
    }

    /** A copy with Kad on or off, bootstrapping from {@code bootstrap} ({@code host:port} each). */
    public EdonkeyConfig withKad(boolean enabled, List<String> bootstrap) {
        return new EdonkeyConfig(listenAddress, tcpPort, udpPort, nick, uploadSlots, maxConnections,
                maxSourcesPerDownload, requestSize, maxFrameLength, maxInflatedLength, banAfterCorruptParts,
                connectTimeout, idleTimeout, servers, serverEnabled, serverPort, serverName, enabled, bootstrap);
    }
}
