package org.crossnet.spi.model;

import java.util.Map;

/**
 * One result from one network. Immutable.
 *
 * @param name    file name as the network reported it (untrusted; sanitised before it names a file)
 * @param size    bytes
 * @param content identities the network reported
 * @param network the network that found it
 * @param sources how many sources the network reported (0 when unknown)
 * @param handle  network-specific data the adapter needs to fetch this hit later; string keys and values, opaque
 *                to the engine except {@link #PEER_HANDLE_KEY}
 */
public record SearchHit(String name, long size, ContentId content, NetworkId network, int sources,
                        Map<String, String> handle) {
    /**
     * Handle key of a source address ({@code host:port}) that answered; a transfer started from this hit passes it
     * only to the network that found the hit, in {@link org.crossnet.spi.DownloadRequest#peers()}.
     */
    public static final String PEER_HANDLE_KEY = "peer";

    public SearchHit {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: empty (expected: a file name)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        if (content == null || network == null) {
            throw new IllegalArgumentException("content/network: null (expected: both present)");
        }
        if (sources < 0) {
            throw new IllegalArgumentException("sources: " + sources + " (expected: >= 0)");
        }
        handle = handle == null ? Map.of() : Map.copyOf(handle);
    }
}
