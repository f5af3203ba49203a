package org.crossnet.adapter.gnutella.http;

/**
 * Sends a PUSH on the Gnutella network on behalf of a download: the messaging layer routes it toward
 * {@code servent} along the path its query hit came by, carrying our address, so the servent connects back and sends
 * {@code GIV <fileIndex>:<servent>/…}; that connection reaches {@link HttpEndpoint#accept}.
 *
 * <p>Called from any thread, possibly an event loop: must not block. Implemented by the messaging layer.
 */
@FunctionalInterface
public interface PushRequester {
    /** A requester for a servent that cannot send PUSHes: every request fails. */
    PushRequester NONE = (servent, fileIndex) -> false;

    /**
     * Asks for a PUSH.
     *
     * @return false when no route to {@code servent} is known (the download then gives up on that source)
     */
    boolean requestPush(ServentGuid servent, long fileIndex);
}
