package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One aria2c process on 127.0.0.1 with the flags of peers.md (no DHT, LPD or PEX; IPv4 only), its output in a log
 * file, stopped by PID on {@link #close()}.
 */
final class Aria2 implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/aria2c");

    private final Process process;
    private final Path log;
    private final int port;

    private Aria2(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Seeds {@code torrent} from the files under {@code dir}, uploading at most {@code uploadLimit} bytes per second
     * (0 = unlimited) so that a test can watch the download in progress; returns once aria2c listens, which it does
     * only after checking every piece.
     */
    static Aria2 seed(Path torrent, Path dir, long uploadLimit, Path log) {
        List<String> args = new ArrayList<>(List.of("--seed-ratio=0.0", "--check-integrity=true",
                "--max-upload-limit=" + uploadLimit, "-d", dir.toString(), torrent.toString()));
        Aria2 aria = start(args, log);
        aria.awaitLog("listening on TCP port", Duration.ofSeconds(30));
        return aria;
    }

    /** Downloads {@code torrent} into {@code dir}, asking {@code tracker} every second, and exits when done. */
    static Aria2 download(Path torrent, Path dir, String tracker, Path log) {
        return start(List.of("--seed-time=0", "--bt-tracker=" + tracker, "--bt-tracker-interval=1",
                "-d", dir.toString(), torrent.toString()), log);
    }

    private static Aria2 start(List<String> args, Path log) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("aria2c: not found at " + BINARY + " (expected: apt-get install -y aria2)");
        }
        int port = OpenTracker.freePort();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--interface=127.0.0.1",
                "--disable-ipv6=true", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--listen-port=" + port, "--file-allocation=none",
                "--console-log-level=notice", "--summary-interval=0"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new Aria2(process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("start: " + command, e);
        }
    }

    /** The BitTorrent port aria2c listens on. */
    int port() {
        return port;
    }

    /** Waits until the log shows {@code text}; fails with the log when it does not in time or aria2c exits. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("aria2c: exited with " + process.exitValue() + " before logging '"
                        + text + "'; log:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("aria2c: no '" + text + "' after " + timeout + "; log:\n" + log());
            }
            sleep(50);
        }
    }

    /** Waits for aria2c to exit; its exit code, or -1 when it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for aria2c", e);
        }
    }

    /** What aria2c printed so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
