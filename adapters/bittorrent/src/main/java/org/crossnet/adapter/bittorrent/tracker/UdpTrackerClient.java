package org.crossnet.adapter.bittorrent.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.crossnet.spi.model.InfoHash;

/**
 * A UDP tracker (BEP 15), {@code udp://host:port[/path]}, over the shared {@link UdpTrackerTransport}. The host name
 * is resolved on the blocking executor once and kept; a failed resolution is retried on the next request.
 * Thread-safe.
 */
final class UdpTrackerClient implements TrackerClient {
    private final String host;
    private final int port;
    private final UdpTrackerTransport transport;
    private final Executor blocking;
    private final int key;
    private final Consumer<TrackerClient> onClose;
    private volatile InetSocketAddress resolved;
    private volatile boolean closed;

    UdpTrackerClient(String host, int port, UdpTrackerTransport transport, Executor blocking, int key,
                     Consumer<TrackerClient> onClose) {
        this.host = host;
        this.port = port;
        this.transport = transport;
        this.blocking = blocking;
        this.key = key;
        this.onClose = onClose;
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
        CompletableFuture<AnnounceResponse> result = new CompletableFuture<>();
        run(result, target -> transport.exchange(this, target, UdpTrackerCodec.ACTION_ANNOUNCE,
                (alloc, connectionId, transactionId) -> UdpTrackerCodec.encodeAnnounce(alloc, connectionId,
                        transactionId, request, key),
                reply -> ((UdpTrackerCodec.AnnounceReply) reply).response(), result));
        return result;
    }

    @Override
    public CompletableFuture<Map<InfoHash, ScrapeResult>> scrape(List<InfoHash> hashes) {
        CompletableFuture<Map<InfoHash, ScrapeResult>> result = new CompletableFuture<>();
        try {
            UdpTrackerCodec.checkScrapeCount(hashes.size());
        } catch (TrackerException e) {
            result.completeExceptionally(e);
            return result;
        }
        List<InfoHash> asked = List.copyOf(hashes);
        run(result, target -> transport.exchange(this, target, UdpTrackerCodec.ACTION_SCRAPE,
                (alloc, connectionId, transactionId) -> UdpTrackerCodec.encodeScrape(alloc, connectionId,
                        transactionId, asked),
                reply -> {
                    List<ScrapeResult> results = ((UdpTrackerCodec.ScrapeReply) reply).results();
                    if (results.size() != asked.size()) {
                        throw new TrackerException(TrackerException.Kind.PROTOCOL, "scrape reply: "
                                + results.size() + " torrents (expected: " + asked.size() + ")");
                    }
                    Map<InfoHash, ScrapeResult> map = new HashMap<>();
                    for (int i = 0; i < asked.size(); i++) {
                        map.put(asked.get(i), results.get(i));
                    }
                    return map;
                }, result));
        return result;
    }

    @Override
    public void close() {
        closed = true;
        transport.cancelAll(this);
        onClose.accept(this);
    }

    private <T> void run(CompletableFuture<T> result, Consumer<InetSocketAddress> start) {
        if (closed) {
            result.completeExceptionally(new TrackerException(TrackerException.Kind.CLOSED,
                    "tracker client: closed (expected: an open client)"));
            return;
        }
        InetSocketAddress target = resolved;
        if (target != null) {
            start.accept(target);
            return;
        }
        try {
            // name resolution blocks: never on the caller's (possibly event loop) thread
            blocking.execute(() -> {
                try {
                    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
                    resolved = address;
                    start.accept(address);
                } catch (UnknownHostException e) {
                    result.completeExceptionally(new TrackerException(TrackerException.Kind.NETWORK, "host: "
                            + host + " (expected: a resolvable tracker host)", e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new TrackerException(TrackerException.Kind.CLOSED,
                    "blocking executor: rejected the host lookup (expected: running)", e));
        }
    }
}
