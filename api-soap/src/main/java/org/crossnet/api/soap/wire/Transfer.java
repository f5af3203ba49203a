package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>transfer</em>: one snapshot of a download. {@code state} is QUEUED, CHECKING, DOWNLOADING, PAUSED,
 * SEEDING, COMPLETED or FAILED; byte counts and rates (bytes/second) are {@code xs:long}; {@code bytesTotal} is -1
 * while the size is unknown; {@code progress} is verified bytes over total in [0, 1]; {@code sources} repeats once per
 * network, sorted by network; {@code detail} (why queued or failed) is omitted when absent; {@code files} repeats once
 * per file in the order of the byte space (none while the size is unknown); {@code trackers} repeats once per tracker,
 * by network; {@code downloadLimit} and {@code uploadLimit} are bytes/second, 0 = none.
 */
@XmlType(name = "transfer", propOrder = {"id", "name", "content", "state", "bytesDone", "bytesVerified",
        "bytesTotal", "downloadRate", "uploadRate", "progress", "sources", "detail", "addedAt", "files", "trackers",
        "downloadLimit", "uploadLimit"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Transfer {
    @XmlElement(required = true)
    private String id;
    private String name;
    private Content content;
    @XmlElement(required = true)
    private String state;
    @XmlElement(required = true)
    private long bytesDone;
    @XmlElement(required = true)
    private long bytesVerified;
    @XmlElement(required = true)
    private long bytesTotal;
    @XmlElement(required = true)
    private long downloadRate;
    @XmlElement(required = true)
    private long uploadRate;
    @XmlElement(required = true)
    private double progress;
    @XmlElement
    private List<TransferSource> sources;
    private String detail;
    private String addedAt;
    @XmlElement
    private List<TransferFile> files;
    @XmlElement
    private List<TransferTracker> trackers;
    @XmlElement(required = true)
    private long downloadLimit;
    @XmlElement(required = true)
    private long uploadLimit;

    Transfer() {
    }

    public Transfer(String id, String name, Content content, String state, long bytesDone, long bytesVerified,
                    long bytesTotal, long downloadRate, long uploadRate, double progress,
                    List<TransferSource> sources, String detail, String addedAt, List<TransferFile> files,
                    List<TransferTracker> trackers, long downloadLimit, long uploadLimit) {
        this.id = id;
        this.name = name;
        this.content = content;
        this.state = state;
        this.bytesDone = bytesDone;
        this.bytesVerified = bytesVerified;
        this.bytesTotal = bytesTotal;
        this.downloadRate = downloadRate;
        this.uploadRate = uploadRate;
        this.progress = progress;
        this.sources = List.copyOf(sources);
        this.detail = detail;
        this.addedAt = addedAt;
        this.files = List.copyOf(files);
        this.trackers = List.copyOf(trackers);
        this.downloadLimit = downloadLimit;
        this.uploadLimit = uploadLimit;
    }

    /** The transfer's UUID. */
    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Content getContent() {
        return content;
    }

    public String getState() {
        return state;
    }

    public long getBytesDone() {
        return bytesDone;
    }

    public long getBytesVerified() {
        return bytesVerified;
    }

    public long getBytesTotal() {
        return bytesTotal;
    }

    public long getDownloadRate() {
        return downloadRate;
    }

    public long getUploadRate() {
        return uploadRate;
    }

    public double getProgress() {
        return progress;
    }

    public List<TransferSource> getSources() {
        return sources == null ? List.of() : sources;
    }

    public String getDetail() {
        return detail;
    }

    /** ISO-8601 UTC. */
    public String getAddedAt() {
        return addedAt;
    }

    public List<TransferFile> getFiles() {
        return files == null ? List.of() : files;
    }

    public List<TransferTracker> getTrackers() {
        return trackers == null ? List.of() : trackers;
    }

    /** Bytes/second; 0 = none. */
    public long getDownloadLimit() {
        return downloadLimit;
    }

    /** Bytes/second; 0 = none. */
    public long getUploadLimit() {
        return uploadLimit;
    }
}
