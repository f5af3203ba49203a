package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>query</em>, the argument of searchStart. {@code keywords} repeats once per word (1 to 16 words, each
 * 1 to 64 printable characters, all of which a hit's name must contain). Optional members: {@code minSize} (default
 * 0), {@code maxSize} (default unbounded), {@code media} (ANY, AUDIO, VIDEO, IMAGE, DOCUMENT, ARCHIVE, PROGRAM or
 * CD_IMAGE; default ANY) and {@code networks} (network ids, repeated; default every enabled network with search).
 */
@XmlType(name = "query", propOrder = {"keywords", "minSize", "maxSize", "media", "networks"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Query {
    @XmlElement(required = true)
    private List<String> keywords;
    private Long minSize;
    private Long maxSize;
    private String media;
    @XmlElement
    private List<String> networks;

    Query() {
    }

    public Query(List<String> keywords, Long minSize, Long maxSize, String media, List<String> networks) {
        this.keywords = keywords == null ? null : List.copyOf(keywords);
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.media = media;
        this.networks = networks == null ? null : List.copyOf(networks);
    }

    /** Never null; empty when the request carried none. */
    public List<String> getKeywords() {
        return keywords == null ? List.of() : keywords;
    }

    /** Null when not given. */
    public Long getMinSize() {
        return minSize;
    }

    /** Null when not given. */
    public Long getMaxSize() {
        return maxSize;
    }

    /** Null when not given. */
    public String getMedia() {
        return media;
    }

    /** Never null; empty when not given. */
    public List<String> getNetworks() {
        return networks == null ? List.of() : networks;
    }
}
