package org.crossnet.adapter.bittorrent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.testkit.peers.ExternalProcess;

/**
 * A fresh transmission-daemon 3.00 on 127.0.0.1 for one test, driven with transmission-remote, stopped by PID.
 *
 * <p>Settings (peers.md): peers and RPC bound to 127.0.0.1, DHT/LPD/PEX/uTP/port forwarding off, encryption 0
 * ("prefer unencrypted": it still accepts our plaintext handshake), no ratio or idle limits, RPC without
 * authentication. Transmission never dials 127.x peers itself but accepts incoming ones, so the test dials it; it
 * keeps per-IP peer state, hence one daemon per test.
 */
final class TransmissionDaemon implements AutoCloseable {
    private static final String DAEMON = "/usr/bin/transmission-daemon";
    private static final String REMOTE = "/usr/bin/transmission-remote";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ExternalProcess process;
    private final Path workDir;
    private final Path downloadDir;
    private final int peerPort;
    private final int rpcPort;

    private TransmissionDaemon(ExternalProcess process, Path workDir, Path downloadDir, int peerPort, int rpcPort) {
        this.process = process;
        this.workDir = workDir;
        this.downloadDir = downloadDir;
        this.peerPort = peerPort;
        this.rpcPort = rpcPort;
    }

    /** Starts the daemon in {@code tempDir/transmission-N} and returns once its RPC answers. */
    static TransmissionDaemon start(Path tempDir) {
        if (!Files.isExecutable(Path.of(DAEMON)) || !Files.isExecutable(Path.of(REMOTE))) {
            throw new IllegalStateException("transmission: " + DAEMON + " or " + REMOTE
                    + " missing (expected: apt-get install -y transmission-daemon transmission-cli)");
        }
        try {
            Path work = Files.createDirectories(tempDir.resolve("transmission-" + INSTANCES.incrementAndGet()));
            Path config = Files.createDirectories(work.resolve("config"));
            Path downloads = Files.createDirectories(work.resolve("downloads"));
            int peerPort = ExternalProcess.freeTcpPort();
            int rpcPort = ExternalProcess.freeTcpPort();
            Files.writeString(config.resolve("settings.json"), settings(downloads, peerPort, rpcPort),
                    StandardCharsets.UTF_8);
            ExternalProcess p = ExternalProcess.start(List.of(DAEMON, "-f", "--log-info", "-g", config.toString()),
                    work, work.resolve("daemon.log"));
            TransmissionDaemon daemon = new TransmissionDaemon(p, work, downloads, peerPort, rpcPort);
            try {
                if (!p.await(daemon::rpcAnswers, Duration.ofSeconds(15))) {
                    throw new IllegalStateException("transmission: RPC on 127.0.0.1:" + rpcPort
                            + " not answering after 15 s; log:\n" + p.log());
                }
            } catch (RuntimeException e) {
                daemon.close();
                throw e;
            }
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String settings(Path downloads, int peerPort, int rpcPort) {
        return """
                {
                  "bind-address-ipv4": "127.0.0.1",
                  "bind-address-ipv6": "::1",
                  "blocklist-enabled": false,
                  "dht-enabled": false,
                  "download-dir": "%s",
                  "encryption": 0,
                  "idle-seeding-limit-enabled": false,
                  "incomplete-dir-enabled": false,
                  "lpd-enabled": false,
                  "message-level": 2,
                  "peer-port": %d,
                  "peer-port-random-on-start": false,
                  "pex-enabled": false,
                  "port-forwarding-enabled": false,
                  "ratio-limit-enabled": false,
                  "rename-partial-files": false,
                  "rpc-authentication-required": false,
                  "rpc-bind-address": "127.0.0.1",
                  "rpc-enabled": true,
                  "rpc-host-whitelist-enabled": false,
                  "rpc-port": %d,
                  "rpc-whitelist-enabled": false,
                  "speed-limit-down-enabled": false,
                  "speed-limit-up-enabled": false,
                  "start-added-torrents": true,
                  "utp-enabled": false,
                  "watch-dir-enabled": false
                }
                """.formatted(downloads, peerPort, rpcPort);
    }

    /** Transmission's peer listening port. */
    int peerPort() {
        return peerPort;
    }

    /** Where it stores downloads (no incomplete dir, no .part suffix). */
    Path downloadDir() {
        return downloadDir;
    }

    /** Adds a .torrent file through transmission-remote. */
    void add(Path torrent) {
        String out = remote("-a", torrent.toString());
        if (!out.contains("success")) {
            throw new IllegalStateException("transmission-remote -a " + torrent + ": " + out);
        }
    }

    /** transmission-remote's details of every torrent ("Percent Done: 100%" once done). */
    String info() {
        return remote("-t", "all", "-i");
    }

    /** Polls transmission-remote every 250 ms until every torrent is 100% done; false on timeout. */
    boolean awaitComplete(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (info().contains("Percent Done: 100%")) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** transmission-remote's peer list of every torrent. */
    String peers() {
        return remote("-t", "all", "-ip");
    }

    String log() {
        return process.log();
    }

    private boolean rpcAnswers() {
        try {
            remote("-l");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private String remote(String... args) {
        List<String> command = new ArrayList<>(List.of(REMOTE, "127.0.0.1:" + rpcPort));
        command.addAll(List.of(args));
        Path out = workDir.resolve("remote.out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + ": no answer after 10 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
