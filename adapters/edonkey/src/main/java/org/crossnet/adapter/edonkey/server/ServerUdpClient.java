package org.crossnet.adapter.edonkey.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerUdpMessage;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.spi.model.Ed2kHash;

/**
 * The client side of eD2k server UDP (the server's TCP port + 4), as aMule does it: every known server we are not
 * logged into is pinged (OP_GLOBSERVSTATREQ with a challenge) to learn its UDP flags; a global search asks those
 * servers one after the other, 750 ms apart, in the form their flags allow (OP_GLOBSEARCHREQ3 with
 * CT_SERVER_UDPSEARCH_FLAGS when they take large files and extended requests, OP_GLOBSEARCHREQ2 with extended
 * requests, OP_GLOBSEARCHREQ otherwise; a tree with 64-bit sizes never goes to a server without large files); and
 * running downloads ask them for sources with OP_GLOBGETSOURCES2 (or OP_GLOBGETSOURCES), one datagram a second, at
 * most 31 files per datagram (one without SRV_UDPFLG_EXT_GETSOURCES) and 35 per server and round, a round every
 * 1,300 s (aMule's UDPSERVERREASKTIME). Answers are accepted only from a known server's UDP address; a malformed one
 * is dropped with its reason logged. Confined to the event loop except {@link #add} and {@link #servers}.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerUDPSocket.cpp">aMule ServerUDPSocket.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SearchList.cpp">aMule SearchList.cpp
 *      (OnGlobalSearchTimer)</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/DownloadQueue.cpp">aMule DownloadQueue.cpp
 *      (SendNextUDPPacket)</a>
 */
public final class ServerUdpClient {
    /** Pause between the servers of one global search (aMule's global search timer). */
    static final long SEARCH_SPACING_MILLIS = 750;
    /** How long a global search waits for answers after its last request. */
    static final long SEARCH_ANSWER_MILLIS = 3000;
    /** One source-request datagram per tick. */
    static final long TICK_MILLIS = 1000;
    /** Pause between two rounds of source requests over all servers (aMule's UDPSERVERREASKTIME). */
    static final long SOURCES_ROUND_MILLIS = 1_300_000;
    /** File ids one server is asked for per round (aMule's MAX_REQUESTS_PER_SERVER). */
    static final int MAX_REQUESTS_PER_SERVER = 35;
    /** File ids in one datagram to a server with SRV_UDPFLG_EXT_GETSOURCES (aMule's MAX_FILES_PER_UDP_PACKET). */
    static final int MAX_FILES_PER_PACKET = 31;
    /** A server is pinged again after this long. */
    static final long PING_AGAIN_MILLIS = TimeUnit.HOURS.toMillis(4);
    /** Unanswered pings after which a server is left out (aMule's dead-server retries). */
    static final int DEAD_AFTER_FAILURES = 3;
    /** Value of CT_SERVER_UDPSEARCH_FLAGS: new tags and large files in the answer (SRVCAP_UDP_NEWTAGS_LARGEFILES). */
    static final int SRVCAP_UDP_NEWTAGS_LARGEFILES = 0x01;
    private static final int MAX_SERVERS = 2000;

    /** What the client asks of the adapter. Called on the loop. */
    public interface Host {
        /** Whether we are logged into this server over TCP (then it is searched and asked over TCP instead). */
        boolean connectedOverTcp(InetSocketAddress server);

        /** Downloads that want more sources (hash and size). */
        List<ServerMessage.SourceQuery> wanted();

        /** A server answered a source request; only HighID sources are passed (no callback without a login). */
        void sources(InetSocketAddress server, Ed2kHash file, List<InetSocketAddress> sources);

        System.Logger logger();
    }

    /** Hears one global search. Called on the loop. */
    public interface SearchListener {
        /** Results of one server (each entry once per datagram; the same file may come from several servers). */
        void results(InetSocketAddress server, List<FileEntry> files);

        /** Every server was asked and the answer window has passed; nothing follows. */
        void done();
    }

    /** One known server. Loop only, except the immutable address. */
    private static final class UdpServer {
        final InetSocketAddress tcp;
        final InetSocketAddress udp;
        long udpFlags;
        long challenge;
        long lastPing;
        int unanswered;

        UdpServer(InetSocketAddress tcp) {
            this.tcp = tcp;
            this.udp = new InetSocketAddress(tcp.getAddress(), tcp.getPort() + 4);
        }

        boolean has(int flag) {
            return (udpFlags & flag) != 0;
        }
    }

    private final EventLoop loop;
    private final Channel channel;
    private final Host host;
    private final SecureRandom random = new SecureRandom();
    private final Map<InetSocketAddress, UdpServer> servers = new LinkedHashMap<>();
    private final Map<InetSocketAddress, UdpServer> byUdp = new LinkedHashMap<>();
    private final Set<GlobalSearch> searches = new LinkedHashSet<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastDrop = "";
    /** Servers still to ask in this round of source requests, null between rounds. */
    private Deque<UdpServer> round;
    private UdpServer roundServer;
    private int roundSent;
    private int roundFileCursor;
    private long nextRoundAt;
    private ScheduledFuture<?> timer;
    private boolean closed;

    public ServerUdpClient(EventLoop loop, Channel channel, Host host) {
        this.loop = loop;
        this.channel = channel;
        this.host = host;
    }

    /** Starts the one-second tick (pings and source requests). */
    public void start() {
        loop.execute(() -> timer = loop.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Learns a server (configured, from OP_SERVERLIST, from server.met). Any thread. */
    public void add(InetSocketAddress tcp) {
        if (tcp.isUnresolved() || !plausible(tcp.getAddress()) || tcp.getPort() == 0
                || tcp.getPort() > 65535 - 4) {
            return;
        }
        InetSocketAddress key = new InetSocketAddress(tcp.getAddress(), tcp.getPort());
        runOnLoop(() -> {
            if (closed || servers.containsKey(key) || servers.size() >= MAX_SERVERS) {
                return;
            }
            UdpServer s = new UdpServer(key);
            servers.put(key, s);
            byUdp.put(s.udp, s);
        });
    }

    /** The known servers' TCP addresses (for server.met and OP_SERVERLIST answers). Any thread; waits briefly. */
    public List<InetSocketAddress> servers() {
        if (loop.inEventLoop()) {
            return new ArrayList<>(servers.keySet());
        }
        try {
            return loop.submit(() -> new ArrayList<>(servers.keySet())).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return List.of();
        }
    }

    /**
     * UDP flags a server reported (0 until it answered a ping); -1 for an unknown server. Any thread; waits briefly.
     */
    public long udpFlags(InetSocketAddress tcp) {
        java.util.concurrent.Callable<Long> read = () -> {
            UdpServer s = servers.get(tcp);
            return s == null ? -1L : s.udpFlags;
        };
        try {
            return loop.inEventLoop() ? read.call() : loop.submit(read).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Datagrams dropped (malformed, unknown sender, bad challenge) since start. Any thread. */
    public long droppedDatagrams() {
        return dropped.get();
    }

    /** Why the last datagram was dropped; empty before any. Any thread. */
    public String lastDropReason() {
        return lastDrop;
    }

    /**
     * Starts a global search over every known server we are not logged into over TCP.
     *
     * @param expression the search tree for a server with (true) or without (false) large-file support
     * @return a handle; {@link GlobalSearch#cancel} stops it (no call follows). Loop only.
     */
    public GlobalSearch search(Function<Boolean, SearchExpr> expression, SearchListener listener) {
        GlobalSearch s = new GlobalSearch(expression, listener);
        for (UdpServer server : servers.values()) {
            if (server.unanswered < DEAD_AFTER_FAILURES && !host.connectedOverTcp(server.tcp)) {
                s.queue.add(server);
            }
        }
        searches.add(s);
        s.next();
        return s;
    }

    /** One running global search. Loop only. */
    public final class GlobalSearch {
        private final Function<Boolean, SearchExpr> expression;
        private final SearchListener listener;
        private final Deque<UdpServer> queue = new ArrayDeque<>();
        private final Set<InetSocketAddress> asked = new LinkedHashSet<>();
        private ScheduledFuture<?> step;
        private boolean over;

        GlobalSearch(Function<Boolean, SearchExpr> expression, SearchListener listener) {
            this.expression = expression;
            this.listener = listener;
        }

        /** Servers asked so far (TCP addresses). */
        public Set<InetSocketAddress> asked() {
            return asked;
        }

        private void next() {
            if (over) {
                return;
            }
            UdpServer s = queue.poll();
            if (s == null) {
                step = loop.schedule(this::finish, asked.isEmpty() ? 0 : SEARCH_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            if (send(s)) {
                asked.add(s.tcp);
                step = loop.schedule(this::next, SEARCH_SPACING_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                next();
            }
        }

        /** The request in the form the server's flags allow; false when this search cannot go to it. */
        private boolean send(UdpServer s) {
            boolean large = s.has(Ed2kWire.SRV_UDPFLG_LARGEFILES);
            SearchExpr wide = expression.apply(true);
            if (!large && uses64Bit(wide)) {
                // aMule's "no large file support" skip: the size bounds cannot be said to this server
                return false;
            }
            SearchExpr tree = large ? wide : expression.apply(false);
            ServerUdpMessage m;
            if (large && s.has(Ed2kWire.SRV_UDPFLG_EXT_GETFILES)) {
                m = new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ3,
                        List.of(Tag.uint8(Ed2kWire.CT_SERVER_UDPSEARCH_FLAGS, SRVCAP_UDP_NEWTAGS_LARGEFILES)), tree);
            } else if (s.has(Ed2kWire.SRV_UDPFLG_EXT_GETFILES)) {
                m = new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ2, List.of(), tree);
            } else {
                m = new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ, List.of(), tree);
            }
            write(m, s.udp);
            return true;
        }

        private void finish() {
            if (over) {
                return;
            }
            over = true;
            searches.remove(this);
            listener.done();
        }

        /** Stops asking; the listener hears nothing more. Loop only. */
        public void cancel() {
            over = true;
            searches.remove(this);
            if (step != null) {
                step.cancel(false);
            }
        }
    }

    private static boolean uses64Bit(SearchExpr e) {
        if (e instanceof SearchExpr.Bool b) {
            return uses64Bit(b.left()) || uses64Bit(b.right());
        }
        return e instanceof SearchExpr.Numeric n && (n.wide() || n.value() > 0xFFFF_FFFFL);
    }

    // ---- the one-second tick: pings, then source requests ----

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        ping(now);
        requestSources(now);
    }

    /** Pings one server that was never pinged or is due again; counts the unanswered ones. */
    private void ping(long now) {
        for (UdpServer s : servers.values()) {
            if (s.lastPing == 0 || now - s.lastPing >= PING_AGAIN_MILLIS
                    || (s.challenge != 0 && now - s.lastPing >= 30_000 && s.unanswered < DEAD_AFTER_FAILURES)) {
                if (s.challenge != 0) {
                    s.unanswered++;
                }
                // eMule's challenge form: 0x55AA in the high half, random low half
                s.challenge = 0x55AA_0000L | random.nextInt(0x1_0000);
                s.lastPing = now;
                write(new ServerUdpMessage.StatusRequest(s.challenge), s.udp);
                return;
            }
        }
    }

    /** aMule's SendNextUDPPacket: one datagram per tick, server after server, then a pause of a round. */
    private void requestSources(long now) {
        if (now < nextRoundAt) {
            return;
        }
        List<ServerMessage.SourceQuery> wanted = host.wanted();
        if (wanted.isEmpty()) {
            return;
        }
        if (round == null) {
            round = new ArrayDeque<>(servers.values());
            roundServer = null;
        }
        while (true) {
            if (roundServer == null || allowed(roundServer) < 1 || roundFileCursor >= wanted.size()) {
                roundServer = null;
                roundSent = 0;
                roundFileCursor = 0;
                while (!round.isEmpty() && roundServer == null) {
                    UdpServer s = round.poll();
                    if (servers.containsKey(s.tcp) && s.unanswered < DEAD_AFTER_FAILURES
                            && !host.connectedOverTcp(s.tcp)) {
                        roundServer = s;
                    }
                }
                if (roundServer == null) {
                    round = null;
                    nextRoundAt = now + SOURCES_ROUND_MILLIS;
                    return;
                }
            }
            UdpServer s = roundServer;
            int allowed = allowed(s);
            boolean withSize = s.has(Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES2);
            List<ServerMessage.SourceQuery> files = new ArrayList<>();
            while (roundFileCursor < wanted.size() && files.size() < allowed) {
                ServerMessage.SourceQuery q = wanted.get(roundFileCursor++);
                // a file of 4 GiB or more needs its size on the wire, and a server that knows large files
                if (q.size() <= 0xFFFF_FFFFL || (withSize && s.has(Ed2kWire.SRV_UDPFLG_LARGEFILES))) {
                    files.add(withSize ? q : new ServerMessage.SourceQuery(q.file(), -1));
                }
            }
            if (!files.isEmpty()) {
                write(new ServerUdpMessage.GlobalGetSources(withSize, files), s.udp);
                roundSent += files.size();
                return;
            }
        }
    }

    private int allowed(UdpServer s) {
        if (roundSent >= MAX_REQUESTS_PER_SERVER) {
            return 0;
        }
        return s.has(Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES)
                ? Math.min(MAX_FILES_PER_PACKET, MAX_REQUESTS_PER_SERVER - roundSent) : 1;
    }

    private void write(ServerUdpMessage m, InetSocketAddress to) {
        ByteBuf out = channel.alloc().buffer();
        ServerUdpMessage.encode(m, out);
        channel.writeAndFlush(new DatagramPacket(out, to));
    }

    // ---- answers ----

    /** The pipeline handler: takes 0xE3 datagrams (eD2k server UDP) and passes everything else on. */
    public ChannelInboundHandlerAdapter handler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof DatagramPacket p && p.content().isReadable()
                        && p.content().getUnsignedByte(p.content().readerIndex()) == Ed2kWire.PROT_EDONKEY) {
                    try {
                        onDatagram(p.sender(), p.content());
                    } finally {
                        p.release();
                    }
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** Handles one datagram from {@code sender}; the buffer is not released here. Loop only. */
    void onDatagram(InetSocketAddress sender, ByteBuf data) {
        UdpServer s = byUdp.get(new InetSocketAddress(sender.getAddress(), sender.getPort()));
        if (s == null || closed) {
            drop(sender, "not a known server's UDP address");
            return;
        }
        ServerUdpMessage m;
        try {
            m = ServerUdpMessage.decode(data);
        } catch (Ed2kWireException e) {
            drop(sender, e.getMessage());
            return;
        }
        if (m instanceof ServerUdpMessage.StatusResponse r) {
            if (s.challenge == 0 || r.challenge() != s.challenge) {
                drop(sender, "status challenge: " + r.challenge() + " (expected: " + s.challenge + ")");
                return;
            }
            s.challenge = 0;
            s.unanswered = 0;
            s.udpFlags = r.udpFlags();
        } else if (m instanceof ServerUdpMessage.GlobalSearchResult r) {
            boolean taken = false;
            for (GlobalSearch g : new ArrayList<>(searches)) {
                // answers carry no search id: each search that asked this server filters them by its query
                if (g.asked.contains(s.tcp)) {
                    g.listener.results(s.tcp, r.files());
                    taken = true;
                }
            }
            if (!taken) {
                drop(sender, "search results: no running search asked this server");
            }
        } else if (m instanceof ServerUdpMessage.GlobalFoundSources f) {
            for (ServerMessage.FoundSources file : f.files()) {
                List<InetSocketAddress> found = new ArrayList<>();
                for (ServerMessage.Endpoint e : file.sources()) {
                    if (!Ed2kWire.isLowId(e.id()) && e.port() > 0) {
                        found.add(new InetSocketAddress(Ed2kWire.ipOf(e.id()), e.port()));
                    }
                }
                if (!found.isEmpty()) {
                    host.sources(s.tcp, file.file(), found);
                }
            }
        } else {
            drop(sender, "udp opcode of a request (" + m.getClass().getSimpleName() + "), expected an answer");
        }
    }

    private void drop(InetSocketAddress sender, String reason) {
        dropped.incrementAndGet();
        lastDrop = reason;
        host.logger().log(System.Logger.Level.DEBUG, "ed2k server udp from " + sender + " dropped: " + reason);
    }

    /** Stops the tick and every search. Loop only. */
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        for (GlobalSearch g : new ArrayList<>(searches)) {
            g.cancel();
        }
    }

    private void runOnLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Whether {@code a} is an IPv4 unicast address a server can have (not 0.0.0.0, not multicast). */
    static boolean plausible(InetAddress a) {
        return a.getAddress().length == 4 && !a.isAnyLocalAddress() && !a.isMulticastAddress();
    }
}
