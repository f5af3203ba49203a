package org.crossnet.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TrackerStatus;

/**
 * A {@link DownloadSink} that keeps every report and logs each call in a {@link CallLog} (target
 * {@code download-sink}). Negative traffic, and a tracker list that is null, holds null or names another network
 * than the first list did, are recorded as violations. Thread-safe.
 */
public final class RecordingDownloadSink implements DownloadSink {
    private final CallLog log;
    private final List<SourceCount> sources = new ArrayList<>();
    private final List<ContentId> resolved = new ArrayList<>();
    private final List<List<ContentFile>> layouts = new ArrayList<>();
    private final List<List<TrackerStatus>> trackerLists = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long down;
    private long up;
    private String failure;

    /** A sink with a log of its own. */
    public RecordingDownloadSink() {
        this(new CallLog());
    }

    /** A sink recording its calls into {@code log}. */
    public RecordingDownloadSink(CallLog log) {
        this.log = log;
    }

    @Override
    public void sources(SourceCount count) {
        log.record("download-sink", "sources");
        synchronized (this) {
            if (count == null) {
                violations.add("sources: null (expected: a SourceCount)");
                return;
            }
            sources.add(count);
        }
    }

    @Override
    public void traffic(long downBytes, long upBytes) {
        log.record("download-sink", "traffic");
        synchronized (this) {
            if (downBytes < 0 || upBytes < 0) {
                violations.add("traffic: " + downBytes + "/" + upBytes + " (expected: both >= 0)");
                return;
            }
            down += downBytes;
            up += upBytes;
        }
    }

    @Override
    public void contentResolved(ContentId content) {
        log.record("download-sink", "contentResolved");
        synchronized (this) {
            resolved.add(content);
        }
    }

    @Override
    public void filesResolved(List<ContentFile> files) {
        log.record("download-sink", "filesResolved");
        synchronized (this) {
            layouts.add(List.copyOf(files));
        }
    }

    @Override
    public void trackers(List<TrackerStatus> trackers) {
        log.record("download-sink", "trackers");
        synchronized (this) {
            // not contains(null): immutable lists throw on a null argument
            if (trackers == null || trackers.stream().anyMatch(java.util.Objects::isNull)) {
                violations.add("trackers: " + trackers + " (expected: a list of TrackerStatus, maybe empty)");
                return;
            }
            for (TrackerStatus t : trackers) {
                if (!trackerLists.isEmpty() && !trackerLists.get(0).isEmpty()
                        && !t.network().equals(trackerLists.get(0).get(0).network())) {
                    violations.add("trackers.network: " + t.network() + " (expected: "
                            + trackerLists.get(0).get(0).network() + ", the caller's)");
                }
            }
            trackerLists.add(List.copyOf(trackers));
        }
    }

    /** Every {@link #trackers} report, in order (each replaced the one before). */
    public synchronized List<List<TrackerStatus>> trackerReports() {
        return List.copyOf(trackerLists);
    }

    /** The tracker list reported last; empty before the first report. */
    public synchronized List<TrackerStatus> latestTrackers() {
        return trackerLists.isEmpty() ? List.of() : trackerLists.get(trackerLists.size() - 1);
    }

    /** Every {@link #filesResolved} report, in order. */
    public synchronized List<List<ContentFile>> layouts() {
        return List.copyOf(layouts);
    }

    @Override
    public void failed(String reason) {
        log.record("download-sink", "failed");
        synchronized (this) {
            failure = reason == null ? "(no reason given)" : reason;
        }
    }

    /** The latest source count reported, if any. */
    public synchronized Optional<SourceCount> latestSources() {
        return sources.isEmpty() ? Optional.empty() : Optional.of(sources.get(sources.size() - 1));
    }

    /** Payload bytes received, summed over all traffic reports. */
    public synchronized long bytesDown() {
        return down;
    }

    /** Payload bytes sent, summed over all traffic reports. */
    public synchronized long bytesUp() {
        return up;
    }

    /** Every {@link #contentResolved} report, in order. */
    public synchronized List<ContentId> resolved() {
        return List.copyOf(resolved);
    }

    /** The reason given to {@link #failed}, if the network gave up. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Breaches of the sink contract seen so far. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The log this sink records into. */
    public CallLog log() {
        return log;
    }

    /** True when the network gave up within {@code timeout}. */
    public boolean awaitFailure(Duration timeout) {
        return Await.until(() -> failure().isPresent(), timeout);
    }
}
