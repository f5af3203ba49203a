package org.crossnet.testkit.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One third-party program started for a test: run in a given directory, stdout and stderr merged into a log file,
 * stopped by PID on {@link #close()} (SIGTERM, then SIGKILL after a grace period).
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class ExternalProcess implements AutoCloseable {
    /** How long {@link #close()} waits after SIGTERM before it sends SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;

    private final List<String> command;
    private final Process process;
    private final Path log;

    private ExternalProcess(List<String> command, Process process, Path log) {
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory}, its output (stdout and stderr) written to {@code log}.
     *
     * @throws IllegalArgumentException when the command is empty
     * @throws UncheckedIOException when the program cannot be started
     */
    public static ExternalProcess start(List<String> command, Path directory, Path log) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(log, "log");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: [] (expected: a program and its arguments)");
        }
        List<String> copy = List.copyOf(command);
        try {
            Process process = new ProcessBuilder(copy).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new ExternalProcess(copy, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("start: " + copy, e);
        }
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The command line it was started with. */
    public List<String> command() {
        return command;
    }

    /** What the process printed so far (ISO-8859-1, so any bytes read back), or a note when the log is unreadable. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Polls {@code condition} until it holds; false when {@code timeout} passes first or the process exits without
     * the condition holding (a dead client never makes it true, so the caller need not wait out the deadline).
     */
    public boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** Waits until the log contains {@code text}; see {@link #await}. */
    public boolean awaitLog(String text, Duration timeout) {
        return await(() -> log().contains(text), timeout);
    }

    /** Waits until a TCP connect to {@code 127.0.0.1:port} succeeds; see {@link #await}. */
    public boolean awaitTcpPort(int port, Duration timeout) {
        return await(() -> tcpAnswers(port), timeout);
    }

    /** Waits for the process to exit; its exit code, or -1 when it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + command.get(0), e);
        }
    }

    /**
     * Sends {@code signal} (a name such as {@code HUP}) with {@code kill}.
     *
     * @throws IllegalStateException when kill fails (for example because the process has exited)
     */
    public void signal(String signal) {
        if (signal == null || !signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("signal: " + signal + " (expected: a signal name such as HUP)");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + ": exit " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: kill -" + signal + " " + process.pid(), e);
        }
    }

    /** Stops the process by PID: SIGTERM, then SIGKILL after {@link #GRACE}. Idempotent. */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                handle.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port of 127.0.0.1 free right now (another process may take it before the client binds it). */
    public static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port of 127.0.0.1 free right now. */
    public static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean tcpAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
