package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One entry of a transfer's {@code files}: its path inside the transfer's folder ('/'-separated; a single file's
 * name), length, offset in the transfer's byte space and bytes verified, all {@code xs:long}.
 */
@XmlType(name = "transferFile", propOrder = {"path", "length", "offset", "bytesVerified"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class TransferFile {
    @XmlElement(required = true)
    private String path;
    @XmlElement(required = true)
    private long length;
    @XmlElement(required = true)
    private long offset;
    @XmlElement(required = true)
    private long bytesVerified;

    TransferFile() {
    }

    public TransferFile(String path, long length, long offset, long bytesVerified) {
        this.path = path;
        this.length = length;
        this.offset = offset;
        this.bytesVerified = bytesVerified;
    }

    public String getPath() {
        return path;
    }

    public long getLength() {
        return length;
    }

    public long getOffset() {
        return offset;
    }

    public long getBytesVerified() {
        return bytesVerified;
    }
}
