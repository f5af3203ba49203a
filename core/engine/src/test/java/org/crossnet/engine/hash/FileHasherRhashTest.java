package org.crossnet.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.model.ContentId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compares every identity with rhash (RHash 1.4.x, Debian) on random files of sizes at the part boundaries. */
class FileHasherRhashTest {
    private static final long PART = 9_728_000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes, {1} thread(s)")
    @CsvSource({
        "0, 1",
        "1, 1",
        "184320, 1",        // exactly one AICH block
        "184321, 2",
        "9727999, 2",       // one byte short of a part
        "9728000, 2",       // exactly one part: ed2k adds MD4("") as a second part hash
        "9728001, 1",
        "19456000, 2",      // exactly two parts
        "48640001, 2",      // five full parts and one byte: uneven AICH splits on both sides
        "104857600, 2",     // 100 MiB: 11 parts, 1600 pieces of 64 KiB
    })
    void matchesRhash(long size, int threads) throws Exception {
        Path file = randomFile("sample-" + size + ".bin", size, size * 31 + threads);

        FileHashes hashes = new FileHasher(threads).hash(file);
        String[] expected = RhashReference.hashes(file, hashes.pieceLength());

        ContentId id = hashes.contentId();
        assertThat(id.size()).isEqualTo(size);
        assertThat(id.name()).isEqualTo(file.getFileName().toString());
        assertThat(id.sha1().bytes().hex()).as("sha1").isEqualTo(expected[0]);
        assertThat(id.ed2k().bytes().hex()).as("ed2k").isEqualTo(expected[1]);
        assertThat(id.aich().bytes().hex()).as("aich").isEqualTo(expected[2]);
        assertThat(id.tth().bytes().hex()).as("tth").isEqualTo(expected[3]);
        assertThat(id.btih().bytes().hex()).as("btih").isEqualTo(expected[4]);
        assertThat(hashes.ed2kPartHashes()).hasSize(size < PART ? 0 : (int) (size / PART + 1));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0", "5", "3000000"})
    void infoDictionaryEqualsRhashsByteForByte(long size) throws Exception {
        Path file = randomFile("torrent-" + size + ".dat", size, size);
        FileHashes hashes = new FileHasher().hash(file);

        byte[] rhashTorrent = RhashReference.torrent(file, hashes.pieceLength());
        BDictionary rhashInfo = (BDictionary) new BencodeDecoder().decodeDictionary(rhashTorrent)
                .get("info").orElseThrow();

        // rhash writes exactly length, name, piece length, pieces: no "private" key unless --bt-private
        assertThat(rhashInfo.raw()).contains(hashes.infoDictionary());
    }

    private Path randomFile(String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }
}
