package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.List;

/**
 * Wire form <em>searchResults</em> (schema type {@code searchResultsPage}, as the searchResults operation owns the
 * type name {@code searchResults}): one page of a search's merged hits, best first. {@code total} counts all merged
 * hits, {@code offset} is the index of the first hit on this page, {@code hits} repeats once per hit.
 */
@XmlType(name = "searchResultsPage", propOrder = {"search", "total", "offset", "hits"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class SearchResults {
    @XmlElement(required = true)
    private Search search;
    @XmlElement(required = true)
    private int total;
    @XmlElement(required = true)
    private int offset;
    @XmlElement
    private List<Hit> hits;

    SearchResults() {
    }

    public SearchResults(Search search, int total, int offset, List<Hit> hits) {
        this.search = search;
        this.total = total;
        this.offset = offset;
        this.hits = List.copyOf(hits);
    }

    public Search getSearch() {
        return search;
    }

    public int getTotal() {
        return total;
    }

    public int getOffset() {
        return offset;
    }

    public List<Hit> getHits() {
        return hits == null ? List.of() : hits;
    }
}
