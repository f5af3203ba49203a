package org.crossnet.adapter.bittorrent.storage;

import java.nio.ByteBuffer;

/** Reads the content's bytes to serve peers. Blocking: call only on the blocking executor. Thread-safe. */
public interface BlockReader extends AutoCloseable {
    /**
     * Fills {@code dst} (position to limit) from {@code offset}.
     *
     * @throws java.io.UncheckedIOException or {@link org.crossnet.spi.error.GatewayException} when it cannot
     */
    void read(long offset, ByteBuffer dst);

    /**
     * Releases what the reader holds open; the torrent calls it once no read is in progress. Idempotent. Nothing by
     * default, so a reader holding nothing stays a lambda.
     */
    @Override
    default void close() {
    }
}
