package org.crossnet.adapter.edonkey.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a NAT box in front of a client: it accepts the client's connection on 127.0.0.1 and opens its own
 * to {@code target} from {@code publicAddress} (e.g. 127.0.0.2), so the far side sees the NAT's address, and nothing
 * comes back in through it. An eD2k server's connect-back test then fails exactly as behind a real NAT without a port
 * forward, and the client gets a LowID. Blocking threads; test only.
 */
public final class NatRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public NatRelay(InetSocketAddress target, InetAddress publicAddress) throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket inside = listener.accept();
                    Socket outside = new Socket();
                    outside.bind(new InetSocketAddress(publicAddress, 0));
                    outside.connect(target, 5000);
                    sockets.add(inside);
                    sockets.add(outside);
                    pump(inside, outside);
                    pump(outside, inside);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection drop
                }
            }
        }, "nat-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address the client should dial instead of the target. */
    public String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "nat-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
