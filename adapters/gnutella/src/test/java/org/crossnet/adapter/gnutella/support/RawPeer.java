package org.crossnet.adapter.gnutella.support;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageDecoder;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageEncoder;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.codec.HandshakeDecoder;
import org.crossnet.adapter.gnutella.codec.Message;

/**
 * A scripted peer on a blocking socket: writes handshake text and messages byte for byte, reads what comes back.
 * For tests only; every read has a timeout.
 */
public final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawPeer(int port) throws IOException {
        this(port, 0);
    }

    /**
     * @param receiveBuffer SO_RCVBUF set before connecting (so the TCP window is small and a peer that stops
     *                      reading backs the sender up quickly); 0 keeps the system's
     */
    public RawPeer(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        setUp();
    }

    private RawPeer(Socket accepted) throws IOException {
        socket = accepted;
        setUp();
    }

    /**
     * Waits for our node to dial {@code server} (a scripted peer in the listening role); set the server's receive
     * buffer before binding to give the accepted socket a small window.
     */
    public static RawPeer accept(java.net.ServerSocket server) throws IOException {
        server.setSoTimeout(10_000);
        return new RawPeer(server.accept());
    }

    private void setUp() throws IOException {
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(Message m) throws IOException {
        write(GnutellaMessageEncoder.toBytes(m));
    }

    /** Reads one handshake block (up to the blank line). */
    public HandshakeBlock readBlock() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed after " + text.size() + " bytes: " + text);
            }
            text.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return HandshakeDecoder.read(Unpooled.wrappedBuffer(text.toByteArray()), 65536, 256);
    }

    /** Connects as a leaf (or ultrapeer): sends CONNECT, reads the answer, confirms when it is 200. */
    public HandshakeBlock handshake(boolean ultrapeer, String extraHeaders) throws IOException {
        write("GNUTELLA CONNECT/0.6\r\nUser-Agent: RawPeer/1.0\r\nX-Ultrapeer: " + (ultrapeer ? "True" : "False")
                + "\r\nX-Query-Routing: 0.2\r\nGUID: " + Guid.random() + "\r\n" + extraHeaders + "\r\n");
        HandshakeBlock answer = readBlock();
        if (answer.statusCode() == 200) {
            write("GNUTELLA/0.6 200 OK\r\n\r\n");
        }
        return answer;
    }

    /** Answers a node's CONNECT as an ultrapeer (200, no compression) and reads its confirmation. */
    public HandshakeBlock answerAsUltrapeer() throws IOException {
        HandshakeBlock request = readBlock();
        write("GNUTELLA/0.6 200 OK\r\nUser-Agent: RawPeer/1.0\r\nX-Ultrapeer: True\r\nX-Query-Routing: 0.2\r\n"
                + "GUID: " + Guid.random() + "\r\n\r\n");
        HandshakeBlock confirmation = readBlock();
        if (confirmation.statusCode() != 200) {
            throw new IOException("handshake: " + confirmation.statusCode() + " (expected: 200), after " + request);
        }
        return request;
    }

    /** From now on what we send is one zlib stream, sync-flushed after each write. */
    public void deflateOut() {
        out = new DeflaterOutputStream(socket.isClosed() ? OutputStream.nullOutputStream() : rawOut(), true);
    }

    /** From now on what we read is one zlib stream. */
    public void inflateIn() {
        in = new InflaterInputStream(in);
    }

    private OutputStream rawOut() {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one message, or null when the peer closed; fails on timeout. */
    public Object readMessage() throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[23];
        try {
            d.readFully(header);
        } catch (EOFException e) {
            return null;
        }
        int length = (header[19] & 0xFF) | (header[20] & 0xFF) << 8 | (header[21] & 0xFF) << 16 | (header[22] & 0xFF) << 24;
        byte[] payload = new byte[length];
        d.readFully(payload);
        var buf = Unpooled.wrappedBuffer(header, payload);
        Guid guid = Guid.read(buf);
        int type = buf.readUnsignedByte();
        int ttl = buf.readUnsignedByte();
        int hops = buf.readUnsignedByte();
        buf.skipBytes(4);
        return GnutellaMessageDecoder.decodePayload(guid, type, ttl, hops, buf);
    }

    /** Reads messages until one of this type arrives; null if the peer closed first. */
    public Message await(Class<?> payloadType) throws IOException {
        while (true) {
            Object o = readMessage();
            if (o == null) {
                return null;
            }
            if (o instanceof Message m && payloadType.isInstance(m.payload())) {
                return m;
            }
        }
    }

    /** Whether the peer closed the connection within the timeout (reads and discards what arrives meanwhile). */
    public boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            byte[] sink = new byte[8192];
            long deadline = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < deadline) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
