package org.crossnet.adapter.bittorrent.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.crossnet.adapter.bittorrent.codec.ExtendedHandshake;
import org.crossnet.adapter.bittorrent.codec.Handshake;
import org.crossnet.adapter.bittorrent.codec.HandshakeDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerMessageDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerMessageEncoder;
import org.crossnet.adapter.bittorrent.codec.PeerWire;
import org.crossnet.adapter.bittorrent.session.PeerConnection;
import org.crossnet.spi.model.Bytes;

/**
 * A remote peer as raw bytes: an {@link EmbeddedChannel} (with a real socket address, as PEX needs one) carrying an
 * incoming {@link PeerConnection} to the {@link ScriptedSwarm}'s torrent. The script writes wire bytes in and reads
 * what we sent back as decoded messages; it answers our requests with the torrent's real data when told to.
 */
final class ScriptedPeer extends EmbeddedChannel {
    private final InetSocketAddress remote;
    private final PeerConnection connection;
    private ByteBuf sent = Unpooled.buffer();
    private boolean handshakeSeen;
    /** Every message we sent it, in order. */
    final List<PeerMessage> received = new ArrayList<>();
    /** Our requests it has not answered (cancels remove them). */
    final Deque<PeerMessage.Request> pending = new ArrayDeque<>();

    private ScriptedPeer(InetSocketAddress remote, PeerConnection connection) {
        super(false, false, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(PeerConnection.HANDSHAKE, new HandshakeDecoder());
                ch.pipeline().addLast("encoder", PeerMessageEncoder.INSTANCE);
                ch.pipeline().addLast("peer", connection);
            }
        });
        this.remote = remote;
        this.connection = connection;
    }

    /** Connects to {@code swarm}'s torrent from {@code ip:port} and sends a handshake with the fast and extension bits. */
    static ScriptedPeer connect(ScriptedSwarm swarm, String ip, int port) {
        ScriptedPeer peer = new ScriptedPeer(new InetSocketAddress(ip, port), PeerConnection.incoming(swarm));
        swarm.peers.add(peer);
        peer.registerNow();
        ByteBuf hs = Unpooled.buffer();
        byte[] id = Arrays.copyOf(("-SP0001-" + ip + ":" + port).getBytes(), 20);
        new Handshake(Handshake.ourReserved(), swarm.torrent.infoHash(), Bytes.of(id)).encode(hs);
        peer.writeInbound(hs);
        peer.pump();
        return peer;
    }

    private void registerNow() {
        try {
            super.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return isActive() ? remote : null;
    }

    InetSocketAddress address() {
        return remote;
    }

    PeerConnection connection() {
        return connection;
    }

    /** Writes {@code messages} to us as wire bytes, then collects what we answered. */
    ScriptedPeer send(PeerMessage... messages) {
        for (PeerMessage m : messages) {
            writeInbound(m instanceof PeerMessage.Piece p ? pieceBytes(p) : PeerMessageEncoder.encode(alloc(), m));
        }
        return pump();
    }

    private ByteBuf pieceBytes(PeerMessage.Piece p) {
        ByteBuf out = alloc().buffer(13 + p.data().readableBytes());
        out.writeInt(9 + p.data().readableBytes()).writeByte(PeerWire.PIECE).writeInt(p.piece()).writeInt(p.begin())
                .writeBytes(p.data());
        p.data().release();
        return out;
    }

    /** Sends an extended handshake (BEP 10) with {@code messages} and, when non-zero, a listen port {@code p}. */
    ScriptedPeer extendedHandshake(Map<String, Integer> messages, int listenPort) {
        return send(new PeerMessage.Extended(PeerWire.EXTENDED_HANDSHAKE,
                new ExtendedHandshake(messages, "scripted", 250, -1, listenPort).encode()));
    }

    /** Answers up to {@code n} of our pending requests, oldest first, with {@code data}'s bytes. */
    ScriptedPeer answer(int n, byte[] data, long pieceLength) {
        pump();
        for (int i = 0; i < n && !pending.isEmpty(); i++) {
            PeerMessage.Request r = pending.poll();
            int offset = (int) (r.piece() * pieceLength + r.begin());
            send(new PeerMessage.Piece(r.piece(), r.begin(), Unpooled.wrappedBuffer(data, offset, r.length())));
        }
        return this;
    }

    /** Runs pending tasks and decodes everything we sent since the last call into {@link #received}. */
    ScriptedPeer pump() {
        runPendingTasks();
        for (Object o = readOutbound(); o != null; o = readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            sent.writeBytes(b);
            b.release();
        }
        if (!handshakeSeen && sent.readableBytes() >= PeerWire.HANDSHAKE_LENGTH) {
            sent.skipBytes(PeerWire.HANDSHAKE_LENGTH);
            handshakeSeen = true;
        }
        while (handshakeSeen && sent.readableBytes() >= 4 && sent.readableBytes() >= 4 + sent.getInt(sent.readerIndex())) {
            int length = sent.readInt();
            if (length == 0) {
                received.add(new PeerMessage.KeepAlive());
                continue;
            }
            ByteBuf frame = sent.readSlice(length);
            PeerMessage m = PeerMessageDecoder.decode(frame, received.isEmpty());
            if (m instanceof PeerMessage.Request r) {
                pending.add(r);
            } else if (m instanceof PeerMessage.Cancel c) {
                pending.removeIf(r -> r.piece() == c.piece() && r.begin() == c.begin());
            }
            received.add(m);
            ReferenceCountUtil.release(m);
        }
        sent.discardReadBytes();
        return this;
    }

    /** The messages of {@code type} we sent it, in order. */
    <T extends PeerMessage> List<T> receivedOf(Class<T> type) {
        pump();
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Whether the last choke/unchoke we sent it was an unchoke (we start choking). */
    boolean unchokedByUs() {
        pump();
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i) instanceof PeerMessage.Unchoke) {
                return true;
            }
            if (received.get(i) instanceof PeerMessage.Choke) {
                return false;
            }
        }
        return false;
    }

    /** Closes the connection from its side and releases what is left. */
    void hangUp() {
        if (sent == Unpooled.EMPTY_BUFFER) {
            return;
        }
        close();
        runPendingTasks();
        finishAndReleaseAll();
        sent.release();
        sent = Unpooled.EMPTY_BUFFER;
    }
}
