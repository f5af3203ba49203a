package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** One entry of a transfer's {@code sources}: the sources of one network, connected now and known in total. */
@XmlType(name = "transferSource", propOrder = {"network", "connected", "known"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class TransferSource {
    @XmlElement(required = true)
    private String network;
    @XmlElement(required = true)
    private int connected;
    @XmlElement(required = true)
    private int known;

    TransferSource() {
    }

    public TransferSource(String network, int connected, int known) {
        this.network = network;
        this.connected = connected;
        this.known = known;
    }

    public String getNetwork() {
        return network;
    }

    public int getConnected() {
        return connected;
    }

    public int getKnown() {
        return known;
    }
}
