package org.crossnet.adapter.bittorrent.swarm;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.webseed.WebSeedClient;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.NetworkId;

/** What a torrent needs from the adapter. Thread-safe. */
public interface TorrentHost {
    BitTorrentConfig config();

    NetworkId network();

    Bytes peerId();

    /** The port our listener is bound to. */
    int listenPort();

    /** Opens an outgoing connection for {@code torrent}; on failure calls {@link Torrent#dialFailed}. */
    void dial(Torrent torrent, InetSocketAddress address);

    /**
     * Peers attached over all torrents. Called by a torrent holding its own monitor: must take no torrent's monitor
     * (two torrents asking at once would deadlock).
     */
    int totalPeers();

    /** The context's blocking executor. */
    Executor blocking();

    /** Logs a peer's misbehaviour at DEBUG (gated). */
    void debug(String message);

    /** Publishes an adapter notice users see (gated). */
    void notice(String message);

    /** True when {@code address} is our own listener. */
    boolean isSelf(InetSocketAddress address);

    /** The monotonic time in nanoseconds that rates, timeouts and retries are measured with (tests substitute it). */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delayNanos} on a timer that must not be blocked (an event loop); dropped
     * when the adapter closes first.
     */
    void schedule(Runnable task, long delayNanos);

    /** The client for web seeds (BEP 19), or null when this host does not fetch from them. */
    WebSeedClient webSeedClient();

    /** The torrent closed: forget it. */
    void closed(Torrent torrent);
}
