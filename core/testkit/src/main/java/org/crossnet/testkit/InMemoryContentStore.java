package org.crossnet.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crossnet.spi.ContentStore;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;

/**
 * A {@link ContentStore} held in memory: the test adds transfers and shared files, the adapter looks them up.
 * Lookups are logged in the {@link CallLog} under the target {@code content}; the test-side methods are not.
 * Thread-safe.
 */
public final class InMemoryContentStore implements ContentStore {
    private final CallLog log;
    private final Map<TransferId, InMemoryStoredContent> transfers = new LinkedHashMap<>();
    private final Map<ShareId, SharedFile> shared = new LinkedHashMap<>();

    /** A store recording the adapter's calls into {@code log}. */
    public InMemoryContentStore(CallLog log) {
        this.log = log;
    }

    @Override
    public synchronized Optional<SharedFile> findShared(ContentHash hash) {
        log.record("content", "findShared");
        return shared.values().stream().filter(f -> f.content().hashes().contains(hash)).findFirst();
    }

    @Override
    public synchronized Optional<StoredContent> transfer(TransferId transfer) {
        log.record("content", "transfer");
        return Optional.ofNullable(transfers.get(transfer));
    }

    /**
     * Adds the storage of a transfer of known size.
     *
     * @throws IllegalArgumentException when the transfer exists already or the size is out of range
     */
    public synchronized InMemoryStoredContent addTransfer(TransferId transfer, long size) {
        if (transfers.containsKey(transfer)) {
            throw new IllegalArgumentException("transfer: " + transfer + " (expected: not added yet)");
        }
        InMemoryStoredContent content = new InMemoryStoredContent(transfer, size, log);
        transfers.put(transfer, content);
        return content;
    }

    /** Removes a transfer's storage; true when it existed. */
    public synchronized boolean removeTransfer(TransferId transfer) {
        return transfers.remove(transfer) != null;
    }

    /** Adds (or replaces) a shared file. */
    public synchronized void addShared(SharedFile file) {
        shared.put(file.share(), file);
    }

    /** Removes a shared file; true when it existed. */
    public synchronized boolean removeShared(ShareId share) {
        return shared.remove(share) != null;
    }
}
