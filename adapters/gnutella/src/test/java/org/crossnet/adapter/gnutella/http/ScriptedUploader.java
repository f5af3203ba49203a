package org.crossnet.adapter.gnutella.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted uploader on 127.0.0.1: plain blocking sockets, one thread per connection, answering each request head
 * with whatever the script returns (null closes the connection). Records every request head it received.
 */
final class ScriptedUploader implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("(?im)^Range: bytes=(\\d+)-(\\d+)\\r?$");

    /** Answers a request. */
    @FunctionalInterface
    interface Script {
        byte[] answer(int requestNumber, String head) throws IOException;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();

    ScriptedUploader(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "scripted-uploader");
        accept.setDaemon(true);
        accept.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Connections accepted so far. */
    int connections() {
        return sockets.size();
    }

    List<Long> requestTimes() {
        return List.copyOf(requestTimes);
    }

    /** A correct 206 answer for the request's Range, from {@code file}. */
    static byte[] rangeAnswer(String head, byte[] file, String... extraHeaders) {
        Matcher m = RANGE.matcher(head);
        if (!m.find()) {
            throw new IllegalStateException("no Range in " + head);
        }
        int first = Integer.parseInt(m.group(1));
        int last = Integer.parseInt(m.group(2));
        StringBuilder sb = new StringBuilder("HTTP/1.1 206 Partial Content\r\n")
                .append("Content-Range: bytes ").append(first).append('-').append(last).append('/')
                .append(file.length).append("\r\n")
                .append("Content-Length: ").append(last - first + 1).append("\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        return concat(sb.toString().getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOfRange(file, first, last + 1));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-uploader-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.add(head);
                requestTimes.add(System.nanoTime() / 1_000_000);
                byte[] answer = script.answer(requests.size(), head);
                if (answer == null) {
                    return;
                }
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // The downloader closed the connection: that is how most scripts end.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] so = b.toByteArray();
            int n = so.length;
            if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
