package org.crossnet.adapter.edonkey.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.codec.Ed2kFrameDecoder;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.PackedPacketInflater;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerMessageCodec;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;
import org.crossnet.adapter.edonkey.session.PeerInfo;
import org.crossnet.spi.model.Ed2kHash;

/**
 * The client side of one eD2k server: logs in (OP_LOGINREQUEST with our name, port and capabilities), learns our id
 * from OP_IDCHANGE, asks for the server's list of servers (for UDP), offers our shared files, runs searches one at a
 * time (servers answer one OP_SEARCHRESULT per OP_SEARCHREQUEST), asks for sources of our downloads and for
 * callbacks of LowID sources. Reconnects after a pause when the connection drops.
 * Confined to the node's event loop, except the methods marked "any thread".
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerSocket.cpp">aMule ServerSocket.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerConnect.cpp">aMule ServerConnect.cpp</a>
 */
public final class ServerConnection {
    /** Our capabilities: zlib, new tags, unicode, large files (no obfuscation). */
    public static final int OUR_FLAGS = Ed2kWire.SRVCAP_ZLIB | Ed2kWire.SRVCAP_NEWTAGS | Ed2kWire.SRVCAP_UNICODE
            | Ed2kWire.SRVCAP_LARGEFILES;
    private static final long RECONNECT_MILLIS = 30_000;
    private static final long SEARCH_TIMEOUT_MILLIS = 30_000;
    /** Least time between two searches sent to one server (the server role answers closer ones with nothing). */
    static final long SEARCH_SPACING_MILLIS = 500;

    /** What the connection reports to and asks of the adapter. Called on the loop. */
    public interface Client {
        org.crossnet.spi.model.Bytes userHash();

        String nick();

        int tcpPort();

        /** The server gave us this id (HighID or LowID). */
        void loggedIn(ServerConnection server, long clientId);

        /** Files to offer: name, size, hash. */
        List<FileEntry> offers();

        /** Hashes and sizes of downloads that want sources. */
        List<ServerMessage.SourceQuery> wanted();

        /**
         * The server found sources of a file: HighIDs (an IPv4 address as id) and LowIDs (below 2^24, reachable only
         * through a callback this server relays).
         */
        void sources(ServerConnection server, Ed2kHash file, List<ServerMessage.Endpoint> sources);

        /** A LowID client wants us to connect to it (OP_CALLBACKREQUESTED). */
        void callback(InetSocketAddress peer);

        /** The server could not relay our last callback request (OP_CALLBACK_FAIL). */
        default void callbackFailed(ServerConnection server) {
        }

        /** The server listed other servers (OP_SERVERLIST), as TCP addresses. */
        default void serverList(ServerConnection server, List<InetSocketAddress> servers) {
        }

        System.Logger logger();
    }

    /** One queued or running search. */
    public interface SearchListener {
        void results(List<FileEntry> files);

        void done(String reason);
    }

    private record PendingSearch(SearchExpr query, SearchListener listener) {
    }

    private final InetSocketAddress address;
    private final EventLoop loop;
    private final Client client;
    private final InetAddress bindAddress;
    private final int maxFrameLength;
    private final int maxInflated;
    private final Queue<PendingSearch> searches = new ArrayDeque<>();
    private PendingSearch running;
    /** When the last search went out (wall clock, ms); 0 before the first. */
    private long lastSearchSent;
    /** The delayed send of the next search while the spacing runs; null when none is scheduled. */
    private io.netty.util.concurrent.ScheduledFuture<?> searchPacing;
    private io.netty.util.concurrent.ScheduledFuture<?> searchTimeout;
    private Channel channel;
    private ServerMessageCodec.Encoder encoder;
    private long clientId = -1;
    /** Files offered since this login; cleared when the connection drops. */
    private final java.util.Set<Ed2kHash> offered = new java.util.HashSet<>();
    private long tcpFlags;
    private String name = "";
    private long users;
    private long files;
    private boolean closed;
    /** The first connection attempt ended (logged in, refused or dropped). */
    private volatile boolean attempted;

    public ServerConnection(InetSocketAddress address, EventLoop loop, Client client, InetAddress bindAddress,
                            int maxFrameLength, int maxInflated) {
        this.address = address;
        this.loop = loop;
        this.client = client;
        this.bindAddress = bindAddress;
        this.maxFrameLength = maxFrameLength;
        this.maxInflated = maxInflated;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Whether the first connection attempt has ended, one way or the other (a search need not wait for it). */
    public boolean attempted() {
        return attempted;
    }

    /** Logged in: OP_IDCHANGE received. */
    public boolean connected() {
        return clientId >= 0 && channel != null && channel.isActive();
    }

    public boolean largeFiles() {
        return (tcpFlags & Ed2kWire.SRV_TCPFLG_LARGEFILES) != 0;
    }

    public long clientId() {
        return clientId;
    }

    public String describe() {
        return address + (connected() ? " (" + (name.isEmpty() ? "connected" : name) + ", " + users + " users, "
                + files + " files)" : " (not connected)");
    }

    /** Connects and logs in. Loop only. */
    public void connect() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        encoder = new ServerMessageCodec.Encoder(TagCodec.Form.OLD);
                        ch.pipeline().addLast(new IdleStateHandler(0, 600, 0, TimeUnit.SECONDS))
                                .addLast(new Ed2kFrameDecoder(maxFrameLength))
                                .addLast(new PackedPacketInflater(maxInflated))
                                .addLast(new ServerMessageCodec.Decoder()).addLast(encoder)
                                .addLast(new Handler());
                    }
                });
        if (bindAddress != null && !bindAddress.isAnyLocalAddress()) {
            b.localAddress(new InetSocketAddress(bindAddress, 0));
        }
        b.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                attempted = true;
                client.logger().log(System.Logger.Level.DEBUG, "ed2k server " + address + ": " + f.cause());
                reconnectLater();
            }
        });
    }

    private void reconnectLater() {
        if (!closed) {
            loop.schedule(this::connect, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues a search; results arrive on the loop. Loop only. */
    public void search(SearchExpr query, SearchListener listener) {
        if (!connected()) {
            listener.done("server " + address + " not connected");
            return;
        }
        searches.add(new PendingSearch(query, listener));
        nextSearch();
    }

    /** Drops a queued or running search; its listener hears nothing more. Loop only. */
    public void cancel(SearchListener listener) {
        searches.removeIf(s -> s.listener() == listener);
        if (running != null && running.listener() == listener) {
            running = new PendingSearch(running.query(), null);
        }
    }

    private void nextSearch() {
        if (running != null || searches.isEmpty() || !connected() || searchPacing != null) {
            return;
        }
        long wait = lastSearchSent + SEARCH_SPACING_MILLIS - System.currentTimeMillis();
        if (lastSearchSent != 0 && wait > 0) {
            // servers answer a search sent right after another with nothing (eserver throttles; so does IndexServer)
            searchPacing = loop.schedule(() -> {
                searchPacing = null;
                nextSearch();
            }, wait, TimeUnit.MILLISECONDS);
            return;
        }
        lastSearchSent = System.currentTimeMillis();
        running = searches.poll();
        channel.writeAndFlush(new ServerMessage.SearchRequest(running.query()));
        PendingSearch mine = running;
        searchTimeout = loop.schedule(() -> {
            if (running == mine) {
                finishSearch(List.of(), "no answer from " + address);
            }
        }, SEARCH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void finishSearch(List<FileEntry> results, String reason) {
        PendingSearch s = running;
        running = null;
        if (searchTimeout != null) {
            searchTimeout.cancel(false);
        }
        if (s != null && s.listener() != null) {
            if (!results.isEmpty()) {
                s.listener().results(results);
            }
            s.listener().done(reason);
        }
        nextSearch();
    }

    /** Asks for sources of these files. Loop only. */
    public void getSources(List<ServerMessage.SourceQuery> wanted) {
        if (!connected()) {
            return;
        }
        for (ServerMessage.SourceQuery q : wanted) {
            if (q.size() > 0xFFFF_FFFFL && !largeFiles()) {
                continue;
            }
            channel.writeAndFlush(new ServerMessage.GetSources(false, List.of(q)));
        }
    }

    /**
     * Offers the shared files not offered since this login, at most 200 per packet. Servers keep a client's offers
     * until it logs out and add what each OP_OFFERFILES names (eMule and aMule send only new files too), so the whole
     * list again would only cost both sides work. Loop only.
     */
    public void offer() {
        if (!connected()) {
            return;
        }
        List<FileEntry> fresh = new ArrayList<>();
        for (FileEntry e : client.offers()) {
            if (offered.add(e.file())) {
                fresh.add(e);
            }
        }
        for (int i = 0; i < fresh.size(); i += 200) {
            channel.writeAndFlush(new ServerMessage.OfferFiles(fresh.subList(i, Math.min(fresh.size(), i + 200))));
        }
    }

    /**
     * We stopped sharing {@code file}: offer it again should it be shared again (the server may have dropped it, as
     * our own server role does). Loop only.
     */
    public void forget(Ed2kHash file) {
        offered.remove(file);
    }

    /**
     * Asks the server to have the LowID client {@code lowId} connect to us (OP_CALLBACKREQUEST). Only meaningful when
     * we have a HighID here (the server hands the client our address). Loop only; false when not connected.
     */
    public boolean requestCallback(long lowId) {
        if (!connected() || Ed2kWire.isLowId(clientId)) {
            return false;
        }
        channel.writeAndFlush(new ServerMessage.CallbackRequest(lowId));
        return true;
    }

    /** Disconnects for good. Loop only. */
    public void close() {
        closed = true;
        for (PendingSearch s : searches) {
            s.listener().done("adapter stopping");
        }
        searches.clear();
        if (running != null) {
            finishSearch(List.of(), "adapter stopping");
        }
        if (channel != null) {
            channel.close();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<ServerMessage> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            List<Tag> tags = List.of(Tag.string(Ed2kWire.CT_NAME, client.nick()),
                    Tag.uint32(Ed2kWire.CT_VERSION, Ed2kWire.EDONKEY_VERSION),
                    Tag.uint32(Ed2kWire.CT_SERVER_FLAGS, OUR_FLAGS),
                    Tag.uint32(Ed2kWire.CT_EMULE_VERSION, PeerInfo.OUR_EMULE_VERSION));
            ctx.writeAndFlush(new ServerMessage.LoginRequest(client.userHash(), 0, client.tcpPort(), tags));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ServerMessage m) {
            if (m instanceof ServerMessage.IdChange id) {
                boolean first = clientId < 0;
                clientId = id.clientId();
                attempted = true;
                tcpFlags = Math.max(0, id.tcpFlags());
                if ((tcpFlags & Ed2kWire.SRV_TCPFLG_NEWTAGS) != 0) {
                    encoder.form(TagCodec.Form.NEW);
                }
                client.loggedIn(ServerConnection.this, clientId);
                if (first) {
                    // the servers it knows, for global (UDP) searches and source requests, as eMule asks after login
                    ctx.writeAndFlush(new ServerMessage.Empty(Ed2kWire.OP_GETSERVERLIST));
                    offer();
                    getSources(client.wanted());
                    nextSearch();
                }
            } else if (m instanceof ServerMessage.SearchResult r) {
                if (running != null) {
                    finishSearch(r.files(), null);
                }
            } else if (m instanceof ServerMessage.FoundSources f) {
                List<ServerMessage.Endpoint> found = new ArrayList<>();
                for (ServerMessage.Endpoint e : f.sources()) {
                    if (e.id() != 0 && e.port() > 0) {
                        found.add(e);
                    }
                }
                client.sources(ServerConnection.this, f.file(), found);
            } else if (m instanceof ServerMessage.ServerList list) {
                List<InetSocketAddress> known = new ArrayList<>();
                for (ServerMessage.Endpoint e : list.servers()) {
                    if (!Ed2kWire.isLowId(e.id()) && e.port() > 0 && e.port() <= 65535 - 4) {
                        known.add(new InetSocketAddress(Ed2kWire.ipOf(e.id()), e.port()));
                    }
                }
                client.serverList(ServerConnection.this, known);
            } else if (m instanceof ServerMessage.Empty e && e.opcode() == Ed2kWire.OP_CALLBACK_FAIL) {
                client.callbackFailed(ServerConnection.this);
            } else if (m instanceof ServerMessage.CallbackRequested cb) {
                client.callback(new InetSocketAddress(Ed2kWire.ipOf(cb.ip()), cb.port()));
            } else if (m instanceof ServerMessage.ServerIdent ident) {
                name = Tag.find(ident.tags(), Ed2kWire.ST_SERVERNAME).filter(t -> t.value() instanceof Tag.Str)
                        .map(Tag::asString).orElse("");
            } else if (m instanceof ServerMessage.ServerStatus st) {
                users = st.users();
                files = st.files();
            } else if (m instanceof ServerMessage.ServerText t) {
                client.logger().log(System.Logger.Level.DEBUG, "ed2k server " + address + " says: " + t.text());
            } else if (m instanceof ServerMessage.Empty e && e.opcode() == Ed2kWire.OP_REJECT) {
                client.logger().log(System.Logger.Level.DEBUG, "ed2k server " + address + " rejected a request");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && connected()) {
                // keep-alive as eMule does it: an empty offer
                ctx.writeAndFlush(new ServerMessage.OfferFiles(List.of()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            client.logger().log(System.Logger.Level.DEBUG, "ed2k server " + address + ": " + t.getMessage());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            attempted = true;
            clientId = -1;
            offered.clear();
            channel = null;
            if (running != null) {
                finishSearch(List.of(), "server " + address + " disconnected");
            }
            reconnectLater();
        }
    }
}
