package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh Debian opentracker on 127.0.0.1 (HTTP announces only) for one test, stopped by PID on {@link #close()}.
 *
 * <p>Debian's build serves only whitelisted info-hashes, chroots into its {@code -d} folder (so the whitelist is
 * named relative to it) and refuses to run as root (hence {@code -u nobody} and world-readable files). It keeps peers
 * that never announced {@code stopped} and every peer here has the same address, so each test starts its own.
 */
final class OpenTracker implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/opentracker");
    private static final String WHITELIST = "whitelist.txt";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final Path whitelist;
    private final Path log;
    private final int port;

    private OpenTracker(Process process, Path whitelist, Path log, int port) {
        this.process = process;
        this.whitelist = whitelist;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts opentracker in a new folder under {@code parent} and returns once its HTTP port accepts connections.
     *
     * @throws IllegalStateException when opentracker is missing or does not come up (its output is in the message)
     */
    static OpenTracker start(Path parent) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("opentracker: not found at " + BINARY
                    + " (expected: apt-get install -y opentracker)");
        }
        IllegalStateException last = null;
        // a port free when probed may be taken before opentracker binds it: retry with another one
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryStart(parent);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static OpenTracker tryStart(Path parent) {
        try {
            Path dir = Files.createTempDirectory(parent, "opentracker-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path whitelist = dir.resolve(WHITELIST);
            Files.writeString(whitelist, "", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
            int tcp = freePort();
            int udp = freePort();
            Path log = parent.resolve(dir.getFileName() + ".log");
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "-i", "127.0.0.1",
                    "-p", Integer.toString(tcp), "-P", Integer.toString(udp), "-d", dir.toString(), "-u", "nobody",
                    "-w", "/" + WHITELIST)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            OpenTracker tracker = new OpenTracker(process, whitelist, log, tcp);
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

    /** {@code http://127.0.0.1:<port>/announce}. */
    String announceUrl() {
        return "http://127.0.0.1:" + port + "/announce";
    }

    /** Appends {@code infoHash} (40 hex digits) to the whitelist, sends SIGHUP and waits until it is served. */
    void whitelist(String infoHash) {
        if (infoHash == null || !infoHash.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("infoHash: " + infoHash + " (expected: 40 lower-case hex digits)");
        }
        try {
            Files.writeString(whitelist, infoHash + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -HUP " + process.pid() + ": exit " + kill.exitValue());
            }
            long deadline = System.nanoTime() + STARTUP.toNanos();
            // opentracker reloads in its own thread: probe until the hash is accepted
            while (!accepts(infoHash)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("opentracker: " + infoHash + " not accepted after SIGHUP; log: "
                            + log());
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

    /** What opentracker printed so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1).strip();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process by PID: SIGTERM, then SIGKILL after 5 s. */
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

    // a "stopped" announce adds no peer, and is answered with a failure reason while the hash is not whitelisted
    private boolean accepts(String infoHash) throws IOException {
        StringBuilder encoded = new StringBuilder();
        for (byte b : HexFormat.of().parseHex(infoHash)) {
            encoded.append('%').append(String.format("%02X", b & 0xFF));
        }
        URI uri = URI.create(announceUrl() + "?info_hash=" + encoded
                + "&peer_id=crossnet-e2e-probe-0&port=1&uploaded=0&downloaded=0&left=0&compact=1&event=stopped");
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(2000);
        try (InputStream in = connection.getInputStream()) {
            return !new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("failure reason");
        } finally {
            connection.disconnect();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("opentracker: exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("opentracker: not listening on tcp " + port + " after "
                        + STARTUP.toSeconds() + " s; log: " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                // not yet bound: try again
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for opentracker", e);
            }
        }
    }

    /** A TCP port of 127.0.0.1 free right now (opentracker's UDP port is taken from the same range). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
