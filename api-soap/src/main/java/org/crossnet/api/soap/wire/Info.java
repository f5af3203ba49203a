package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * Wire form <em>info</em>: what the gateway is. {@code networks}, {@code transfers} and {@code shares} are counts;
 * {@code lastEventId} is the newest event id, a cursor for eventPoll.
 */
@XmlType(name = "info", propOrder = {"version", "startedAt", "networks", "transfers", "shares", "lastEventId"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Info {
    @XmlElement(required = true)
    private String version;
    @XmlElement(required = true)
    private String startedAt;
    @XmlElement(required = true)
    private int networks;
    @XmlElement(required = true)
    private int transfers;
    @XmlElement(required = true)
    private int shares;
    @XmlElement(required = true)
    private long lastEventId;

    Info() {
    }

    public Info(String version, String startedAt, int networks, int transfers, int shares, long lastEventId) {
        this.version = version;
        this.startedAt = startedAt;
        this.networks = networks;
        this.transfers = transfers;
        this.shares = shares;
        this.lastEventId = lastEventId;
    }

    public String getVersion() {
        return version;
    }

    /** ISO-8601 UTC. */
    public String getStartedAt() {
        return startedAt;
    }

    public int getNetworks() {
        return networks;
    }

    public int getTransfers() {
        return transfers;
    }

    public int getShares() {
        return shares;
    }

    public long getLastEventId() {
        return lastEventId;
    }
}
