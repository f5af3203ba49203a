package org.crossnet.adapter.gnutella.http;

import java.util.Optional;
import org.crossnet.spi.model.ContentHash;

/**
 * The files this servent serves, as the uploader looks them up. Only files returned here are ever read: a request
 * names a URN or an index, never a path. Implementations are in-memory, thread-safe and non-blocking: they are called
 * on event loops. {@link SharedFileTable} is the stock one.
 */
public interface ShareLookup {
    /** The shared file with this identity (its urn:sha1, or its TTH root). */
    Optional<ServedFile> find(ContentHash hash);

    /** The shared file with this query-hit index. */
    Optional<ServedFile> byIndex(long index);
}
