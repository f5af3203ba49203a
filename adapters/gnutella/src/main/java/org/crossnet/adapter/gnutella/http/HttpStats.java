package org.crossnet.adapter.gnutella.http;

/**
 * A snapshot of an endpoint's transfers, for the adapter's status line.
 *
 * @param uploadConnections upload connections open
 * @param activeUploads     upload slots in use
 * @param queuedUploads     requests waiting for a slot
 * @param downloads         downloads open
 * @param bytesSent         payload bytes uploaded since start
 * @param bytesReceived     payload bytes downloaded since start
 */
public record HttpStats(int uploadConnections, int activeUploads, int queuedUploads, int downloads, long bytesSent,
                        long bytesReceived) {
}
