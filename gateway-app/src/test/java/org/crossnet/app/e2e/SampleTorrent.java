package org.crossnet.app.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A multi-file torrent made by mktorrent from a folder of pseudo-random files, with its info-hash computed here
 * (SHA-1 of the bencoded info dictionary) rather than taken from any code under test.
 *
 * @param name     the torrent's name: the folder's name, which downloads create under the download folder
 * @param folder   the folder the files were written to (a seeder's data)
 * @param files    each file's path relative to {@code folder} ({@code /}-separated) and its bytes, in creation order
 * @param torrent  the .torrent file
 * @param bytes    its content
 * @param infoHash the info-hash, 40 lower-case hex digits
 */
record SampleTorrent(String name, Path folder, Map<String, byte[]> files, Path torrent, byte[] bytes,
                     String infoHash) {
    private static final Path MKTORRENT = Path.of("/usr/bin/mktorrent");

    /** The sum of the file sizes. */
    long totalSize() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /**
     * Writes {@code sizes} (relative path → size) under {@code parent/name} with bytes from {@code seed}, and runs
     * {@code mktorrent -a announce -l log2Piece} on the folder.
     */
    static SampleTorrent create(Path parent, String name, Map<String, Integer> sizes, long seed, String announce,
                                int log2Piece) {
        try {
            Path folder = Files.createDirectories(parent.resolve(name));
            Random random = new Random(seed);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : sizes.entrySet()) {
                byte[] data = new byte[e.getValue()];
                random.nextBytes(data);
                Path file = folder.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, data);
                files.put(e.getKey(), data);
            }
            Path torrent = parent.resolve(name + ".torrent");
            run(List.of(MKTORRENT.toString(), "-a", announce, "-l", Integer.toString(log2Piece), "-o",
                    torrent.toString(), folder.toString()), parent.resolve(name + "-mktorrent.log"));
            byte[] bytes = Files.readAllBytes(torrent);
            String infoHash = HexFormat.of().formatHex(
                    IndependentHashes.digest("SHA-1", IndependentHashes.torrent(bytes).infoBytes()));
            return new SampleTorrent(name, folder, files, torrent, bytes, infoHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        if (!Files.isExecutable(MKTORRENT)) {
            throw new IllegalStateException("mktorrent: not found at " + MKTORRENT
                    + " (expected: apt-get install -y mktorrent)");
        }
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("mktorrent: still running after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted running mktorrent", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("mktorrent: exit " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
