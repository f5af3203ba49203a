package org.crossnet.adapter.bittorrent.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.spi.model.InfoHash;

/**
 * A real opentracker (Debian build) on 127.0.0.1 for interop tests: fresh process, free TCP and UDP ports, its own
 * chroot directory under the test's temp dir, stopped by PID on {@link #close()}.
 *
 * <p>Debian's opentracker serves only whitelisted info-hashes, chroots into its {@code -d} directory (so the
 * whitelist path is given relative to that root) and refuses to run as root (hence {@code -u nobody}, which is why
 * the directory and whitelist are world-readable). It keeps peers that never announced {@code stopped} and hands
 * the announcing peer back to itself, so use one tracker per test.
 */
public final class OpenTrackerProcess implements AutoCloseable {
    private static final String BINARY = "/usr/bin/opentracker";
    private static final String WHITELIST = "whitelist.txt";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Process process;
    private final Path whitelistFile;
    private final int tcpPort;
    private final int udpPort;

    private OpenTrackerProcess(Process process, Path whitelistFile, int tcpPort, int udpPort) {
        this.process = process;
        this.whitelistFile = whitelistFile;
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
    }

    /**
     * Starts opentracker with {@code whitelist} and returns once it answers on both ports.
     *
     * @throws IllegalStateException when opentracker is missing or does not come up (its output is in the message)
     */
    public static OpenTrackerProcess start(Path tempDir, List<InfoHash> whitelist) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("opentracker: not found at " + BINARY
                    + " (expected: apt-get install -y opentracker)");
        }
        IllegalStateException last = null;
        // a free port found now may be taken before opentracker binds it: retry with new ports
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryStart(tempDir, whitelist);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static OpenTrackerProcess tryStart(Path tempDir, List<InfoHash> whitelist) {
        try {
            Path dir = tempDir.resolve("opentracker-" + INSTANCES.incrementAndGet());
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path whitelistFile = dir.resolve(WHITELIST);
            StringBuilder lines = new StringBuilder();
            for (InfoHash hash : whitelist) {
                lines.append(hash.bytes().hex()).append('\n');
            }
            Files.writeString(whitelistFile, lines.toString(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(whitelistFile, PosixFilePermissions.fromString("rw-r--r--"));
            int tcp = freeTcpPort();
            int udp = freeUdpPort();
            Path log = tempDir.resolve(dir.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(BINARY, "-i", "127.0.0.1", "-p", Integer.toString(tcp),
                    "-P", Integer.toString(udp), "-d", dir.toString(), "-u", "nobody", "-w", "/" + WHITELIST));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            OpenTrackerProcess tracker = new OpenTrackerProcess(process, whitelistFile, tcp, udp);
            try {
                tracker.awaitListening(log);
            } catch (RuntimeException e) {
                tracker.close();
                throw e;
            }
            return tracker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<tcp>/announce}. */
    public String announceUrl() {
        return "http://127.0.0.1:" + tcpPort + "/announce";
    }

    /** {@code udp://127.0.0.1:<udp>/announce}. */
    public String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    /** The process id, for tests that want to log or signal it. */
    public long pid() {
        return process.pid();
    }

    /** Appends {@code hash} to the whitelist, sends SIGHUP and waits until the tracker accepts it. */
    public void whitelist(InfoHash hash) {
        try {
            Files.writeString(whitelistFile, hash.bytes().hex() + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.APPEND);
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -HUP " + process.pid() + ": exit " + kill.exitValue());
            }
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            // the reload runs in opentracker's own thread: probe until the hash is served
            while (!accepts(hash)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("opentracker: " + hash + " not accepted after SIGHUP");
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading the whitelist", e);
        }
    }

    /** Stops the process by PID (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // a "stopped" announce from a probe peer is answered without adding a peer, and fails while not whitelisted
    private boolean accepts(InfoHash hash) throws IOException {
        StringBuilder encoded = new StringBuilder();
        for (byte b : hash.bytes().toArray()) {
            encoded.append('%').append(String.format("%02X", b & 0xFF));
        }
        URI uri = URI.create(announceUrl() + "?info_hash=" + encoded
                + "&peer_id=crossnet-probe-00000&port=1&uploaded=0&downloaded=0&left=0&compact=1&event=stopped");
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(2000);
        try (InputStream in = connection.getInputStream()) {
            return !new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("failure reason");
        } finally {
            connection.disconnect();
        }
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        boolean tcpUp = false;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("opentracker: exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.ISO_8859_1).strip());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("opentracker: not listening on tcp " + tcpPort + " / udp " + udpPort
                        + " after " + STARTUP_TIMEOUT.toSeconds() + " s");
            }
            if (!tcpUp) {
                tcpUp = tcpAnswers();
            }
            if (tcpUp && udpAnswers()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for opentracker", e);
            }
        }
    }

    private boolean tcpAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // BEP 15 connect: <protocol_id=0x41727101980 u64><action=0 u32><transaction_id u32>
    private boolean udpAnswers() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            byte[] request = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(0x5eed).array();
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), udpPort));
            DatagramPacket response = new DatagramPacket(new byte[64], 64);
            try {
                socket.receive(response);
            } catch (SocketTimeoutException e) {
                return false;
            }
            return response.getLength() >= 16;
        } catch (java.net.PortUnreachableException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
