package org.crossnet.adapter.edonkey.kad;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchQuery;

/**
 * A Kad2 node: routing table, lookups, keyword and source searches, publishing, storage for others and firewall
 * state. The default implementation is {@link DefaultKadNode}.
 *
 * <p>Threading: every method may be called from any thread and returns without blocking, except {@link #close}.
 * Listeners and sinks are called on the node's thread ({@link KadScheduler}). Inbound datagrams come through
 * {@link #onDatagram}; outbound ones leave through the {@link KadTransport} the node was built with.
 */
public interface KadNode extends AutoCloseable {
    /** Starts timers and bootstrapping from the contacts known so far. Idempotent. */
    void start();

    /**
     * One datagram received on the Kad UDP port (first byte 0xE4 or 0xE5). Any thread; must not block. The caller
     * keeps ownership of {@code packet} and may release it when this returns: it is decoded before the call returns.
     * Malformed, unrequested or unknown packets are dropped with a DEBUG log of the reason.
     */
    void onDatagram(InetSocketAddress sender, ByteBuf packet);

    /**
     * The eD2k TCP side received OP_KAD_FWTCPCHECK_ACK (0xA8 in the eMule protocol) from {@code from}: a node we
     * asked for a firewall check reached our TCP port. Counted once per asked node. Any thread.
     */
    void onFirewallCheckAck(InetAddress from);

    /** Sends KADEMLIA2_BOOTSTRAP_REQ to a node known only by address; its answer seeds the routing table. */
    void bootstrap(InetSocketAddress node);

    /**
     * Adds the contacts of a nodes.dat: into the routing table (then greeted and asked for our neighbourhood), or,
     * for a bootstrap edition, only as bootstrap addresses.
     */
    void addContacts(NodesDat nodes);

    /** The routing table's contacts as a version 2 nodes.dat, to save on close and bootstrap from next time. */
    NodesDat snapshot();

    /**
     * Starts a keyword search: the longest query word is looked up by its MD4 key, the other words, the size range and
     * the media type go to the storing nodes as a search expression, and results are filtered by the query again.
     */
    KadSearchHandle searchKeywords(SearchQuery query, KadSearchListener<KadKeywordResult> listener);

    /**
     * {@link #searchKeywords} for the SPI: hits (ed2k content ids, {@code network}) go to {@code sink}, which is
     * finished when the search ends, is cancelled (reason "cancelled") or the node closes ("closed").
     */
    KadSearchHandle search(SearchQuery query, SearchSink sink, NetworkId network);

    /** Looks up sources of a file (KADEMLIA2_SEARCH_SOURCE_REQ); {@code size} 0 when unknown. */
    KadSearchHandle searchSources(Ed2kHash file, long size, KadSearchListener<KadSource> listener);

    /**
     * Publishes {@code file}: its name's keywords (PUBLISH_KEY_REQ) now and every 24 h, and this node as a source
     * (PUBLISH_SOURCE_REQ) every 5 h while it is not firewalled. Idempotent per hash.
     */
    void publish(KadSharedFile file);

    /** Stops publishing the file; entries already stored elsewhere expire on their own. Idempotent. */
    void withdraw(Ed2kHash file);

    /** The current state; non-blocking. */
    KadStatus status();

    /**
     * Stops timers, finishes running searches with reason "closed" and drops all state; after it returns no listener
     * or sink is called and nothing is sent. Blocks until the node's thread has done so (unless called on it).
     * Idempotent.
     */
    @Override
    void close();
}
