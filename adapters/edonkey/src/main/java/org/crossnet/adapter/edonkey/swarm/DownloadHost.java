package org.crossnet.adapter.edonkey.swarm;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.crossnet.adapter.edonkey.session.PeerConnection;
import org.crossnet.spi.model.NetworkId;

/** What a {@link Download} needs from the node. Methods are called on the node's event loop. */
public interface DownloadHost {
    EventLoop loop();

    Executor blocking();

    NetworkId network();

    System.Logger logger();

    /** Bytes per request range (at most 3 × 180 KiB, what aMule accepts). */
    int requestSize();

    /** Most sources one download keeps connected at once. */
    int maxSourcesPerDownload();

    /** Corrupt parts a source may be blamed for, jointly with others, before it is dropped. */
    int banAfterCorruptParts();

    /**
     * Opens an outgoing client connection; {@code attach} runs on the loop once the hello exchange is done,
     * {@code failed} when the connection fails or closes before that.
     */
    void dial(InetSocketAddress address, java.util.function.Consumer<PeerConnection> attach,
              java.util.function.Consumer<String> failed);

    /** Whether this address is one of our own listeners. */
    boolean isSelf(InetSocketAddress address);

    /** Counts bytes handed to storage writes but not yet written; reading pauses over a high-water mark. */
    void pendingWrites(long delta);

    /** Sources for a new download are wanted from servers (and Kad). */
    void wantSources(Download download);

    /** The download closed or completed: forget it. */
    void closed(Download download);

    /** Whether a connection also serves an upload (then closing our download side keeps it open). */
    boolean uploading(PeerConnection connection);
}
