package org.crossnet.adapter.edonkey.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.ClientMessageDecoder;
import org.crossnet.adapter.edonkey.codec.ClientMessageEncoder;
import org.crossnet.adapter.edonkey.session.PeerInfo;
import org.crossnet.spi.model.Bytes;

/**
 * A peer scripted byte by byte over a blocking socket: sends frames we build (valid or not) and reads the adapter's
 * answers with our decoder. For tests of the adapter's upload queue and its reaction to bad input.
 */
public final class ScriptedPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Bytes userHash;

    public ScriptedPeer(String host, int port) {
        try {
            socket = new Socket();
            socket.bind(new InetSocketAddress(host, 0));
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] h = new byte[16];
        new Random().nextBytes(h);
        userHash = Bytes.of(h);
    }

    /** Sends our hello (as an eMule-compatible client listening on {@code port}) and reads the answer. */
    public ClientMessage.HelloAnswer hello(int port) {
        send(new ClientMessage.Hello(userHash, 0, port, PeerInfo.ourTags("scripted", 0, 0), 0, 0));
        ClientMessage m = read();
        if (!(m instanceof ClientMessage.HelloAnswer a)) {
            throw new AssertionError("expected a hello answer, got " + m);
        }
        return a;
    }

    public void send(ClientMessage m) {
        ByteBuf buf = Unpooled.buffer();
        ClientMessageEncoder.encode(m, buf);
        raw(ByteBufUtil.getBytes(buf));
        buf.release();
    }

    public void raw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, skipping eMule info; fails on timeout or EOF. */
    public ClientMessage read() {
        while (true) {
            ClientMessage m = readAny();
            if (!(m instanceof ClientMessage.EmuleInfo)) {
                return m;
            }
        }
    }

    /** The next message of {@code type}, skipping others. */
    public <T extends ClientMessage> T read(Class<T> type) {
        while (true) {
            ClientMessage m = read();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    private ClientMessage readAny() {
        try {
            DataInputStream d = new DataInputStream(in);
            int protocol = d.readUnsignedByte();
            int length = Integer.reverseBytes(d.readInt());
            int opcode = d.readUnsignedByte();
            byte[] payload = new byte[length - 1];
            d.readFully(payload);
            return ClientMessageDecoder.decode(protocol, opcode, Unpooled.wrappedBuffer(payload), 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the adapter to close the connection: true when EOF (or a reset) arrives within {@code timeout},
     * whatever was sent before it.
     */
    public boolean closedByPeer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            socket.setSoTimeout(200);
            byte[] sink = new byte[4096];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether nothing arrives for {@code wait} (used to show a request was ignored). */
    public boolean silentFor(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            int b = in.read();
            socket.setSoTimeout(5000);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // test cleanup
        }
    }

}
