package org.crossnet.engine.facade;

import java.util.List;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.model.TransferStatus;

/**
 * The gateway's facade: one method per {@link Operation}, the only thing front-ends call. Thread-safe. Methods
 * return promptly (long work such as hashing or searching returns a handle or a record to poll). Errors are
 * {@link org.crossnet.spi.error.GatewayException}s with a stable code and a message safe to show to clients.
 */
public interface GatewayService {
    /** {@link Operation#GATEWAY_INFO}. */
    GatewayInfo gatewayInfo();

    /** {@link Operation#NETWORK_LIST}: every adapter found, enabled or not. */
    List<NetworkView> networkList();

    /** {@link Operation#NETWORK_STATUS}. */
    NetworkView networkStatus(NetworkId network);

    /** {@link Operation#NETWORK_ENABLE}: starts the adapter and remembers the choice across restarts. */
    NetworkView networkEnable(NetworkId network);

    /** {@link Operation#NETWORK_DISABLE}: stops the adapter and remembers the choice across restarts. */
    NetworkView networkDisable(NetworkId network);

    /** {@link Operation#NETWORK_RESTART}: stops and starts an enabled adapter. */
    NetworkView networkRestart(NetworkId network);

    /** {@link Operation#SEARCH_START}: asks every matching enabled network; returns at once. */
    SearchView searchStart(SearchQuery query);

    /** {@link Operation#SEARCH_RESULTS}: one page of merged hits, best first. */
    SearchResultsPage searchResults(SearchId search, int offset, int limit);

    /** {@link Operation#SEARCH_STOP}: cancels the search on every network; results stay readable until expiry. */
    SearchView searchStop(SearchId search);

    /** {@link Operation#TRANSFER_ADD_LINK}: a magnet URI or an ed2k:// file link. */
    TransferStatus transferAddLink(String link);

    /** {@link Operation#TRANSFER_ADD_TORRENT}: the bytes of a .torrent file. */
    TransferStatus transferAddTorrent(byte[] torrent);

    /** {@link Operation#TRANSFER_ADD_HIT}: a hit from a search's results, by its index in the merged list. */
    TransferStatus transferAddHit(SearchId search, int hitIndex);

    /** {@link Operation#TRANSFER_LIST}. */
    List<TransferStatus> transferList();

    /** {@link Operation#TRANSFER_GET}. */
    TransferStatus transferGet(TransferId transfer);

    /** {@link Operation#TRANSFER_PAUSE}. */
    TransferStatus transferPause(TransferId transfer);

    /** {@link Operation#TRANSFER_RESUME}. */
    TransferStatus transferResume(TransferId transfer);

    /**
     * {@link Operation#TRANSFER_LIMIT}: caps this transfer's payload rates on every network taking part, on top of
     * the networks' own limits; remembered across restarts.
     *
     * @param downloadLimit bytes/second, 0 = no limit
     * @param uploadLimit   bytes/second, 0 = no limit
     * @throws org.crossnet.spi.error.GatewayException INVALID_ARGUMENT for a negative limit, NOT_FOUND for an
     *                                                 unknown transfer
     */
    TransferStatus transferLimit(TransferId transfer, long downloadLimit, long uploadLimit);

    /** {@link Operation#TRANSFER_REMOVE}: forgets the transfer; deletes its file too when {@code deleteData}. */
    void transferRemove(TransferId transfer, boolean deleteData);

    /**
     * {@link Operation#SHARE_ADD}: a file, or a folder (recursively, regular files only). Returns at once with the
     * entries queued for hashing; poll {@link #shareGet} or read share events for progress.
     */
    List<ShareView> shareAdd(String path);

    /** {@link Operation#SHARE_LIST}. */
    List<ShareView> shareList();

    /** {@link Operation#SHARE_GET}. */
    ShareView shareGet(ShareId share);

    /** {@link Operation#SHARE_REMOVE}: stops sharing; the file on disk is untouched. */
    void shareRemove(ShareId share);

    /** {@link Operation#SHARE_LINKS}: magnet with every identity, ed2k link, and .torrent bytes of a hashed share. */
    ShareLinks shareLinks(ShareId share);

    /**
     * {@link Operation#EVENT_POLL}: events with id greater than {@code after}, oldest first, at most {@code limit};
     * waits up to {@code waitMillis} (capped at 30 s) when none is available yet.
     */
    EventPage eventPoll(long after, int limit, long waitMillis);
}
