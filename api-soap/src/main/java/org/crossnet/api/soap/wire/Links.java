package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlType;

/**
 * Wire form <em>links</em>: how other clients can fetch a shared file. {@code torrent} is the .torrent file as
 * {@code xs:base64Binary}; a member the share cannot offer is omitted.
 */
@XmlType(name = "links", propOrder = {"magnet", "ed2k", "torrent"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Links {
    private String magnet;
    private String ed2k;
    private byte[] torrent;

    Links() {
    }

    public Links(String magnet, String ed2k, byte[] torrent) {
        this.magnet = magnet;
        this.ed2k = ed2k;
        this.torrent = torrent == null ? null : torrent.clone();
    }

    public String getMagnet() {
        return magnet;
    }

    public String getEd2k() {
        return ed2k;
    }

    /** A copy of the .torrent bytes, or null. */
    public byte[] getTorrent() {
        return torrent == null ? null : torrent.clone();
    }
}
