package org.crossnet.adapter.gnutella.http;

import java.net.InetSocketAddress;

/**
 * A host that may serve a download: its address and, for a host behind a firewall, what a PUSH needs.
 *
 * @param address    where it listens; may be unresolved (a host name is resolved on the blocking executor)
 * @param servent    its servent GUID from the query hit, null when unknown (then no PUSH is possible)
 * @param fileIndex  the file's index in its query hit, -1 when unknown
 * @param firewalled true when the hit said it cannot accept connections: only a PUSH reaches it
 */
public record HttpSource(InetSocketAddress address, ServentGuid servent, long fileIndex, boolean firewalled) {
    public HttpSource {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: host and port)");
        }
        if (fileIndex < -1 || fileIndex > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("fileIndex: " + fileIndex + " (expected: -1 or 0..4294967295)");
        }
        if (firewalled && (servent == null || fileIndex < 0)) {
            throw new IllegalArgumentException("source: firewalled without servent GUID and file index "
                    + "(expected: both, to send a PUSH)");
        }
    }

    /** A host we can connect to directly, known only by its address (an X-Alt entry, a magnet's x.pe). */
    public static HttpSource direct(InetSocketAddress address) {
        return new HttpSource(address, null, -1, false);
    }

    /** True when a PUSH can be asked for. */
    public boolean pushable() {
        return servent != null && fileIndex >= 0;
    }
}
