package org.crossnet.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.digests.TigerDigest;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHasherTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void emptyFileHasTheKnownEmptyIdentities() throws Exception {
        ContentId id = new FileHasher().hash(write("empty", new byte[0])).contentId();

        assertThat(id.sha1().bytes().hex()).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assertThat(id.ed2k().bytes().hex()).isEqualTo("31d6cfe0d16ae931b73c59d7e0c089c0");
        // no blocks: the hash of one empty block, as eMule and rhash give
        assertThat(id.aich().bytes().base32()).isEqualTo("3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
        // THEX: the empty file is one empty leaf, Tiger(0x00)
        assertThat(id.tth().bytes().base32()).isEqualTo("LWPNACQDBZRYXW3VHJVCJ64QBZNGHOHHHZWCLNQ");
    }

    @Test
    void tigerTreeVectorsFromTheThexDraft() throws Exception {
        byte[] aaa1024 = new byte[1024];
        Arrays.fill(aaa1024, (byte) 'A');
        byte[] aaa1025 = new byte[1025];
        Arrays.fill(aaa1025, (byte) 'A');

        assertThat(tth(new byte[1])).isEqualTo("VK54ZIEEVTWNAUI5D5RDFIL37LX2IQNSTAXFKSA");
        assertThat(tth(aaa1024)).isEqualTo("L66Q4YVNAFWVS23X2HJIRA5ZJ7WXR3F26RSASFA");
        assertThat(tth(aaa1025)).isEqualTo("PZMRYHGY6LTBEH63ZWAHDORHSYTLO4LEFUIKHWY");
    }

    private String tth(byte[] content) throws Exception {
        return new FileHasher(1).hash(write("t" + content.length, content)).contentId().tth().bytes().base32();
    }

    @Test
    void smallFileIdentitiesAreThePlainDigests() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        FileHashes hashes = new FileHasher().hash(write("abc.txt", abc));
        ContentId id = hashes.contentId();

        assertThat(id.sha1().bytes().hex()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        // below one part ed2k is plain MD4 (RFC 1320 test vector) and there is no hashset
        assertThat(id.ed2k().bytes().hex()).isEqualTo("a448017aaf21d8525fc10ae87aa6729d");
        assertThat(hashes.ed2kPartHashes()).isEmpty();
        // within one block AICH is the block's SHA-1
        assertThat(id.aich().bytes()).isEqualTo(id.sha1().bytes());
        assertThat(hashes.pieceLength()).isEqualTo(16384);
        assertThat(new String(hashes.infoDictionary().toArray(), StandardCharsets.ISO_8859_1))
                .startsWith("d6:lengthi3e4:name7:abc.txt12:piece lengthi16384e6:pieces20:")
                .endsWith("e");
    }

    @Test
    void tigerTreeMatchesALevelByLevelTreeAcrossChunkAndBufferBoundaries() throws Exception {
        Random random = new Random(1);
        int[] sizes = {1023, 1024, 1025, 2048, 3073, 65535, 65536, 65537, 65536 * 3 + 1,
            (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) * 3 + 65536 * 5 + 700};
        for (int size : sizes) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = write("tree-" + size, content);
            for (int threads = 1; threads <= 2; threads++) {
                assertThat(new FileHasher(threads).hash(file).contentId().tth().bytes().toArray())
                        .as("%d bytes, %d threads", size, threads).isEqualTo(levelByLevelTigerTree(content));
            }
        }
    }

    /** THEX as written: hash all leaves, then pair each level, promoting an unpaired last node. */
    private static byte[] levelByLevelTigerTree(byte[] data) {
        TigerDigest tiger = new TigerDigest();
        List<byte[]> level = new ArrayList<>();
        for (int off = 0; off == 0 || off < data.length; off += 1024) {
            tiger.update((byte) 0);
            tiger.update(data, off, Math.min(1024, data.length - off));
            byte[] leaf = new byte[24];
            tiger.doFinal(leaf, 0);
            level.add(leaf);
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 == level.size()) {
                    up.add(level.get(i));
                } else {
                    tiger.update((byte) 1);
                    tiger.update(level.get(i), 0, 24);
                    tiger.update(level.get(i + 1), 0, 24);
                    byte[] node = new byte[24];
                    tiger.doFinal(node, 0);
                    up.add(node);
                }
            }
            level = up;
        }
        return level.get(0);
    }

    @Test
    void oneAndTwoThreadsAgreeOnEveryIdentity() throws Exception {
        byte[] content = new byte[(1 << 20) * 11 + 12345];
        new Random(2).nextBytes(content);
        Path file = write("agree.bin", content);

        FileHashes one = new FileHasher(1).hash(file);
        FileHashes two = new FileHasher(2).hash(file);

        assertThat(two).isEqualTo(one);
        assertThat(one.contentId().sha1().bytes().toArray())
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(content));
    }

    @Test
    void choosesPowerOfTwoPieceLengthsForAtMost2000Pieces() {
        assertThat(FileHasher.pieceLengthFor(0)).isEqualTo(16 << 10);
        assertThat(FileHasher.pieceLengthFor(2000L * (16 << 10))).isEqualTo(16 << 10);
        assertThat(FileHasher.pieceLengthFor(2000L * (16 << 10) + 1)).isEqualTo(32 << 10);
        assertThat(FileHasher.pieceLengthFor(100L << 20)).isEqualTo(64 << 10);
        assertThat(FileHasher.pieceLengthFor(1L << 30)).isEqualTo(1 << 20);
        assertThat(FileHasher.pieceLengthFor(4L << 30)).isEqualTo(4 << 20);
        assertThat(FileHasher.pieceLengthFor(1L << 40)).isEqualTo(16 << 20);
        for (long size = 40L << 20; size < 30L << 30; size = size * 3 / 2) {
            long pieces = (size + FileHasher.pieceLengthFor(size) - 1) / FileHasher.pieceLengthFor(size);
            assertThat(pieces).as("pieces for %d bytes", size).isBetween(1001L, 2000L);
        }
        assertThatThrownBy(() -> FileHasher.pieceLengthFor(-1)).hasMessage("size: -1 (expected: >= 0)");
    }

    @Test
    void rejectsBadThreadCounts() {
        assertThatThrownBy(() -> new FileHasher(0)).hasMessage("threads: 0 (expected: 1 or 2)");
        assertThatThrownBy(() -> new FileHasher(3)).hasMessage("threads: 3 (expected: 1 or 2)");
    }

    @Test
    void reportsProgressAboutEvery64MiBAndAtTheEnd() throws Exception {
        Path file = dir.resolve("sparse.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength((129L << 20) + 5);
        }
        List<long[]> calls = new ArrayList<>();

        new FileHasher().hash(file, (done, total) -> calls.add(new long[] {done, total}), () -> false);

        long total = (129L << 20) + 5;
        assertThat(calls).extracting(c -> c[0]).containsExactly(64L << 20, 128L << 20, total);
        assertThat(calls).extracting(c -> c[1]).containsOnly(total);
    }

    @Test
    void reportsCompletionOfAnEmptyFile() throws Exception {
        List<Long> calls = new ArrayList<>();

        new FileHasher().hash(write("e", new byte[0]), (done, total) -> calls.add(done + total), () -> false);

        assertThat(calls).containsExactly(0L);
    }

    @Test
    void cancelFlagStopsHashingWithinABuffer() throws Exception {
        Path file = write("cancel.bin", new byte[8 << 20]);
        AtomicInteger checks = new AtomicInteger();

        assertThatThrownBy(() -> new FileHasher(2).hash(file, HashProgressListener.NONE,
                () -> checks.incrementAndGet() >= 2))
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("hashing cancelled at 2097152 of 8388608 bytes");
        assertThat(checks).hasValue(2);
        assertNoHelperLeft();
    }

    @Test
    void interruptionThrowsInterruptedExceptionAndClearsTheFlag() throws Exception {
        Path file = write("interrupt.bin", new byte[8 << 20]);

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> new FileHasher(2).hash(file))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("hashing interrupted");

        assertThat(Thread.interrupted()).isFalse();
        assertNoHelperLeft();
    }

    @Test
    void interruptFromAnotherThreadStopsALongHash() throws Exception {
        Path file = dir.resolve("long.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(4L << 30);
        }
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();
        long start = System.nanoTime();

        assertThatThrownBy(() -> new FileHasher().hash(file)).isInstanceOf(InterruptedException.class);

        interrupter.join();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertNoHelperLeft();
    }

    private static void assertNoHelperLeft() {
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("crossnet-hash-helper") && t.isAlive());
    }

    @Test
    void rejectsMissingFile() {
        assertThatThrownBy(() -> new FileHasher().hash(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void torrentCarriesTheInfoDictionaryWhoseSha1IsTheBtih() throws Exception {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        FileHashes hashes = new FileHasher().hash(write("movie.mkv", content));

        Bytes torrent = hashes.torrent(List.of(List.of("http://a/announce", "http://b/announce"),
                List.of("udp://c:6969")), Instant.ofEpochSecond(1_700_000_000L));

        BDictionary root = new BencodeDecoder().decodeDictionary(torrent.toArray());
        BDictionary info = (BDictionary) root.get("info").orElseThrow();
        byte[] infoBytes = info.raw().orElseThrow().toArray();
        assertThat(infoBytes).isEqualTo(hashes.infoDictionary().toArray());
        assertThat(MessageDigest.getInstance("SHA-1").digest(infoBytes))
                .isEqualTo(hashes.contentId().btih().bytes().toArray());
        assertThat(root.get("announce")).contains(BString.of("http://a/announce"));
        assertThat(root.get("announce-list")).contains(BList.of(
                BList.of(BString.of("http://a/announce"), BString.of("http://b/announce")),
                BList.of(BString.of("udp://c:6969"))));
        assertThat(root.get("created by")).contains(BString.of("Crossnet"));
        assertThat(root.get("creation date")).contains(new BInteger(1_700_000_000L));
        assertThat(info.get("name")).contains(BString.of("movie.mkv"));
        assertThat(info.get("length")).contains(new BInteger(100_000));
        assertThat(info.get("piece length")).contains(new BInteger(16384));
        assertThat(info.entries()).hasSize(4);
        assertThat(((BString) info.get("pieces").orElseThrow()).value().length()).isEqualTo(7 * 20);
    }

    @Test
    void trackerlessTorrentHasNoAnnounceKeys() throws Exception {
        FileHashes hashes = new FileHasher().hash(write("x", new byte[10]));

        BDictionary root = new BencodeDecoder().decodeDictionary(hashes.torrent(List.of(), null).toArray());

        assertThat(root.entries().keySet()).containsExactly(BString.of("created by"), BString.of("info"));
        assertThatThrownBy(() -> hashes.torrent(List.of(List.of(" ")), null))
                .hasMessage("announce: ' ' (expected: a tracker URL)");
    }

    @Test
    void singleTrackerGivesAnnounceOnly() throws Exception {
        FileHashes hashes = new FileHasher().hash(write("y", new byte[10]));

        BDictionary root = new BencodeDecoder().decodeDictionary(
                hashes.torrent(List.of(List.of("http://t/a")), null).toArray());

        assertThat(root.get("announce")).contains(BString.of("http://t/a"));
        assertThat(root.get("announce-list")).isEmpty();
    }
}
