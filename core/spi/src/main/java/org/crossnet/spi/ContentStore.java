package org.crossnet.spi;

import java.util.Optional;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.TransferId;

/** The gateway's content as adapters see it. Thread-safe; lookups are in-memory and non-blocking. */
public interface ContentStore {
    /** A shared file with this identity (library file or completed download), if any. */
    Optional<SharedFile> findShared(ContentHash hash);

    /** The storage of a transfer this adapter was asked to download, if the transfer still exists. */
    Optional<StoredContent> transfer(TransferId transfer);
}
