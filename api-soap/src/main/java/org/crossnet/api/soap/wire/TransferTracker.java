package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One entry of a transfer's {@code trackers}, as the network announcing to it last reported it: {@code state} is
 * IDLE, UPDATING, WORKING, FAILED or DISABLED; {@code tier} 0-based; {@code seeders} and {@code leechers} -1 when
 * unknown; the announce times (ISO-8601 UTC) and {@code error} are omitted when absent.
 */
@XmlType(name = "transferTracker", propOrder = {"network", "url", "tier", "state", "lastAnnounce", "nextAnnounce",
        "peers", "seeders", "leechers", "error"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class TransferTracker {
    @XmlElement(required = true)
    private String network;
    @XmlElement(required = true)
    private String url;
    @XmlElement(required = true)
    private int tier;
    @XmlElement(required = true)
    private String state;
    private String lastAnnounce;
    private String nextAnnounce;
    @XmlElement(required = true)
    private int peers;
    @XmlElement(required = true)
    private int seeders;
    @XmlElement(required = true)
    private int leechers;
    private String error;

    TransferTracker() {
    }

    public TransferTracker(String network, String url, int tier, String state, String lastAnnounce,
                           String nextAnnounce, int peers, int seeders, int leechers, String error) {
        this.network = network;
        this.url = url;
        this.tier = tier;
        this.state = state;
        this.lastAnnounce = lastAnnounce;
        this.nextAnnounce = nextAnnounce;
        this.peers = peers;
        this.seeders = seeders;
        this.leechers = leechers;
        this.error = error;
    }

    public String getNetwork() {
        return network;
    }

    public String getUrl() {
        return url;
    }

    public int getTier() {
        return tier;
    }

    public String getState() {
        return state;
    }

    /** ISO-8601 UTC; null before the first announce. */
    public String getLastAnnounce() {
        return lastAnnounce;
    }

    /** ISO-8601 UTC; null when none is scheduled. */
    public String getNextAnnounce() {
        return nextAnnounce;
    }

    public int getPeers() {
        return peers;
    }

    public int getSeeders() {
        return seeders;
    }

    public int getLeechers() {
        return leechers;
    }

    public String getError() {
        return error;
    }
}
