package org.crossnet.spi;

import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.TransferId;

/**
 * What to fetch and where to put it.
 *
 * @param peers     source addresses ({@code host:port}) from the link (x.pe, ed2k sources), tried first
 * @param trackers  tracker URLs from the link or torrent
 * @param metainfo  the raw .torrent bytes when added from one; null otherwise
 */
public record DownloadRequest(TransferId transfer, ContentId content, StoredContent store, List<String> peers,
                              List<String> trackers, Bytes metainfo) {
    public DownloadRequest {
        peers = peers == null ? List.of() : List.copyOf(peers);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }
}
