package org.crossnet.testkit.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
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
import org.crossnet.spi.model.InfoHash;

/**
 * A fresh Debian opentracker on 127.0.0.1 (HTTP and UDP announces) for one test, in its own folder under the test's
 * temporary directory, stopped by PID on {@link #close()}.
 *
 * <p>Debian's build serves only whitelisted info-hashes, chroots into its {@code -d} folder (so the whitelist is
 * named relative to it) and refuses to run as root (hence {@code -u nobody} and world-readable files). It keeps peers
 * that never announced {@code stopped}, hands the announcing peer back to itself, and every peer here has the same
 * address: start one tracker per test.
 */
public final class OpenTrackerProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/opentracker");
    private static final String WHITELIST = "whitelist.txt";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final ExternalProcess process;
    private final Path whitelistFile;
    private final int tcpPort;
    private final int udpPort;

    private OpenTrackerProcess(ExternalProcess process, Path whitelistFile, int tcpPort, int udpPort) {
        this.process = process;
        this.whitelistFile = whitelistFile;
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
    }

    /**
     * Starts opentracker serving {@code whitelist} (40 hex digits each; none for an empty whitelist) and returns once
     * it answers on its TCP and UDP ports.
     *
     * @throws IllegalArgumentException when a hash is not 40 hex digits
     * @throws IllegalStateException when opentracker is missing or does not come up (its output is in the message)
     */
    public static OpenTrackerProcess start(Path tempDir, String... whitelist) {
        List<InfoHash> hashes = new ArrayList<>();
        for (String hex : whitelist) {
            hashes.add(parseHex(hex));
        }
        return start(tempDir, hashes);
    }

    /**
     * Starts opentracker serving {@code whitelist} and returns once it answers on its TCP and UDP ports.
     *
     * @throws IllegalStateException when opentracker is missing or does not come up (its output is in the message)
     */
    public static OpenTrackerProcess start(Path tempDir, List<InfoHash> whitelist) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("opentracker: not found at " + BINARY
                    + " (expected: apt-get install -y opentracker)");
        }
        List<InfoHash> hashes = List.copyOf(whitelist);
        IllegalStateException last = null;
        // a port free when probed may be taken before opentracker binds it: retry with other ones
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryStart(tempDir, hashes);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static OpenTrackerProcess tryStart(Path tempDir, List<InfoHash> whitelist) {
        try {
            Path dir = Files.createTempDirectory(tempDir, "opentracker-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path whitelistFile = dir.resolve(WHITELIST);
            StringBuilder lines = new StringBuilder();
            for (InfoHash hash : whitelist) {
                lines.append(hash.bytes().hex()).append('\n');
            }
            Files.writeString(whitelistFile, lines.toString(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(whitelistFile, PosixFilePermissions.fromString("rw-r--r--"));
            int tcp = ExternalProcess.freeTcpPort();
            int udp = ExternalProcess.freeUdpPort();
            Path log = tempDir.resolve(dir.getFileName() + ".log");
            ExternalProcess process = ExternalProcess.start(List.of(BINARY.toString(), "-i", "127.0.0.1",
                    "-p", Integer.toString(tcp), "-P", Integer.toString(udp), "-d", dir.toString(), "-u", "nobody",
                    "-w", "/" + WHITELIST), dir, log);
            OpenTrackerProcess tracker = new OpenTrackerProcess(process, whitelistFile, tcp, udp);
            try {
                tracker.awaitListening();
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

    /** What opentracker printed so far. */
    public String log() {
        return process.log().strip();
    }

    /**
     * Appends {@code infoHash} (40 hex digits) to the whitelist, sends SIGHUP and waits until it is served.
     *
     * @throws IllegalArgumentException when {@code infoHash} is not 40 hex digits
     */
    public void whitelist(String infoHash) {
        whitelist(parseHex(infoHash));
    }

    /** Appends {@code hash} to the whitelist, sends SIGHUP and waits until the tracker accepts it. */
    public void whitelist(InfoHash hash) {
        try {
            Files.writeString(whitelistFile, hash.bytes().hex() + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.signal("HUP");
        // the reload runs in opentracker's own thread: probe until the hash is served
        if (!process.await(() -> accepts(hash), STARTUP)) {
            throw new IllegalStateException("opentracker: " + hash + " not accepted after SIGHUP; log: " + log());
        }
    }

    /** Stops the process by PID: SIGTERM, then SIGKILL after {@link ExternalProcess#GRACE}. */
    @Override
    public void close() {
        process.close();
    }

    private static InfoHash parseHex(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("infoHash: " + hex + " (expected: 40 hex digits)");
        }
        return InfoHash.parse(hex);
    }

    // a "stopped" announce adds no peer, and is answered with a failure reason while the hash is not whitelisted
    private boolean accepts(InfoHash hash) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : hash.bytes().toArray()) {
            encoded.append('%').append(String.format("%02X", b & 0xFF));
        }
        URI uri = URI.create(announceUrl() + "?info_hash=" + encoded
                + "&peer_id=crossnet-probe-00000&port=1&uploaded=0&downloaded=0&left=0&compact=1&event=stopped");
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            try (InputStream in = connection.getInputStream()) {
                return !new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("failure reason");
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitListening() {
        boolean[] tcpUp = {false};
        boolean up = process.await(() -> {
            if (!tcpUp[0]) {
                tcpUp[0] = ExternalProcess.tcpAnswers(tcpPort);
            }
            return tcpUp[0] && udpAnswers();
        }, STARTUP);
        if (!up) {
            if (!process.isAlive()) {
                throw new IllegalStateException("opentracker: exited with " + process.awaitExit(Duration.ZERO) + ": "
                        + log());
            }
            throw new IllegalStateException("opentracker: not listening on tcp " + tcpPort + " / udp " + udpPort
                    + " after " + STARTUP.toSeconds() + " s; log: " + log());
        }
    }

    // BEP 15 connect: <protocol_id=0x41727101980 u64><action=0 u32><transaction_id u32>
    private boolean udpAnswers() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            byte[] request = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(0x5eed).array();
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), udpPort));
            DatagramPacket response = new DatagramPacket(new byte[64], 64);
            socket.receive(response);
            return response.getLength() >= 16;
        } catch (IOException e) {
            // timeout, port unreachable: not up yet
            return false;
        }
    }

    @Override
    public String toString() {
        return "opentracker pid " + pid() + " tcp " + tcpPort + " udp " + udpPort;
    }
}
