package org.crossnet.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.SearchSink;
import org.crossnet.spi.model.SearchHit;

/**
 * A {@link SearchSink} that keeps every hit, logs each call in a {@link CallLog} (target {@code search-sink}) and
 * notes breaches of the sink's contract: a {@code null} batch, or any call after {@link #finished(String)}.
 * Thread-safe.
 */
public final class RecordingSearchSink implements SearchSink {
    private final CallLog log;
    private final List<SearchHit> hits = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private boolean finished;
    private String reason;

    /** A sink with a log of its own. */
    public RecordingSearchSink() {
        this(new CallLog());
    }

    /** A sink recording its calls into {@code log}. */
    public RecordingSearchSink(CallLog log) {
        this.log = log;
    }

    @Override
    public void hits(List<SearchHit> batch) {
        log.record("search-sink", "hits");
        synchronized (this) {
            if (finished) {
                violations.add("hits after finished: " + batch);
            }
            if (batch == null) {
                violations.add("hits: null (expected: a list, possibly empty)");
                return;
            }
            hits.addAll(batch);
        }
    }

    @Override
    public void finished(String why) {
        log.record("search-sink", "finished");
        synchronized (this) {
            if (finished) {
                violations.add("finished twice: " + reason + ", then " + why);
            }
            finished = true;
            reason = why;
        }
    }

    /** A copy of the hits received so far. */
    public synchronized List<SearchHit> receivedHits() {
        return List.copyOf(hits);
    }

    /** True once {@link #finished(String)} was called. */
    public synchronized boolean isFinished() {
        return finished;
    }

    /** The reason given to {@link #finished(String)}; empty on normal completion or while running. */
    public synchronized Optional<String> finishReason() {
        return Optional.ofNullable(reason);
    }

    /** Breaches of the sink contract seen so far; empty when the adapter behaved. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The log this sink records into. */
    public CallLog log() {
        return log;
    }

    /** True when at least {@code count} hits arrived within {@code timeout}. */
    public boolean awaitHits(int count, Duration timeout) {
        return Await.until(() -> receivedHits().size() >= count, timeout);
    }

    /** True when the search finished within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) {
        return Await.until(this::isFinished, timeout);
    }
}
