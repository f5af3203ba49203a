package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * Wire form <em>share</em>: one file in the share library. {@code state} is HASHING, READY or FAILED;
 * {@code content} is omitted until hashed; {@code detail} (why hashing failed) is omitted otherwise.
 */
@XmlType(name = "share", propOrder = {"id", "path", "name", "size", "state", "bytesHashed", "content", "detail",
        "addedAt"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Share {
    @XmlElement(required = true)
    private String id;
    @XmlElement(required = true)
    private String path;
    @XmlElement(required = true)
    private String name;
    @XmlElement(required = true)
    private long size;
    @XmlElement(required = true)
    private String state;
    @XmlElement(required = true)
    private long bytesHashed;
    private Content content;
    private String detail;
    private String addedAt;

    Share() {
    }

    public Share(String id, String path, String name, long size, String state, long bytesHashed, Content content,
                 String detail, String addedAt) {
        this.id = id;
        this.path = path;
        this.name = name;
        this.size = size;
        this.state = state;
        this.bytesHashed = bytesHashed;
        this.content = content;
        this.detail = detail;
        this.addedAt = addedAt;
    }

    /** The share's UUID. */
    public String getId() {
        return id;
    }

    /** Absolute path of the file. */
    public String getPath() {
        return path;
    }

    public String getName() {
        return name;
    }

    public long getSize() {
        return size;
    }

    public String getState() {
        return state;
    }

    public long getBytesHashed() {
        return bytesHashed;
    }

    public Content getContent() {
        return content;
    }

    public String getDetail() {
        return detail;
    }

    /** ISO-8601 UTC. */
    public String getAddedAt() {
        return addedAt;
    }
}
