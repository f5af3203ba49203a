package org.crossnet.adapter.gnutella;

import org.crossnet.adapter.gnutella.codec.Push;

/**
 * Receives the PUSH requests addressed to our servent GUID (a downloader cannot reach us and asks us to connect to
 * it and send {@code GIV}). Implemented by the HTTP transfer part; called on the node's event loop, must not block.
 */
@FunctionalInterface
public interface PushTarget {
    void push(Push push);
}
