package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * Wire form <em>content</em>: what a piece of content is across networks. {@code size} is always present (-1 when
 * unknown); every other member is omitted when unknown. Hashes: {@code sha1}, {@code aich} and {@code tth} in
 * base32, {@code ed2k} and {@code btih} in lowercase hex.
 */
@XmlType(name = "content", propOrder = {"size", "name", "sha1", "ed2k", "aich", "tth", "btih"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Content {
    @XmlElement(required = true)
    private long size;
    private String name;
    private String sha1;
    private String ed2k;
    private String aich;
    private String tth;
    private String btih;

    Content() {
    }

    public Content(long size, String name, String sha1, String ed2k, String aich, String tth, String btih) {
        this.size = size;
        this.name = name;
        this.sha1 = sha1;
        this.ed2k = ed2k;
        this.aich = aich;
        this.tth = tth;
        this.btih = btih;
    }

    /** Bytes, or -1 when unknown. */
    public long getSize() {
        return size;
    }

    /** Display name; null when unknown. */
    public String getName() {
        return name;
    }

    public String getSha1() {
        return sha1;
    }

    public String getEd2k() {
        return ed2k;
    }

    public String getAich() {
        return aich;
    }

    public String getTth() {
        return tth;
    }

    public String getBtih() {
        return btih;
    }
}
