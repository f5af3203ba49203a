package org.crossnet.adapter.edonkey.kad;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * Checks that a node asking for a firewall check (KADEMLIA_FIREWALLED(2)_REQ) accepts TCP connections on its eD2k
 * port; only then does the node send it KADEMLIA_FIREWALLED_ACK_RES, the confirmation that counts towards its "open"
 * state. {@link org.crossnet.adapter.edonkey.kad.net.NettyTcpProbe} connects and closes.
 */
@FunctionalInterface
public interface KadTcpProbe {
    /**
     * Tries to connect to {@code endpoint}; completes with true when the connection was accepted. Must not block;
     * never completes exceptionally.
     */
    CompletionStage<Boolean> probe(InetSocketAddress endpoint);
}
