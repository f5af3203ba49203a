package org.crossnet.spi.event;

import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferState;

/**
 * Everything the gateway reports to API clients. The engine's event bus stamps each event with a monotonically
 * increasing id and a time; adapters publish only {@link AdapterNotice} through their context, the engine the rest.
 * Records are immutable; {@link #type()} is the stable wire name.
 */
public sealed interface GatewayEvent {
    /** Stable dotted wire name, e.g. {@code transfer.state}. */
    String type();

    /** A network adapter changed lifecycle state. */
    record AdapterStateChanged(NetworkId network, String state, String detail) implements GatewayEvent {
        public String type() { return "network.state"; }
    }

    /** Something an adapter wants users to see (peer banned, tracker failing, ...). */
    record AdapterNotice(NetworkId network, String message) implements GatewayEvent {
        public String type() { return "network.notice"; }
    }

    /** A search has new hits or has finished. */
    record SearchUpdated(SearchId search, int hits, boolean finished) implements GatewayEvent {
        public String type() { return "search.updated"; }
    }

    /** A transfer was added. */
    record TransferAdded(TransferId transfer, String name, ContentId content) implements GatewayEvent {
        public String type() { return "transfer.added"; }
    }

    /** A transfer changed state; {@code reason} may be null. */
    record TransferStateChanged(TransferId transfer, TransferState from, TransferState to, String reason)
            implements GatewayEvent {
        public String type() { return "transfer.state"; }
    }

    /** Periodic progress of a transfer (throttled by the engine). */
    record TransferProgress(TransferId transfer, long bytesDone, long bytesVerified, long bytesTotal)
            implements GatewayEvent {
        public String type() { return "transfer.progress"; }
    }

    /** A transfer was removed, with or without its data. */
    record TransferRemoved(TransferId transfer, boolean dataDeleted) implements GatewayEvent {
        public String type() { return "transfer.removed"; }
    }

    /** A file entered the share library and waits for hashing. */
    record ShareAdded(ShareId share, String name, long size) implements GatewayEvent {
        public String type() { return "share.added"; }
    }

    /** Hashing progress of a shared file (throttled). */
    record ShareHashing(ShareId share, long bytesHashed, long bytesTotal) implements GatewayEvent {
        public String type() { return "share.hashing"; }
    }

    /** A shared file finished hashing and is published on every network that publishes. */
    record ShareReady(ShareId share, ContentId content) implements GatewayEvent {
        public String type() { return "share.ready"; }
    }

    /** A shared file could not be hashed (vanished, unreadable). */
    record ShareFailed(ShareId share, String reason) implements GatewayEvent {
        public String type() { return "share.failed"; }
    }

    /** A file left the share library (the file on disk is untouched). */
    record ShareRemoved(ShareId share) implements GatewayEvent {
        public String type() { return "share.removed"; }
    }
}
