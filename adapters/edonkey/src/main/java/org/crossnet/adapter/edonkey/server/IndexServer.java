package org.crossnet.adapter.edonkey.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.Binding;
import org.crossnet.adapter.edonkey.codec.Ed2kFrameDecoder;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.PackedPacketInflater;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerMessageCodec;
import org.crossnet.adapter.edonkey.codec.ServerUdpMessage;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;
import org.crossnet.spi.model.Bytes;

/**
 * The optional index-server role: eD2k clients log in (a HighID when a TCP connect back to their port succeeds, a
 * LowID otherwise), offer their files, search with boolean trees, ask for sources and for callbacks to LowID clients;
 * UDP on port + 4 answers status pings, global searches and global source requests. Off by default: it is meant for a
 * LAN, and it is how the server protocol is proven against a real client. Everything runs on one event loop.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/ServerSocket.cpp">aMule ServerSocket.cpp (the
 *      client side this answers)</a>
 */
public final class IndexServer {
    /**
     * Settings of the role.
     *
     * @param knownServers other servers (TCP addresses) we list in OP_SERVERLIST, as eD2k servers share their list;
     *                     called on the loop
     */
    public record Settings(InetAddress bindAddress, int port, String name, int maxFrameLength, int maxInflated,
                           java.util.function.Supplier<List<InetSocketAddress>> knownServers) {
    }

    /** What we tell clients we do: zlib, new tags, unicode, large files. */
    static final int OUR_TCP_FLAGS = Ed2kWire.SRV_TCPFLG_COMPRESSION | Ed2kWire.SRV_TCPFLG_NEWTAGS
            | Ed2kWire.SRV_TCPFLG_UNICODE | Ed2kWire.SRV_TCPFLG_LARGEFILES;
    static final int OUR_UDP_FLAGS = Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES | Ed2kWire.SRV_UDPFLG_EXT_GETFILES
            | Ed2kWire.SRV_UDPFLG_NEWTAGS | Ed2kWire.SRV_UDPFLG_UNICODE | Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES2
            | Ed2kWire.SRV_UDPFLG_LARGEFILES;
    private static final int MAX_USERS = 5000;
    private static final long LOGIN_TIMEOUT_SECONDS = 30;

    private final Settings settings;
    private final EventLoop loop;
    private final System.Logger logger;
    private final ServerIndex index = new ServerIndex();
    private final Map<Session, ServerMessage.Endpoint> sessions = new LinkedHashMap<>();
    private final Bytes serverHash;
    private long nextLowId = 1;
    private final java.util.concurrent.atomic.AtomicLong udpSearches = new java.util.concurrent.atomic.AtomicLong();
    private Channel tcp;
    private Channel udp;
    private volatile boolean closed;

    public IndexServer(Settings settings, EventLoop loop, System.Logger logger) {
        this.settings = settings;
        this.loop = loop;
        this.logger = logger;
        byte[] h = new byte[16];
        new SecureRandom().nextBytes(h);
        this.serverHash = Bytes.of(h);
    }

    /** Binds TCP and UDP (port + 4); blocks briefly. */
    public void start() {
        ServerBootstrap tcpBootstrap = new ServerBootstrap().group(loop, loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (closed || sessions.size() >= MAX_USERS) {
                            ch.close();
                            return;
                        }
                        ch.pipeline().addLast(new IdleStateHandler(LOGIN_TIMEOUT_SECONDS, 0, 0, TimeUnit.SECONDS))
                                .addLast(new Ed2kFrameDecoder(settings.maxFrameLength()))
                                .addLast(new PackedPacketInflater(settings.maxInflated()))
                                .addLast(new ServerMessageCodec.Decoder())
                                .addLast(new ServerMessageCodec.Encoder(TagCodec.Form.NEW))
                                .addLast(new Session());
                    }
                });
        tcp = Binding.bind(tcpBootstrap,
                new InetSocketAddress(settings.bindAddress(), settings.port()), "server-port");
        int port = ((InetSocketAddress) tcp.localAddress()).getPort();
        Bootstrap udpBootstrap = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new Udp());
                    }
                });
        udp = Binding.bind(udpBootstrap,
                new InetSocketAddress(settings.bindAddress(), port + 4), "server UDP port (server-port + 4)");
    }

    /** The bound TCP port. */
    public int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    /** "n users, m files, k UDP searches"; non-blocking (a racy read is fine for a status line). */
    public String status() {
        return sessions.size() + " users, " + index.fileCount() + " files, " + udpSearches.get() + " UDP searches";
    }

    /**
     * The clients logged in with {@code userHash} no longer offer {@code file}. The eD2k protocol has no message for
     * withdrawing an offer (eMule and aMule offer only new files, and a server keeps offers until logout), so the
     * gateway's own client, logged into its own server role, uses this to drop a file it stops sharing at once.
     */
    public void withdraw(Bytes userHash, org.crossnet.spi.model.Ed2kHash file) {
        loop.execute(() -> {
            for (Session s : sessions.keySet()) {
                if (userHash.equals(s.userHash)) {
                    index.withdraw(s, file);
                }
            }
        });
    }

    /** Closes both sockets and every session; blocks until done. */
    public void close() {
        closed = true;
        try {
            loop.submit(() -> {
                for (Session s : new ArrayList<>(sessions.keySet())) {
                    s.ctx.close();
                }
                if (tcp != null) {
                    tcp.close();
                }
                if (udp != null) {
                    udp.close();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            // the loop is gone already
        }
    }

    /** OP_SERVERLIST entries: the known IPv4 servers other than ourselves, at most 255 (a u8 count). */
    private List<ServerMessage.Endpoint> serverList() {
        List<ServerMessage.Endpoint> out = new ArrayList<>();
        int own = port();
        for (InetSocketAddress a : settings.knownServers().get()) {
            byte[] ip = a.getAddress() == null ? new byte[0] : a.getAddress().getAddress();
            boolean self = a.getPort() == own && (a.getAddress().isAnyLocalAddress()
                    || a.getAddress().equals(settings.bindAddress()));
            if (ip.length == 4 && !self && out.size() < 255) {
                out.add(new ServerMessage.Endpoint(Ed2kWire.clientId(ip), a.getPort()));
            }
        }
        return out;
    }

    /** One logged-in (or logging-in) client. */
    private final class Session extends SimpleChannelInboundHandler<ServerMessage> {
        private ChannelHandlerContext ctx;
        private ServerMessage.Endpoint endpoint;
        private boolean probing;
        private long lastSearch;
        /** The user hash the client logged in with; null before. */
        private Bytes userHash;

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext c, ServerMessage m) {
            if (endpoint == null) {
                if (m instanceof ServerMessage.LoginRequest login && !probing) {
                    userHash = login.userHash();
                    login(login);
                } else if (!probing) {
                    c.close();
                }
                return;
            }
            if (m instanceof ServerMessage.OfferFiles offer) {
                List<FileEntry> entries = new ArrayList<>();
                for (FileEntry e : offer.files()) {
                    entries.add(e);
                }
                index.offer(this, endpoint, entries);
            } else if (m instanceof ServerMessage.SearchRequest s) {
                long now = System.currentTimeMillis();
                if (now - lastSearch < 200) {
                    // eserver throttles searches too; answer empty rather than let a client flood the index
                    c.writeAndFlush(new ServerMessage.SearchResult(List.of(), 0));
                    return;
                }
                lastSearch = now;
                c.writeAndFlush(new ServerMessage.SearchResult(index.search(s.query()), 0));
            } else if (m instanceof ServerMessage.GetSources g) {
                for (ServerMessage.SourceQuery q : g.files()) {
                    c.write(new ServerMessage.FoundSources(q.file(), index.sources(q.file(), this)));
                }
                c.flush();
            } else if (m instanceof ServerMessage.Empty e && e.opcode() == Ed2kWire.OP_GETSERVERLIST) {
                c.writeAndFlush(new ServerMessage.ServerList(serverList()));
            } else if (m instanceof ServerMessage.CallbackRequest cb) {
                callback(cb.clientId());
            }
        }

        private void login(ServerMessage.LoginRequest login) {
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            byte[] ip = remote.getAddress().getAddress();
            if (ip.length != 4 || login.port() == 0) {
                ctx.close();
                return;
            }
            probing = true;
            // a HighID only for a client whose port accepts connections from here, as eD2k servers check
            new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(remote.getAddress(), login.port())).addListener(f -> {
                        probing = false;
                        if (f instanceof io.netty.channel.ChannelFuture cf && f.isSuccess()) {
                            cf.channel().close();
                        }
                        if (!ctx.channel().isActive() || closed) {
                            return;
                        }
                        long id = f.isSuccess() ? Ed2kWire.clientId(ip) : nextLowId++;
                        endpoint = new ServerMessage.Endpoint(id, login.port());
                        sessions.put(this, endpoint);
                        ctx.pipeline().replace(IdleStateHandler.class, "idle",
                                new IdleStateHandler(1200, 0, 0, TimeUnit.SECONDS));
                        ctx.write(new ServerMessage.ServerText("crossnet index server " + settings.name()));
                        ctx.write(new ServerMessage.IdChange(id, OUR_TCP_FLAGS, -1));
                        ctx.write(new ServerMessage.ServerStatus(sessions.size(), index.fileCount()));
                        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
                        long ourIp = Ed2kWire.clientId(local.getAddress().getAddress());
                        ctx.writeAndFlush(new ServerMessage.ServerIdent(serverHash, ourIp, local.getPort(),
                                List.of(Tag.string(Ed2kWire.ST_SERVERNAME, settings.name()),
                                        Tag.string(Ed2kWire.ST_DESCRIPTION, "Crossnet gateway index server"))));
                    });
        }

        private void callback(long lowId) {
            for (Map.Entry<Session, ServerMessage.Endpoint> e : sessions.entrySet()) {
                if (e.getValue().id() == lowId && e.getKey() != this) {
                    long ip = Ed2kWire.isLowId(endpoint.id()) ? 0 : endpoint.id();
                    e.getKey().ctx.writeAndFlush(new ServerMessage.CallbackRequested(ip, endpoint.port(), -1, null));
                    return;
                }
            }
            ctx.writeAndFlush(new ServerMessage.Empty(Ed2kWire.OP_CALLBACK_FAIL));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext c, Object evt) {
            if (evt instanceof IdleStateEvent) {
                c.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (t instanceof Ed2kWireException) {
                logger.log(System.Logger.Level.DEBUG, "ed2k index server: client " + c.channel().remoteAddress()
                        + " sent " + t.getMessage());
            }
            c.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            sessions.remove(this);
            index.remove(this);
        }
    }

    /** Server UDP: status pings, global searches and global source requests. */
    private final class Udp extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext c, DatagramPacket p) {
            ServerUdpMessage m;
            try {
                m = ServerUdpMessage.decode(p.content());
            } catch (Ed2kWireException e) {
                logger.log(System.Logger.Level.DEBUG, "ed2k index server: udp from " + p.sender() + ": "
                        + e.getMessage());
                return;
            }
            ServerUdpMessage answer = null;
            if (m instanceof ServerUdpMessage.StatusRequest r) {
                answer = new ServerUdpMessage.StatusResponse(r.challenge(), sessions.size(), index.fileCount(),
                        MAX_USERS, ServerIndex.MAX_FILES_PER_CLIENT, ServerIndex.MAX_FILES_PER_CLIENT, OUR_UDP_FLAGS,
                        sessions.values().stream().filter(e -> Ed2kWire.isLowId(e.id())).count());
            } else if (m instanceof ServerUdpMessage.GlobalSearch s) {
                udpSearches.incrementAndGet();
                List<FileEntry> found = index.search(s.query());
                // one datagram holds what fits; the rest of a big answer is not sent (clients ask TCP for more)
                List<FileEntry> fit = new ArrayList<>();
                int bytes = 2;
                for (FileEntry f : found) {
                    int size = 26 + f.tags().size() * 8 + f.name().map(String::length).orElse(0);
                    if (bytes + size > ServerUdpMessage.MAX_DATAGRAM) {
                        break;
                    }
                    bytes += size + 2;
                    fit.add(f);
                }
                if (!fit.isEmpty()) {
                    answer = new ServerUdpMessage.GlobalSearchResult(fit);
                }
            } else if (m instanceof ServerUdpMessage.GlobalGetSources g) {
                List<ServerMessage.FoundSources> found = new ArrayList<>();
                for (ServerMessage.SourceQuery q : g.files()) {
                    List<ServerMessage.Endpoint> s = index.sources(q.file(), null);
                    if (!s.isEmpty()) {
                        found.add(new ServerMessage.FoundSources(q.file(), s.subList(0, Math.min(s.size(), 200))));
                    }
                }
                if (!found.isEmpty()) {
                    answer = new ServerUdpMessage.GlobalFoundSources(found);
                }
            }
            if (answer != null) {
                ByteBuf out = c.alloc().buffer();
                ServerUdpMessage.encode(answer, out);
                c.writeAndFlush(new DatagramPacket(out, p.sender()));
            }
        }
    }
}
