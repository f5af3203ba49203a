package org.crossnet.adapter.edonkey.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.session.PeerConnection;
import org.crossnet.adapter.edonkey.session.PeerInfo;
import org.crossnet.adapter.edonkey.swarm.Ed2kNode;

/**
 * Sources with a LowID: a LowID (below 2^24) means nothing outside the server that gave it, and the client behind it
 * accepts no connections; the only way to it is OP_CALLBACKREQUEST to that server, which tells the client (with
 * OP_CALLBACKREQUESTED) to connect to us. Such a source is given to its download under a stand-in address from the
 * IPv6 discard prefix 100::/64 (RFC 6666), so the download's source bookkeeping stays by address; dialling that
 * address asks the server instead, and the download proceeds on the connection the client opens: its hello carries
 * the LowID and its port (and the server's address), which {@link #claim} matches much as aMule's
 * {@code CUpDownClient::Compare} does for LowIDs. As aMule's {@code CanDoCallback}, a LowID source is only taken when
 * we have a HighID on its server (two LowIDs cannot reach each other). Confined to the event loop.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/BaseClient.cpp">aMule BaseClient.cpp
 *      (TryToConnect, Compare)</a>
 */
public final class LowIdCallbacks implements Ed2kNode.CallbackRoutes {
    /** How long we wait for the called-back client to connect (aMule's connection timeout is 40 s). */
    static final long CALLBACK_TIMEOUT_MILLIS = 30_000;
    /** Most LowID sources remembered (their stand-ins live as long as the adapter). */
    static final int MAX_ROUTES = 20_000;

    private record Route(ServerConnection server, long lowId, int port) {
    }

    private record Key(InetSocketAddress server, long lowId, int port) {
    }

    private final class Pending {
        final Route route;
        final Consumer<PeerConnection> attach;
        final Consumer<String> failed;
        ScheduledFuture<?> timeout;

        Pending(Route route, Consumer<PeerConnection> attach, Consumer<String> failed) {
            this.route = route;
            this.attach = attach;
            this.failed = failed;
        }
    }

    private final EventLoop loop;
    private final System.Logger logger;
    private final Map<InetSocketAddress, Route> routes = new HashMap<>();
    private final Map<Key, InetSocketAddress> addresses = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private long next = 1;
    private long requested;
    private long claimed;
    private long skipped;

    public LowIdCallbacks(EventLoop loop, System.Logger logger) {
        this.loop = loop;
        this.logger = logger;
    }

    /**
     * The stand-in address of a LowID source {@code server} reported, or null when we cannot call it back (we have no
     * HighID there). Loop only.
     */
    public InetSocketAddress source(ServerConnection server, long lowId, int port) {
        if (!Ed2kWire.isLowId(lowId) || lowId == 0 || port <= 0 || !server.connected()) {
            return null;
        }
        if (Ed2kWire.isLowId(server.clientId())) {
            // aMule's CanDoCallback: a LowID cannot have a LowID call it back (neither accepts connections)
            skipped++;
            return null;
        }
        Key key = new Key(server.address(), lowId, port);
        InetSocketAddress a = addresses.get(key);
        if (a == null && addresses.size() >= MAX_ROUTES) {
            // a server flooding us with LowIDs: the ones known so far stay usable
            return null;
        }
        if (a == null) {
            a = standIn(next++, port);
            addresses.put(key, a);
            routes.put(a, new Route(server, lowId, port));
        }
        return a;
    }

    private static InetSocketAddress standIn(long n, int port) {
        byte[] b = new byte[16];
        b[0] = 0x01;
        for (int i = 0; i < 8; i++) {
            b[15 - i] = (byte) (n >>> (8 * i));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(b), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    @Override
    public boolean routes(InetSocketAddress address) {
        return routes.containsKey(address);
    }

    @Override
    public void dial(InetSocketAddress address, Consumer<PeerConnection> attach, Consumer<String> failed) {
        Route r = routes.get(address);
        if (r == null) {
            failed.accept("no route to LowID " + address);
            return;
        }
        if (!r.server().requestCallback(r.lowId())) {
            failed.accept("callback: not logged in with a HighID on " + r.server().address());
            return;
        }
        requested++;
        Pending p = new Pending(r, attach, failed);
        pending.add(p);
        p.timeout = loop.schedule(() -> {
            if (pending.remove(p)) {
                p.failed.accept("callback: LowID " + r.lowId() + " did not connect within "
                        + CALLBACK_TIMEOUT_MILLIS / 1000 + " s");
            }
        }, CALLBACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean claim(PeerConnection incoming) {
        PeerInfo peer = incoming.peer();
        if (peer == null || !Ed2kWire.isLowId(peer.clientId()) || peer.clientId() == 0) {
            return false;
        }
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            Route r = p.route;
            if (r.lowId() == peer.clientId() && r.port() == peer.port() && sameServer(peer, r.server())) {
                it.remove();
                p.timeout.cancel(false);
                claimed++;
                p.attach.accept(incoming);
                return true;
            }
        }
        return false;
    }

    /**
     * A hello without a server address (old clients) matches any; one with it must name the route's server's IP. Not
     * its port: a client may reach the same server through a port forward (aMule compares both; a LowID and a client
     * port already single the client out).
     */
    private static boolean sameServer(PeerInfo peer, ServerConnection server) {
        if (peer.serverIp() == 0) {
            return true;
        }
        byte[] ip = server.address().getAddress().getAddress();
        return ip.length == 4 && Ed2kWire.clientId(ip) == peer.serverIp();
    }

    /** OP_CALLBACK_FAIL: the server answers requests in order, so the oldest one it has open failed. Loop only. */
    public void failed(ServerConnection server) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.route.server() == server) {
                it.remove();
                p.timeout.cancel(false);
                logger.log(System.Logger.Level.DEBUG, "ed2k server " + server.address() + ": callback to LowID "
                        + p.route.lowId() + " failed");
                p.failed.accept("callback failed (OP_CALLBACK_FAIL from " + server.address() + ")");
                return;
            }
        }
    }

    /** "n requested, m connected, k waiting"; loop only (a racy read is fine for a status line). */
    public String status() {
        return requested + " callbacks requested, " + claimed + " connected, " + pending.size() + " waiting, "
                + skipped + " LowID sources skipped (we are LowID there)";
    }

    /** LowID sources left out because we have a LowID on their server too (tests, diagnostics). */
    public long skippedBothLowId() {
        return skipped;
    }

    /** Callbacks requested from servers (tests, diagnostics). */
    public long requested() {
        return requested;
    }

    /** Callbacks whose client connected (tests, diagnostics). */
    public long claimed() {
        return claimed;
    }
}
