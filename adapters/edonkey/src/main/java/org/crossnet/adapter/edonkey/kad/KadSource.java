package org.crossnet.adapter.edonkey.kad;

import java.net.InetSocketAddress;

/**
 * A source of a file found by a Kad source search. Immutable.
 *
 * @param userHash     the source's eD2k user hash (as a Kad id)
 * @param tcpEndpoint  its eD2k TCP address
 * @param udpPort      its Kad UDP port (0 when unknown)
 * @param type         TAG_SOURCETYPE: 1 open, 4 open over 4 GiB, 3/5 firewalled behind a buddy, 6 direct callback
 * @param cryptOptions TAG_ENCRYPTION connect options (0 = no obfuscation support)
 */
public record KadSource(KadId userHash, InetSocketAddress tcpEndpoint, int udpPort, int type, int cryptOptions) {
    /** True for types 1 and 4: a plain TCP connection reaches it; the others need a buddy or a callback. */
    public boolean directlyReachable() {
        return type == 1 || type == 4;
    }

    /** {@code host:port} of the TCP endpoint, the form the SPI's peer handles use. */
    public String hostPort() {
        return tcpEndpoint.getAddress().getHostAddress() + ":" + tcpEndpoint.getPort();
    }
}
