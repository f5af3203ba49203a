package org.crossnet.adapter.edonkey.kad;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.spi.model.Ed2kHash;

/**
 * A file found by a Kad keyword search. Immutable.
 *
 * @param file     its ed2k hash
 * @param name     the published name (untrusted)
 * @param size     bytes
 * @param fileType the ed2k type ("Audio", "Video", "Image", "Doc", "Pro"), when published
 * @param sources  complete sources the publisher reported (0 when unknown)
 * @param tags     every tag the storing node returned
 * @param from     the node that returned it
 */
public record KadKeywordResult(Ed2kHash file, String name, long size, Optional<String> fileType, int sources,
                               List<Tag> tags, InetSocketAddress from) {
    public KadKeywordResult {
        tags = List.copyOf(tags);
    }
}
