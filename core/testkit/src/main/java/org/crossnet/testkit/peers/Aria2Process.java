package org.crossnet.testkit.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One aria2c on 127.0.0.1 with the loopback flags of {@code peers.md} (IPv4 only; no DHT, LPD or PEX; no file
 * preallocation), as a seeder or a downloader of one .torrent, its output in a log file, stopped by PID on
 * {@link #close()}.
 */
public final class Aria2Process implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/aria2c");
    /** aria2c prints this only after checking every piece of what it seeds. */
    private static final String LISTENING = "listening on TCP port";
    private static final Duration SEED_STARTUP = Duration.ofSeconds(30);

    private final ExternalProcess process;
    private final int port;

    private Aria2Process(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Seeds {@code torrent} from the files under {@code dir} ({@code --seed-ratio=0.0 --check-integrity=true}),
     * uploading at most {@code uploadLimit} bytes per second (0 = unlimited) so that a test can watch a download in
     * progress; returns once aria2c listens, which it does only after checking every piece.
     *
     * @throws IllegalArgumentException when {@code uploadLimit} is negative
     * @throws IllegalStateException when aria2c is missing, exits, or does not listen within 30 s (log in message)
     */
    public static Aria2Process seed(Path torrent, Path dir, long uploadLimit, Path log) {
        if (uploadLimit < 0) {
            throw new IllegalArgumentException("uploadLimit: " + uploadLimit + " (expected: >= 0, 0 = unlimited)");
        }
        Aria2Process aria = start(List.of("--seed-ratio=0.0", "--check-integrity=true",
                "--max-upload-limit=" + uploadLimit, "-d", dir.toString(), torrent.toString()), dir, log);
        try {
            aria.awaitLog(LISTENING, SEED_STARTUP);
        } catch (RuntimeException e) {
            aria.close();
            throw e;
        }
        return aria;
    }

    /**
     * Downloads {@code torrent} into {@code dir} and exits when done ({@code --seed-time=0}), asking its trackers,
     * plus {@code extraTrackers} (announce URLs; may be empty), every second.
     */
    public static Aria2Process download(Path torrent, Path dir, List<String> extraTrackers, Path log) {
        List<String> args = new ArrayList<>(List.of("--seed-time=0"));
        if (!extraTrackers.isEmpty()) {
            args.add("--bt-tracker=" + String.join(",", extraTrackers));
        }
        args.addAll(List.of("--bt-tracker-interval=1", "-d", dir.toString(), torrent.toString()));
        return start(args, dir, log);
    }

    private static Aria2Process start(List<String> args, Path dir, Path log) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("aria2c: not found at " + BINARY + " (expected: apt-get install -y aria2)");
        }
        int port = ExternalProcess.freeTcpPort();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--interface=127.0.0.1",
                "--disable-ipv6=true", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--listen-port=" + port, "--file-allocation=none",
                "--console-log-level=notice", "--summary-interval=0"));
        command.addAll(args);
        return new Aria2Process(ExternalProcess.start(command, dir, log), port);
    }

    /** The BitTorrent port aria2c listens on. */
    public int port() {
        return port;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the log shows {@code text}.
     *
     * @throws IllegalStateException with the log when aria2c exits first or {@code timeout} passes
     */
    public void awaitLog(String text, Duration timeout) {
        if (!process.awaitLog(text, timeout)) {
            String state = process.isAlive() ? "no '" + text + "' after " + timeout
                    : "exited with " + process.awaitExit(Duration.ZERO) + " before logging '" + text + "'";
            throw new IllegalStateException("aria2c: " + state + "; log:\n" + log());
        }
    }

    /** Waits for aria2c to exit; its exit code, or -1 when it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** What aria2c printed so far. */
    public String log() {
        return process.log();
    }

    /** Stops the process by PID: SIGTERM, then SIGKILL after {@link ExternalProcess#GRACE}. */
    @Override
    public void close() {
        process.close();
    }
}
