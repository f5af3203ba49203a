package org.crossnet.engine.facade;

import java.util.Set;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;

/**
 * Hits for the same content from one or more networks, merged by identity.
 *
 * @param index    stable position in the search's merged list (argument to transfer.addHit)
 * @param name     the most common name reported
 * @param sources  sources reported, summed over networks
 */
public record MergedHit(int index, String name, long size, ContentId content, Set<NetworkId> networks,
                        int sources) {
    public MergedHit {
        networks = Set.copyOf(networks);
    }
}
