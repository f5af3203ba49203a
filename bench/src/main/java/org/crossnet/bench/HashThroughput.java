package org.crossnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.crossnet.engine.hash.FileHasher;
import org.crossnet.engine.hash.FileHashes;
import org.crossnet.spi.model.ContentId;

/**
 * Hashes one file with {@link FileHasher} and prints the time and throughput, for side-by-side runs against rhash
 * ({@code bench/hash-vs-rhash.sh}).
 *
 * <pre>usage: HashThroughput FILE [THREADS (1|2, default 2)] [ROUNDS (default 1)]</pre>
 *
 * Each round is timed on its own; the first round of a fresh JVM includes JIT warm-up, as a fresh gateway would.
 */
public final class HashThroughput {
    private HashThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: HashThroughput FILE [THREADS (1|2)] [ROUNDS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long size = Files.size(file);
        FileHasher hasher = new FileHasher(threads);
        FileHashes hashes = null;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            hashes = hasher.hash(file);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "crossnet round %d: threads=%d bytes=%d seconds=%.3f MB/s=%.1f%n",
                    round, threads, size, seconds, size / 1e6 / seconds);
        }
        ContentId id = hashes.contentId();
        System.out.printf(Locale.ROOT, "sha1=%s ed2k=%s aich=%s tth=%s btih=%s piece-length=%d%n",
                id.sha1().bytes().hex(), id.ed2k().bytes().hex(), id.aich().bytes().base32(),
                id.tth().bytes().base32(), id.btih().bytes().hex(), hashes.pieceLength());
    }
}
