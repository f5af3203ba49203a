package org.crossnet.adapter.bittorrent.storage;

import java.nio.ByteBuffer;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;

/** Reads a download's own storage, to seed what it has verified. */
public final class StoredContentReader implements BlockReader {
    private final StoredContent store;

    public StoredContentReader(StoredContent store) {
        this.store = store;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int want = dst.remaining();
        int n = store.read(offset, dst);
        if (n != want) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "read: " + n + " bytes at " + offset
                    + " (expected: " + want + ")");
        }
    }
}
