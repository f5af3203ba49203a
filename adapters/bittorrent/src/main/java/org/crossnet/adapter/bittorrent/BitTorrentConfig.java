package org.crossnet.adapter.bittorrent;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the BitTorrent adapter, bound from {@code crossnet.adapters.bittorrent.*}.
 *
 * @param listenAddress      address the peer listener binds; {@code 0.0.0.0} so that peers anywhere can connect
 * @param listenPort         TCP port of the listener; 0 picks a free one
 * @param maxPeersPerTorrent connections per torrent, incoming and outgoing
 * @param maxPeersGlobal     connections over all torrents
 * @param uploadRateLimit    bytes per second over all torrents; 0 = unlimited (a transfer's own cap, set through
 *                           {@code DownloadSession.rateLimits}, applies under it)
 * @param downloadRateLimit  bytes per second over all torrents; 0 = unlimited (likewise)
 * @param requestQueueMin    outstanding block requests per peer at first, and at least; a slow start adds one per block
 *                           received until the peer's rate is known
 * @param requestQueueMax    most outstanding block requests per peer, however fast it is
 * @param servingQueueMax    block requests a peer may have outstanding with us, advertised as {@code reqq}; more are
 *                           rejected. Kept apart from our own depth: transmission keeps exactly {@code reqq} requests
 *                           in flight, so a small value caps how fast it can fetch from us
 * @param uploadSlots        peers unchoked by rate (tit-for-tat), plus one optimistic unchoke
 * @param maxFrameLength     largest peer message accepted, in bytes; checked before any buffer is allocated
 * @param banAfterFailures   failed piece checks a peer may contribute to before its address is banned
 * @param connectTimeout     how long an outgoing connection and its handshake may take
 * @param snubTimeout        how long a peer that owes us blocks may stay silent before it counts as snubbed
 * @param publishTrackers    tracker URLs (one tier) announced for published shares, which carry no trackers
 */
public record BitTorrentConfig(String listenAddress, int listenPort, int maxPeersPerTorrent, int maxPeersGlobal,
                               long uploadRateLimit, long downloadRateLimit, int requestQueueMin, int requestQueueMax,
                               int servingQueueMax, int uploadSlots, int maxFrameLength, int banAfterFailures,
                               Duration connectTimeout, Duration snubTimeout, List<String> publishTrackers) {
    /** Smallest frame limit: a 16 KiB block plus its header must fit. */
    public static final int MIN_FRAME_LENGTH = 16 * 1024 + 13;

    public BitTorrentConfig {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("listen-address: " + listenAddress + " (expected: an IP address)");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen-port: " + listenPort + " (expected: 0..65535)");
        }
        if (maxPeersPerTorrent < 1 || maxPeersGlobal < maxPeersPerTorrent) {
            throw new IllegalArgumentException("max-peers-per-torrent/max-peers-global: " + maxPeersPerTorrent + "/"
                    + maxPeersGlobal + " (expected: 1 <= per torrent <= global)");
        }
        if (uploadRateLimit < 0 || downloadRateLimit < 0) {
            throw new IllegalArgumentException("upload-rate-limit/download-rate-limit: " + uploadRateLimit + "/"
                    + downloadRateLimit + " (expected: >= 0, 0 = unlimited)");
        }
        if (requestQueueMin < 1 || requestQueueMax < requestQueueMin || requestQueueMax > 4096) {
            throw new IllegalArgumentException("request-queue-min/request-queue-max: " + requestQueueMin + "/"
                    + requestQueueMax + " (expected: 1 <= min <= max <= 4096)");
        }
        if (servingQueueMax < 1 || servingQueueMax > 65_535) {
            throw new IllegalArgumentException("serving-queue-max: " + servingQueueMax + " (expected: 1..65535)");
        }
        if (uploadSlots < 1) {
            throw new IllegalArgumentException("upload-slots: " + uploadSlots + " (expected: >= 1)");
        }
        if (maxFrameLength < MIN_FRAME_LENGTH || maxFrameLength > 64 << 20) {
            throw new IllegalArgumentException("max-frame-length: " + maxFrameLength + " (expected: "
                    + MIN_FRAME_LENGTH + ".." + (64 << 20) + ")");
        }
        if (banAfterFailures < 1) {
            throw new IllegalArgumentException("ban-after-failures: " + banAfterFailures + " (expected: >= 1)");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || snubTimeout == null || snubTimeout.isNegative() || snubTimeout.isZero()) {
            throw new IllegalArgumentException("connect-timeout/snub-timeout: " + connectTimeout + "/" + snubTimeout
                    + " (expected: both positive)");
        }
        publishTrackers = publishTrackers == null ? List.of() : List.copyOf(publishTrackers);
        for (String url : publishTrackers) {
            if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("udp://")) {
                throw new IllegalArgumentException("publish-trackers: " + url
                        + " (expected: http://, https:// or udp:// URLs)");
            }
        }
    }

    /** The defaults: all interfaces, port 6881, 50 peers per torrent, 200 in all, no rate limits. */
    public static BitTorrentConfig defaults() {
        return new BitTorrentConfig("0.0.0.0", 6881, 50, 200, 0, 0, 16, 250, 2000, 4, 1 << 20, 3,
                Duration.ofSeconds(10), Duration.ofSeconds(60), List.of());
    }

    /** A copy bound to another address and port (tests use 127.0.0.1 and 0). */
    public BitTorrentConfig withListen(String address, int port) {
        return new BitTorrentConfig(address, port, maxPeersPerTorrent, maxPeersGlobal, uploadRateLimit,
                downloadRateLimit, requestQueueMin, requestQueueMax, servingQueueMax, uploadSlots, maxFrameLength,
                banAfterFailures, connectTimeout, snubTimeout, publishTrackers);
    }

    /** A copy announcing published shares to {@code trackers}. */
    public BitTorrentConfig withPublishTrackers(List<String> trackers) {
        return new BitTorrentConfig(listenAddress, listenPort, maxPeersPerTorrent, maxPeersGlobal, uploadRateLimit,
                downloadRateLimit, requestQueueMin, requestQueueMax, servingQueueMax, uploadSlots, maxFrameLength,
                banAfterFailures, connectTimeout, snubTimeout, trackers);
    }
}
