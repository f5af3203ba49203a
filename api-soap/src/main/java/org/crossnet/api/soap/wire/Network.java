package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>network</em>: one network adapter. {@code state} is DISABLED, STARTING, RUNNING, STOPPING or FAILED;
 * {@code capabilities} repeats once per capability (SEARCH, DOWNLOAD, PUBLISH, DHT, SERVER, in that order);
 * {@code detail} is the adapter's status line or failure reason, omitted when absent.
 */
@XmlType(name = "network", propOrder = {"id", "displayName", "enabled", "state", "capabilities", "detail"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Network {
    @XmlElement(required = true)
    private String id;
    @XmlElement(required = true)
    private String displayName;
    @XmlElement(required = true)
    private boolean enabled;
    @XmlElement(required = true)
    private String state;
    @XmlElement
    private List<String> capabilities;
    private String detail;

    Network() {
    }

    public Network(String id, String displayName, boolean enabled, String state, List<String> capabilities,
                   String detail) {
        this.id = id;
        this.displayName = displayName;
        this.enabled = enabled;
        this.state = state;
        this.capabilities = List.copyOf(capabilities);
        this.detail = detail;
    }

    /** The network's stable id, e.g. {@code bittorrent}. */
    public String getId() {
        return id;
    }

    public String getDisplayName() {
        return displayName;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getState() {
        return state;
    }

    /** Never null; empty when the adapter declares none. */
    public List<String> getCapabilities() {
        return capabilities == null ? List.of() : capabilities;
    }

    public String getDetail() {
        return detail;
    }
}
