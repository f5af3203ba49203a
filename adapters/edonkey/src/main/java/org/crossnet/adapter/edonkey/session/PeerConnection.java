package org.crossnet.adapter.edonkey.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.ClientMessageDecoder;
import org.crossnet.adapter.edonkey.codec.Ed2kFrameDecoder;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Ed2kZlib;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.UnknownOpcodeException;

/**
 * One client-to-client connection, either way. Runs the handshake (we send OP_HELLO on an outgoing connection and
 * answer one with OP_HELLOANSWER on an incoming one), answers OP_EMULEINFO, then hands every message to its
 * {@link Listener}. Closes with a {@link CloseReason} on malformed input, a missing handshake, idleness or a call to
 * {@link #close}. All methods run on the channel's event loop, except {@link #send}, which may be called anywhere.
 */
public final class PeerConnection extends ChannelInboundHandlerAdapter {
    /** What the node does with a connection's events; called on its event loop. */
    public interface Listener {
        /** The hello exchange is complete. */
        void handshake(PeerConnection connection);

        /** A message after the handshake; the listener releases part messages (they hold buffers). */
        void message(PeerConnection connection, ClientMessage message);

        /** The channel became writable again after backpressure. */
        default void writable(PeerConnection connection) {
        }

        /** The connection closed; {@code reason} is how, {@code detail} a free text for the log. */
        void closed(PeerConnection connection, CloseReason reason, String detail);
    }

    /** Our side of the hello: what we send. */
    public interface LocalHello {
        ClientMessage.Hello hello();

        ClientMessage.HelloAnswer answer();

        ClientMessage.EmuleInfo emuleInfo(boolean answer);

        /** Our user hash, to spot connections to ourselves. */
        org.crossnet.spi.model.Bytes userHash();
    }

    private final boolean outgoing;
    private final LocalHello local;
    private final Listener listener;
    private Channel channel;
    private PeerInfo peer;
    private boolean closed;
    private CloseReason closeReason;
    private String closeDetail;
    /** Free slots for the node's per-connection state (download source, upload). */
    private Object downloadState;
    private Object uploadState;

    public PeerConnection(boolean outgoing, LocalHello local, Listener listener) {
        this.outgoing = outgoing;
        this.local = local;
        this.listener = listener;
    }

    public boolean outgoing() {
        return outgoing;
    }

    /** The peer's hello; null before the handshake. */
    public PeerInfo peer() {
        return peer;
    }

    public boolean handshaken() {
        return peer != null;
    }

    public Channel channel() {
        return channel;
    }

    public InetSocketAddress remoteAddress() {
        return channel == null ? null : (InetSocketAddress) channel.remoteAddress();
    }

    public boolean isOpen() {
        return !closed && channel != null && channel.isActive();
    }

    public boolean isWritable() {
        return channel != null && channel.isWritable();
    }

    public Object downloadState() {
        return downloadState;
    }

    public void downloadState(Object state) {
        this.downloadState = state;
    }

    public Object uploadState() {
        return uploadState;
    }

    public void uploadState(Object state) {
        this.uploadState = state;
    }

    /** Writes and flushes; dropped (and released) when the connection is closed. */
    public void send(ClientMessage message) {
        if (closed || channel == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        channel.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Writes without flushing (call {@link #flush} after a batch). */
    public void write(ClientMessage message) {
        if (closed || channel == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        channel.write(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    public void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    /** Closes with a reason; the listener hears of it once. Idempotent. */
    public void close(CloseReason reason, String detail) {
        if (closeReason == null) {
            closeReason = reason;
            closeDetail = detail;
        }
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (outgoing) {
            ctx.writeAndFlush(local.hello());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed || !(msg instanceof ClientMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (peer == null) {
            handshake(ctx, message);
            return;
        }
        if (message instanceof ClientMessage.EmuleInfo info) {
            if (!info.answer()) {
                ctx.writeAndFlush(local.emuleInfo(true));
            }
            return;
        }
        if (message instanceof ClientMessage.Hello || message instanceof ClientMessage.HelloAnswer) {
            // A second hello re-identifies; eMule sends one after a callback. Answer it and keep the first identity.
            if (message instanceof ClientMessage.Hello) {
                ctx.writeAndFlush(local.answer());
            }
            return;
        }
        listener.message(this, message);
    }

    private void handshake(ChannelHandlerContext ctx, ClientMessage message) {
        ClientMessage.HelloBody body;
        if (!outgoing && message instanceof ClientMessage.Hello h) {
            body = h;
        } else if (outgoing && message instanceof ClientMessage.HelloAnswer a) {
            body = a;
        } else if (outgoing && message instanceof ClientMessage.Hello h) {
            // Both sides sent a hello (a simultaneous callback): answer and go on.
            ctx.writeAndFlush(local.answer());
            body = h;
        } else {
            ReferenceCountUtil.release(message);
            close(CloseReason.BAD_HANDSHAKE, "first message " + message.getClass().getSimpleName()
                    + " (expected: " + (outgoing ? "OP_HELLOANSWER" : "OP_HELLO") + ")");
            return;
        }
        PeerInfo info = PeerInfo.of(body);
        if (info.userHash().equals(local.userHash())) {
            close(CloseReason.SELF_CONNECTION, "our own user hash");
            return;
        }
        peer = info;
        if (!outgoing) {
            ctx.write(local.answer());
            ctx.writeAndFlush(local.emuleInfo(false));
        } else {
            ctx.writeAndFlush(local.emuleInfo(false));
        }
        ClientMessageDecoder decoder = ctx.pipeline().get(ClientMessageDecoder.class);
        if (decoder != null) {
            // The peer writes file requests with the extension our hello advertised (2).
            decoder.extendedRequestsVersion(2);
        }
        listener.handshake(this);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer != null && !closed) {
            listener.writable(this);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close(CloseReason.TIMEOUT, peer == null ? "no hello" : "idle");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        CloseReason reason;
        if (t instanceof Ed2kFrameDecoder.FrameException f) {
            reason = f.tooLong() ? CloseReason.FRAME_TOO_LONG : CloseReason.BAD_FRAME;
        } else if (t instanceof Ed2kZlib.InflateException) {
            reason = CloseReason.BAD_COMPRESSION;
        } else if (t instanceof UnknownOpcodeException) {
            reason = CloseReason.UNKNOWN_OPCODE;
        } else if (t instanceof Ed2kWireException) {
            reason = CloseReason.PROTOCOL_VIOLATION;
        } else if (t instanceof IOException) {
            reason = CloseReason.IO_ERROR;
        } else {
            reason = CloseReason.PROTOCOL_VIOLATION;
        }
        close(reason, String.valueOf(t.getMessage()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            closed = true;
            listener.closed(this, closeReason == null ? CloseReason.REMOTE_CLOSED : closeReason,
                    closeDetail == null ? "" : closeDetail);
        }
        ctx.fireChannelInactive();
    }

    /** A {@link LocalHello} from our identity and ports. */
    public static LocalHello localHello(Identity identity, java.util.function.LongSupplier clientId,
                                        java.util.function.IntSupplier tcpPort, int kadPort, int kadVersion) {
        return localHello(identity, clientId, tcpPort, kadPort, kadVersion, () -> null);
    }

    /**
     * A {@link LocalHello} that also names the eD2k server we are logged into ({@code <server ip u32><server port
     * u16>} at the end of the hello, zeros when {@code server} gives null): with a LowID, that is how aMule recognises
     * us when we call it back ({@code CUpDownClient::Compare}: LowID, server IP and port).
     */
    public static LocalHello localHello(Identity identity, java.util.function.LongSupplier clientId,
                                        java.util.function.IntSupplier tcpPort, int kadPort, int kadVersion,
                                        java.util.function.Supplier<java.net.InetSocketAddress> server) {
        return new LocalHello() {
            private long serverIp() {
                java.net.InetSocketAddress a = server.get();
                return a == null || a.getAddress() == null || a.getAddress().getAddress().length != 4 ? 0
                        : Ed2kWire.clientId(a.getAddress().getAddress());
            }

            private int serverPort() {
                java.net.InetSocketAddress a = server.get();
                return serverIp() == 0 ? 0 : a.getPort();
            }

            private List<Tag> tags() {
                return PeerInfo.ourTags(identity.nick(), kadPort, kadVersion);
            }

            @Override
            public ClientMessage.Hello hello() {
                return new ClientMessage.Hello(identity.userHash(), clientId.getAsLong(), tcpPort.getAsInt(), tags(),
                        serverIp(), serverPort());
            }

            @Override
            public ClientMessage.HelloAnswer answer() {
                return new ClientMessage.HelloAnswer(identity.userHash(), clientId.getAsLong(),
                        tcpPort.getAsInt(), tags(), serverIp(), serverPort());
            }

            @Override
            public ClientMessage.EmuleInfo emuleInfo(boolean answer) {
                // version 0x3C is what eMule puts here once CT_EMULE_VERSION carries the real one
                return new ClientMessage.EmuleInfo(answer, 0x3C, Ed2kWire.EMULE_PROTOCOL, List.of(
                        Tag.uint32(Ed2kWire.ET_COMPRESSION, 1), Tag.uint32(Ed2kWire.ET_UDPVER, 0),
                        Tag.uint32(Ed2kWire.ET_UDPPORT, 0), Tag.uint32(Ed2kWire.ET_SOURCEEXCHANGE, 0),
                        Tag.uint32(Ed2kWire.ET_COMMENTS, 0), Tag.uint32(Ed2kWire.ET_EXTENDEDREQUEST, 2),
                        Tag.uint32(Ed2kWire.ET_FEATURES, 0)));
            }

            @Override
            public org.crossnet.spi.model.Bytes userHash() {
                return identity.userHash();
            }
        };
    }
}
