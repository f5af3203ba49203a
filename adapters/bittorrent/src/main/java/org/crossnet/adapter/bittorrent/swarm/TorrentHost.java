package org.crossnet.adapter.bittorrent.swarm;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
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

    /** Peers attached over all torrents. */
    int totalPeers();

    /** The context's blocking executor. */
    Executor blocking();

    /** Logs a peer's misbehaviour at DEBUG (gated). */
    void debug(String message);

    /** Publishes an adapter notice users see (gated). */
    void notice(String message);

    /** True when {@code address} is our own listener. */
    boolean isSelf(InetSocketAddress address);

    /** The torrent closed: forget it. */
    void closed(Torrent torrent);
}
