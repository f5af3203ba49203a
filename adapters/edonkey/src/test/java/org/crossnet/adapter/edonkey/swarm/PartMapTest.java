package org.crossnet.adapter.edonkey.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.storage.Ed2kHashes;
import org.junit.jupiter.api.Test;

/** Block geometry at part boundaries and the picker's preferences. */
class PartMapTest {
    private static final long PART = 9_728_000L;

    @Test
    void blocksNeverCrossAPartAndCoverTheFile() {
        for (long size : new long[] {1, 184_320, PART - 1, PART, PART + 1, 3 * PART, 3 * PART + 5}) {
            PartMap m = new PartMap(size, 552_960);
            long covered = 0;
            for (int i = 0; i < m.blockCount(); i++) {
                PartMap.Block b = m.block(i);
                assertThat(b.start() / PART).isEqualTo(b.part());
                assertThat((b.end() - 1) / PART).isEqualTo(b.part());
                assertThat(b.start()).isEqualTo(covered);
                covered = b.end();
            }
            assertThat(covered).isEqualTo(size);
            assertThat(m.parts()).isEqualTo(Ed2kHashes.dataParts(size));
            // status parts: size / PART + 1 (an exact multiple has an empty last "part")
            assertThat(m.status().count()).isEqualTo(Ed2kHashes.statusParts(size));
        }
    }

    @Test
    void hashsetSizesFollowTheEd2kRules() {
        assertThat(Ed2kHashes.hashsetSize(PART - 1)).isZero();
        assertThat(Ed2kHashes.hashsetSize(PART)).isEqualTo(2);
        assertThat(Ed2kHashes.hashsetSize(2 * PART + 1)).isEqualTo(3);
        // exact multiple: the extra hash is MD4 of nothing
        byte[] data = new byte[(int) PART];
        Ed2kHashes.FileHashes h = Ed2kHashes.of(data);
        assertThat(h.parts()).hasSize(2);
        assertThat(h.parts().get(1).bytes().hex()).isEqualTo("31d6cfe0d16ae931b73c59d7e0c089c0");
        assertThat(Ed2kHashes.root(h.parts())).isEqualTo(h.file());
    }

    @Test
    void pickerKeepsASourceOnItsPartAndSpreadsOthersToRareParts() {
        PartMap m = new PartMap(3 * PART, 552_960);
        PartStatus all = PartStatus.complete();
        BitSet onlyFirst = new BitSet();
        onlyFirst.set(0);
        BitSet firstTwo = new BitSet();
        firstTwo.set(0, 2);
        m.availability(new PartStatus(4, onlyFirst), 1);
        m.availability(new PartStatus(4, firstTwo), 1);
        m.availability(all, 1);
        Object a = "a";
        Object b = "b";
        // part 2 is the rarest (one source)
        PartMap.Block first = m.pick(all, a);
        assertThat(first.part()).isEqualTo(2);
        m.requested(first.index(), a);
        // a stays on its part
        assertThat(m.pick(all, a).part()).isEqualTo(2);
        // b goes to the rarest part nobody works on: part 1
        assertThat(m.pick(all, b).part()).isEqualTo(1);
        // a source with part 0 only gets part 0
        assertThat(m.pick(new PartStatus(4, onlyFirst), "c").part()).isZero();
    }

    @Test
    void corruptPartBecomesMissingAndNamesItsContributors() {
        PartMap m = new PartMap(PART + 10, 552_960);
        for (PartMap.Block blk : m.blocksOf(0)) {
            m.written(blk.index(), blk.index() % 2 == 0 ? "a" : "b");
        }
        assertThat(m.partWritten(0)).isTrue();
        assertThat(m.corrupt(0)).containsExactlyInAnyOrder("a", "b");
        assertThat(m.blocksOf(0)).allSatisfy(blk -> assertThat(m.state(blk.index())).isEqualTo(PartMap.State.MISSING));
        for (PartMap.Block blk : m.blocksOf(1)) {
            m.written(blk.index(), "a");
        }
        m.verified(1);
        assertThat(m.partVerified(1)).isTrue();
        assertThat(m.verifiedBytes()).isEqualTo(10);
        assertThat(m.status().has(1)).isTrue();
        assertThat(m.status().has(0)).isFalse();
    }

    @Test
    void requestsAreRunsOfWholeAichBlocksWithinOnePart() {
        PartMap m = new PartMap(PART + 10, 552_960);
        PartMap.Block run = m.pick(PartStatus.complete(), "a");
        assertThat(run.count()).isEqualTo(3);
        assertThat(run.start()).isZero();
        assertThat(run.length()).isEqualTo(552_960);
        m.requested(run, "a");
        assertThat(m.state(2)).isEqualTo(PartMap.State.REQUESTED);
        // a part's last run ends at the part: 52 full blocks and one of 143,360
        for (int i = 0; i < 16; i++) {
            m.requested(m.pick(PartStatus.complete(), "a"), "a");
        }
        PartMap.Block last = m.pick(PartStatus.complete(), "a");
        assertThat(last.count()).isEqualTo(2);
        assertThat(last.end()).isEqualTo(PART);
        assertThat(last.length()).isEqualTo(184_320 + 143_360);
        // a request size below one AICH block still asks for one whole block
        assertThat(new PartMap(PART, 100_000).pick(PartStatus.complete(), "b").length()).isEqualTo(184_320);
    }

    @Test
    void aichRecoverySendsOnlyTheBadBlocksBackAndNamesTheirSources() {
        PartMap m = new PartMap(PART, 552_960);
        for (PartMap.Block blk : m.blocksOf(0)) {
            m.written(blk.index(), blk.index() == 4 ? "bad" : "good");
        }
        assertThat(m.corruptBlocks(0, java.util.List.of(4))).containsExactly("bad");
        assertThat(m.state(4)).isEqualTo(PartMap.State.MISSING);
        assertThat(m.state(3)).isEqualTo(PartMap.State.WRITTEN);
        PartMap.Block again = m.pick(PartStatus.complete(), "c");
        assertThat(again.index()).isEqualTo(4);
        assertThat(again.count()).isEqualTo(1);
    }
}
