package org.crossnet.adapter.bittorrent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A third-party client run for an interop test: output in a log file, stopped by PID (SIGTERM, then SIGKILL). */
public final class ClientProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ClientProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ClientProcess start(Path log, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ClientProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("start: " + command, e);
        }
    }

    /** Waits until the log contains {@code text}. */
    public boolean awaitLog(String text, Duration timeout) {
        return Wait.until(() -> log().contains(text), timeout);
    }

    /** Waits for exit; the exit code, or -1 on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    /** A TCP port free right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
