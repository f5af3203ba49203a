package org.crossnet.testkit;

import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;

/**
 * Content an adapter under test can download, with the bytes it must end up as.
 *
 * @param content  what to fetch; its size must be known and equal to {@code data.length()}
 * @param data     the expected bytes
 * @param peers    source addresses handed in the request (may be empty)
 * @param trackers tracker URLs handed in the request (may be empty)
 * @param metainfo raw .torrent bytes for adapters that need them; null otherwise
 */
public record DownloadFixture(ContentId content, Bytes data, List<String> peers, List<String> trackers,
                              Bytes metainfo) {
    public DownloadFixture {
        if (content == null || data == null) {
            throw new IllegalArgumentException("content/data: null (expected: both present)");
        }
        if (content.size() != data.length()) {
            throw new IllegalArgumentException("content.size: " + content.size() + " (expected: " + data.length()
                    + ", the length of data)");
        }
        peers = peers == null ? List.of() : List.copyOf(peers);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }

    /** Content fetched without peers, trackers or metainfo. */
    public static DownloadFixture of(ContentId content, byte[] data) {
        return new DownloadFixture(content, Bytes.of(data), List.of(), List.of(), null);
    }
}
