package org.crossnet.adapter.bittorrent.interop;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.testkit.peers.ExternalProcess;

/**
 * libtorrent-rasterbar (python3-libtorrent, importable only by Debian's {@code /usr/bin/python3}) seeding one file or
 * folder on 127.0.0.1 through {@code interop/libtorrent_seed.py}: the script creates the torrent with libtorrent's own
 * {@code create_torrent}, so the metadata the adapter fetches is libtorrent's, not ours. Stopped by PID.
 */
final class LibtorrentSeeder implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");
    private static final Pattern HASH = Pattern.compile("infohash ([0-9a-f]{40})");

    private final ExternalProcess process;
    private final int port;
    private final InfoHash infoHash;
    private final Path torrentFile;

    private LibtorrentSeeder(ExternalProcess process, int port, InfoHash infoHash, Path torrentFile) {
        this.process = process;
        this.port = port;
        this.infoHash = infoHash;
        this.torrentFile = torrentFile;
    }

    /**
     * Seeds {@code savePath/name}; {@code hybrid} makes a v1+v2 torrent (libtorrent 2.0's default) instead of v1 only.
     * Returns once libtorrent has checked the data and listens.
     */
    static LibtorrentSeeder start(Path workDir, Path savePath, String name, int pieceLength, boolean hybrid) {
        Path script = script();
        Path torrent = workDir.resolve(name + ".libtorrent.torrent");
        ExternalProcess p = ExternalProcess.start(List.of(PYTHON, "-u", script.toString(), savePath.toString(),
                name, torrent.toString(), Integer.toString(pieceLength), hybrid ? "hybrid" : "v1"), workDir,
                workDir.resolve("libtorrent-" + name + ".log"));
        try {
            if (!p.awaitLog("listening on port", Duration.ofSeconds(30))) {
                throw new IllegalStateException("libtorrent: not seeding after 30 s; log:\n" + p.log());
            }
            String log = p.log();
            Matcher port = PORT.matcher(log);
            Matcher hash = HASH.matcher(log);
            if (!port.find() || !hash.find()) {
                throw new IllegalStateException("libtorrent: no port or infohash in its log:\n" + log);
            }
            return new LibtorrentSeeder(p, Integer.parseInt(port.group(1)), InfoHash.parse(hash.group(1)), torrent);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static Path script() {
        try {
            Path script = Path.of(LibtorrentSeeder.class.getResource("/interop/libtorrent_seed.py").toURI());
            if (!Files.isExecutable(Path.of(PYTHON))) {
                throw new IllegalStateException("python: not found at " + PYTHON
                        + " (expected: Debian's python3 with python3-libtorrent)");
            }
            return script;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    /** The v1 infohash libtorrent reports. */
    InfoHash infoHash() {
        return infoHash;
    }

    /** The .torrent libtorrent wrote. */
    Path torrentFile() {
        return torrentFile;
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
