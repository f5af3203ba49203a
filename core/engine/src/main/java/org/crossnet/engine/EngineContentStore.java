package org.crossnet.engine;

import java.util.Optional;
import org.crossnet.engine.share.ShareLibrary;
import org.crossnet.engine.transfer.TransferManager;
import org.crossnet.spi.ContentStore;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.TransferId;

/**
 * The content store adapters see: the share library's hashed files and the live transfers' storage. Wired after
 * construction because the library and the transfer manager themselves need the adapter registry.
 */
final class EngineContentStore implements ContentStore {
    private volatile ShareLibrary shares;
    private volatile TransferManager transfers;

    void wire(ShareLibrary library, TransferManager manager) {
        this.shares = library;
        this.transfers = manager;
    }

    @Override
    public Optional<SharedFile> findShared(ContentHash hash) {
        ShareLibrary library = shares;
        return library == null ? Optional.empty() : library.findShared(hash);
    }

    @Override
    public Optional<StoredContent> transfer(TransferId transfer) {
        TransferManager manager = transfers;
        return manager == null ? Optional.empty() : manager.storage(transfer);
    }
}
