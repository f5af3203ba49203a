package org.crossnet.adapter.gnutella.http.download;

import java.net.InetSocketAddress;
import org.crossnet.adapter.gnutella.http.HttpSource;
import org.crossnet.adapter.gnutella.http.wire.ThexUri;

/** One host that may serve a download, and where we stand with it. Guarded by the owning download's monitor. */
final class Source {
    enum State {
        /** Not connected; may be tried from {@code retryAt}. */
        WAITING,
        /** Its host name is being resolved. */
        RESOLVING,
        /** A TCP connection is being opened. */
        CONNECTING,
        /** A PUSH was sent; waiting for its GIV. */
        PUSHING,
        /** A connection is open. */
        CONNECTED,
        /** Given up: unreachable, no such file, or a protocol fault. */
        GONE,
        /** Sent bad data: never used again. */
        BANNED
    }

    final int id;
    HttpSource spec;
    InetSocketAddress address;
    State state = State.WAITING;
    long retryAt;
    long pushDeadline;
    int failures;
    long bytes;
    boolean pushTried;
    /** It answered a request (so its tree, if it hashes trees on demand, is on its way). */
    boolean answered;
    ThexUri thex;
    boolean thexRefused;
    String reason;
    SourceConnection connection;
    io.netty.channel.Channel pendingChannel;

    Source(int id, HttpSource spec) {
        this.id = id;
        this.spec = spec;
        this.address = spec.address().isUnresolved() ? null : spec.address();
    }

    /** Counts against the connection limit. */
    boolean busy() {
        return state == State.RESOLVING || state == State.CONNECTING || state == State.PUSHING
                || state == State.CONNECTED;
    }

    boolean usable() {
        return state != State.GONE && state != State.BANNED;
    }

    @Override
    public String toString() {
        return "source " + id + " " + spec.address() + " (" + state + ")";
    }
}
