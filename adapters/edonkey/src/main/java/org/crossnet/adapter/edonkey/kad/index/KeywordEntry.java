package org.crossnet.adapter.edonkey.kad.index;

import java.util.List;
import java.util.Set;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;

/**
 * One file stored under one keyword. Immutable.
 *
 * @param file       the file's ed2k hash as a Kad key
 * @param name       the published file name
 * @param size       the published size
 * @param tags       the other published tags (type, sources, media), returned to searchers as received
 * @param publishers IPs (Kad host order) that published it, for the publish-info tag
 * @param expiresAt  clock millis after which it is dropped unless republished
 */
public record KeywordEntry(KadId file, String name, long size, List<Tag> tags, Set<Integer> publishers,
                           long expiresAt) {
    public KeywordEntry {
        tags = List.copyOf(tags);
        publishers = Set.copyOf(publishers);
    }
}
