package org.crossnet.engine.hash;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs rhash (Debian package rhash, the reference implementation) on a file; fails the test when it is missing. */
final class RhashReference {
    private RhashReference() {
    }

    /** The five digests in hex, in the order sha1, ed2k, aich, tth, btih. */
    static String[] hashes(Path file, int pieceLength) throws IOException, InterruptedException {
        String out = run(file.getParent(), "rhash", "--bt-piece-length=" + pieceLength,
                "--printf=%x{sha1} %x{ed2k} %x{aich} %x{tth} %x{btih}\\n", file.getFileName().toString());
        return out.trim().split(" ");
    }

    /** Has rhash write {@code <file>.torrent} with the given piece length and returns its bytes. */
    static byte[] torrent(Path file, int pieceLength) throws IOException, InterruptedException {
        run(file.getParent(), "rhash", "--torrent", "--btih", "--bt-piece-length=" + pieceLength,
                file.getFileName().toString());
        return Files.readAllBytes(file.resolveSibling(file.getFileName() + ".torrent"));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("rhash: not found on PATH (expected: the Debian package rhash installed; CI installs it): "
                    + e.getMessage());
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return fail("rhash: " + cmd + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
