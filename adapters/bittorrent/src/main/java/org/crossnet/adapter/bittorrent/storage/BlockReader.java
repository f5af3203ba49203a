package org.crossnet.adapter.bittorrent.storage;

import java.nio.ByteBuffer;

/** Reads the content's bytes to serve peers. Blocking: call only on the blocking executor. */
public interface BlockReader {
    /**
     * Fills {@code dst} (position to limit) from {@code offset}.
     *
     * @throws java.io.UncheckedIOException or {@link org.crossnet.spi.error.GatewayException} when it cannot
     */
    void read(long offset, ByteBuffer dst);
}
