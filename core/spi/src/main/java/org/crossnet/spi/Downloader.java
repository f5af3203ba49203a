package org.crossnet.spi;

import org.crossnet.spi.model.ContentId;

/** Fetches content from one network into the gateway's storage. */
public interface Downloader {
    /** True when this network can fetch content with these identities (e.g. bittorrent needs a btih). */
    boolean canFetch(ContentId content);

    /**
     * Starts fetching into {@code request.store()}. Returns at once. The adapter writes blocks, verifies them with
     * its own hashes and reports through {@code sink}. Called on a non-event-loop thread.
     */
    DownloadSession download(DownloadRequest request, DownloadSink sink);
}
