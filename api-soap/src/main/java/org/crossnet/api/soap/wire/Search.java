package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>search</em>: a search handle to poll. {@code state} is RUNNING, FINISHED or STOPPED; {@code running}
 * and {@code finished} repeat once per network id, sorted; {@code hits} counts merged hits so far.
 */
@XmlType(name = "search", propOrder = {"id", "keywords", "state", "running", "finished", "hits", "startedAt"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class Search {
    @XmlElement(required = true)
    private String id;
    @XmlElement
    private List<String> keywords;
    @XmlElement(required = true)
    private String state;
    @XmlElement
    private List<String> running;
    @XmlElement
    private List<String> finished;
    @XmlElement(required = true)
    private int hits;
    @XmlElement(required = true)
    private String startedAt;

    Search() {
    }

    public Search(String id, List<String> keywords, String state, List<String> running, List<String> finished,
                  int hits, String startedAt) {
        this.id = id;
        this.keywords = List.copyOf(keywords);
        this.state = state;
        this.running = List.copyOf(running);
        this.finished = List.copyOf(finished);
        this.hits = hits;
        this.startedAt = startedAt;
    }

    /** The search's UUID. */
    public String getId() {
        return id;
    }

    public List<String> getKeywords() {
        return keywords == null ? List.of() : keywords;
    }

    public String getState() {
        return state;
    }

    public List<String> getRunning() {
        return running == null ? List.of() : running;
    }

    public List<String> getFinished() {
        return finished == null ? List.of() : finished;
    }

    public int getHits() {
        return hits;
    }

    /** ISO-8601 UTC. */
    public String getStartedAt() {
        return startedAt;
    }
}
