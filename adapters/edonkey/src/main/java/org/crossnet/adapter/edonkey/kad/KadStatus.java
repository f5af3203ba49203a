package org.crossnet.adapter.edonkey.kad;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * A snapshot of a node. Immutable.
 *
 * @param id              our Kad id
 * @param contacts        contacts in the routing table
 * @param bootstrapped    a lookup of our own id completed: we know our neighbourhood
 * @param firewalled      true until two nodes confirmed a TCP connect-back to our eD2k port
 * @param externalAddress our address as other nodes reported it (KADEMLIA_FIREWALLED_RES)
 * @param keywordEntries  keyword entries we store for others
 * @param sourceEntries   sources we store for others
 * @param publishedFiles  files we publish
 * @param searches        searches running
 */
public record KadStatus(KadId id, int contacts, boolean bootstrapped, boolean firewalled,
                        Optional<Inet4Address> externalAddress, int keywordEntries, int sourceEntries,
                        int publishedFiles, int searches) {
}
