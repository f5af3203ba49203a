package org.crossnet.adapter.gnutella.session;

/** What a node is on the network: a leaf behind ultrapeers, or an ultrapeer routing for leaves and its peers. */
public enum PeerRole {
    LEAF,
    ULTRAPEER
}
