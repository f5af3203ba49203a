package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>hit</em>: hits for the same content merged across networks. {@code index} is the argument of
 * transferAddHit; {@code networks} repeats once per network id, sorted; {@code sources} is summed over networks.
 */
@XmlType(name = "hit", propOrder = {"index", "name", "size", "content", "networks", "sources"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Hit {
    @XmlElement(required = true)
    private int index;
    @XmlElement(required = true)
    private String name;
    @XmlElement(required = true)
    private long size;
    @XmlElement(required = true)
    private Content content;
    @XmlElement
    private List<String> networks;
    @XmlElement(required = true)
    private int sources;

    Hit() {
    }

    public Hit(int index, String name, long size, Content content, List<String> networks, int sources) {
        this.index = index;
        this.name = name;
        this.size = size;
        this.content = content;
        this.networks = List.copyOf(networks);
        this.sources = sources;
    }

    public int getIndex() {
        return index;
    }

    public String getName() {
        return name;
    }

    public long getSize() {
        return size;
    }

    public Content getContent() {
        return content;
    }

    public List<String> getNetworks() {
        return networks == null ? List.of() : networks;
    }

    public int getSources() {
        return sources;
    }
}
