package org.crossnet.testkit.scripted;

import java.util.Map;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.Sha1;

/**
 * A search hit the scripted adapter reports for every query its name satisfies
 * ({@code crossnet.adapters.scripted.hits[i].*}).
 *
 * @param name    the file name reported
 * @param size    bytes
 * @param sha1    the SHA-1, 40 hex or 32 base32 characters
 * @param sources the source count reported, 0 when unknown
 */
public record ScriptedHit(String name, long size, String sha1, int sources) {
    public ScriptedHit {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("hits.name: " + name + " (expected: a file name)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("hits.size: " + size + " (expected: >= 0)");
        }
        try {
            Sha1.parse(sha1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hits.sha1: " + sha1 + " (expected: 40 hex or 32 base32 characters)", e);
        }
        if (sources < 0) {
            throw new IllegalArgumentException("hits.sources: " + sources + " (expected: >= 0)");
        }
    }

    /** The hit as the SPI reports it; the handle marks it as scripted rather than served. */
    SearchHit toSearchHit(NetworkId network) {
        ContentId content = new ContentId(size, name, Sha1.parse(sha1), null, null, null, null);
        return new SearchHit(name, size, content, network, sources, Map.of("origin", "script"));
    }
}
