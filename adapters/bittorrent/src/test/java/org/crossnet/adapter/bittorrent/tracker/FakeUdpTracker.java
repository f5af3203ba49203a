package org.crossnet.adapter.bittorrent.tracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A scripted BEP 15 tracker on 127.0.0.1 for client tests: every datagram is recorded and handed to a script that
 * returns the datagrams to send back (possibly none, to force retransmits).
 */
final class FakeUdpTracker implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Integer, ByteBuffer, List<byte[]>> script;

    FakeUdpTracker(BiFunction<Integer, ByteBuffer, List<byte[]>> script) {
        this.script = script;
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "fake-udp-tracker");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "udp://127.0.0.1:" + socket.getLocalPort() + "/announce";
    }

    void script(BiFunction<Integer, ByteBuffer, List<byte[]>> script) {
        this.script = script;
    }

    long count(int action) {
        return received.stream().filter(p -> action(p) == action).count();
    }

    /** The action of a request datagram (connect requests carry the magic first). */
    static int action(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(8);
    }

    static int transactionId(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(12);
    }

    static byte[] connectReply(int transactionId, long connectionId) {
        return ByteBuffer.allocate(16).putInt(0).putInt(transactionId).putLong(connectionId).array();
    }

    static byte[] announceReply(int transactionId, int interval, int leechers, int seeders, byte[]... peers) {
        ByteBuffer out = ByteBuffer.allocate(20 + 6 * peers.length).putInt(1).putInt(transactionId).putInt(interval)
                .putInt(leechers).putInt(seeders);
        for (byte[] peer : peers) {
            out.put(peer);
        }
        return out.array();
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                received.add(data);
                for (byte[] reply : script.apply(received.size(), ByteBuffer.wrap(data))) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
