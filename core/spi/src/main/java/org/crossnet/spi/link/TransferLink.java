package org.crossnet.spi.link;

import java.util.List;
import org.crossnet.spi.model.ContentId;

/**
 * A link that names content to download: what {@link Links#parse} returns for {@code transfer.addLink}. Callers on
 * Java 17 tell the kinds apart with {@code instanceof}. Implementations are immutable records.
 */
public sealed interface TransferLink permits MagnetLink, Ed2kLink {
    /** The content the link names, with its size ({@link ContentId#UNKNOWN_SIZE} when the link has none) and name. */
    ContentId toContentId();

    /** Peer addresses the link suggests trying first (magnet x.pe, ed2k sources); never null. */
    List<PeerAddress> peers();

    /** Tracker URLs the link carries (magnet tr); never null, empty for ed2k. */
    List<String> trackers();

    /** The canonical link text; parsing it gives back an equal record. */
    String format();
}
