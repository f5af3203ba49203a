package org.crossnet.adapter.edonkey.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.crossnet.adapter.edonkey.session.CloseReason;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.hash.AichTree;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AICH block recovery between our own nodes on 127.0.0.1: a source whose copy has one corrupt 180 KiB block, and an
 * honest one. The part that fails its MD4 check is recovered with the honest node's recovery data: only the bad
 * block is fetched again, and the source that sent it is dropped.
 */
class AichRecoveryLoopbackTest {
    private static final int BLOCK = AichTree.BLOCK_SIZE;

    @Test
    void onlyTheCorruptBlockIsFetchedAgainAndItsSourceDropped(@TempDir Path tmp) throws Exception {
        int size = (int) (2 * AichTree.PART_SIZE + 12_345);
        Path good = Nodes.randomFile(tmp, "aich good.bin", size, 11);
        byte[] data = Files.readAllBytes(good);
        byte[] bad = data.clone();
        for (int i = 1_000; i < 1_100; i++) {
            bad[i] ^= 0x33;
        }
        Path corrupt = Files.write(tmp.resolve("aich corrupt.bin"), bad);
        SharedFile honestShare = Nodes.sharedWithAich(good);
        // the corrupt node announces the true identities (it thinks its copy is right) but serves its bad bytes
        SharedFile corruptShare = new SharedFile(ShareId.random(), honestShare.content(), corrupt,
                honestShare.ed2kPartHashes(), null, List.of());
        try (Nodes.Running liar = Nodes.start(Nodes.config("127.0.0.1"));
             Nodes.Running honest = Nodes.start(Nodes.config("127.0.0.1"));
             Nodes.Running leecher = Nodes.start(Nodes.config("127.0.0.1"))) {
            liar.adapter().publisher().orElseThrow().publish(corruptShare);
            honest.adapter().publisher().orElseThrow().publish(honestShare);
            TransferId id = TransferId.random();
            RecordingStore store = new RecordingStore(leecher.context().store().addTransfer(id, size));
            RecordingDownloadSink sink = leecher.context().newDownloadSink();
            long corruptBefore = leecher.adapter().node().closeCounts().getOrDefault(CloseReason.CORRUPT_DATA, 0L);
            // the link names the AICH root (|h=|), as amulecmd prints it
            DownloadSession session = leecher.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                    honestShare.content(), store, List.of("127.0.0.1:" + liar.tcpPort()), List.of(), null), sink);
            // the corrupt source starts alone, so that the first blocks (with the bad one) are certainly its own
            assertThat(Nodes.await(() -> store.wroteAt(0), Duration.ofSeconds(20))).isTrue();
            leecher.adapter().node().addSource(honestShare.content().ed2k(),
                    new InetSocketAddress("127.0.0.1", honest.tcpPort()), "test");

            assertThat(Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                    Duration.ofSeconds(60))).as("verified %d of %d; sources %s", store.verifiedBytes(), size,
                    leecher.adapter().node().sources(honestShare.content().ed2k())).isTrue();
            assertThat(store.delegate.data()).isEqualTo(data);

            // the store heard of one bad AICH block and of no whole corrupt part
            assertThat(store.delegate.corruptUnits()).singleElement().satisfies(u -> {
                assertThat(u.kind()).isEqualTo("aich-block");
                assertThat(u.offset()).isZero();
                assertThat(u.length()).isEqualTo(BLOCK);
            });
            // block writes (runs of whole AICH blocks, not the few bytes kept around a dropped range) into part 0:
            // the part once, plus the bad block again
            long part0 = AichTree.PART_SIZE;
            long fetched = 0;
            List<long[]> refetches = new ArrayList<>();
            List<long[]> writes = store.writes();
            boolean seenZero = false;
            for (long[] w : writes) {
                if (w[0] < part0 && w[1] >= BLOCK - 50_000) {
                    fetched += w[1];
                    if (w[0] == 0 && seenZero) {
                        refetches.add(w);
                    }
                    seenZero |= w[0] == 0;
                }
            }
            assertThat(fetched).as("bytes fetched into part 0").isEqualTo(part0 + BLOCK);
            assertThat(refetches).singleElement().satisfies(w -> assertThat(w[1]).isEqualTo(BLOCK));
            // the corrupt source is dropped, named by AICH
            assertThat(leecher.adapter().node().sources(honestShare.content().ed2k()))
                    .anySatisfy(s -> assertThat(s).contains(":" + liar.tcpPort()).contains("DROPPED")
                            .contains("corrupt AICH blocks of part 0"));
            assertThat(leecher.adapter().node().closeCounts().getOrDefault(CloseReason.CORRUPT_DATA, 0L))
                    .isGreaterThan(corruptBefore);
            assertThat(sink.failure()).isEmpty();
            session.close();
        }
    }

    /** The test store, recording every write's offset and length. */
    static final class RecordingStore implements StoredContent {
        final InMemoryStoredContent delegate;
        private final List<long[]> writes = new ArrayList<>();

        RecordingStore(InMemoryStoredContent delegate) {
            this.delegate = delegate;
        }

        synchronized List<long[]> writes() {
            return new ArrayList<>(writes);
        }

        synchronized boolean wroteAt(long offset) {
            return writes.stream().anyMatch(w -> w[0] == offset);
        }

        long verifiedBytes() {
            return delegate.verifiedBytes();
        }

        @Override
        public org.crossnet.spi.model.TransferId transfer() {
            return delegate.transfer();
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public int blockCount() {
            return delegate.blockCount();
        }

        @Override
        public BitSet writtenBlocks() {
            return delegate.writtenBlocks();
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            synchronized (this) {
                writes.add(new long[] {offset, src.remaining()});
            }
            delegate.write(offset, src);
        }

        @Override
        public int read(long offset, ByteBuffer dst) {
            return delegate.read(offset, dst);
        }

        @Override
        public void markVerified(VerificationUnit unit) {
            delegate.markVerified(unit);
        }

        @Override
        public int markCorrupt(VerificationUnit unit) {
            return delegate.markCorrupt(unit);
        }

        @Override
        public boolean isVerified(long offset, long length) {
            return delegate.isVerified(offset, length);
        }

        @Override
        public long bytesVerified() {
            return delegate.bytesVerified();
        }
    }
}
