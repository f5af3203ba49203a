package org.crossnet.adapter.gnutella.http.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmTest {
    private static final int P = 1000;
    private static final Swarm.PieceCheck NONE_VERIFIED = (offset, length) -> false;

    @Test
    void claimsSpreadTheWorkOverTheSources() {
        Swarm s = new Swarm(10 * P + 1, P);
        Swarm.Run a = s.claim(0, 100 * P, 2, NONE_VERIFIED);
        Swarm.Run b = s.claim(1, 100 * P, 2, NONE_VERIFIED);
        // 11 pieces over 2 sources: a quarter each at first, so the tail is shared out later.
        assertThat(a.start).isZero();
        assertThat(a.end).isEqualTo(3 * P);
        assertThat(b.start).isEqualTo(3 * P);
        Swarm.Run capped = s.claim(0, P, 2, NONE_VERIFIED);
        assertThat(capped.start).isEqualTo(5 * P);
        assertThat(capped.end).isEqualTo(6 * P);
    }

    @Test
    void piecesCompleteWhenWrittenAndReturnWhenARunIsReleased() {
        Swarm s = new Swarm(3 * P + 10, P);
        Swarm.Run r = s.claim(7, 10 * P, 1, NONE_VERIFIED);
        assertThat(r.end).isEqualTo(3 * P + 10);
        assertThat(s.accept(r, 1500)).isEqualTo(1500);
        assertThat(s.written(r, 1500)).containsExactly(0);
        s.release(r);
        assertThat(s.complete()).isFalse();
        assertThat(s.missingBytes()).isEqualTo(2 * P + 10);
        Swarm.Run again = s.claim(8, 10 * P, 1, NONE_VERIFIED);
        assertThat(again.start).isEqualTo(P);
        s.accept(again, again.end - again.start);
        assertThat(s.written(again, again.end)).containsExactly(1, 2, 3);
        assertThat(s.complete()).isTrue();
        assertThat(s.unverifiedByOwner()).isEqualTo(Map.of(7, (long) P, 8, 2L * P + 10));
    }

    @Test
    void anIdleSourceTakesTheUpperHalfOfTheLargestRunInFlight() {
        Swarm s = new Swarm(8 * P, P);
        Swarm.Run slow = s.claim(0, 8 * P, 1, NONE_VERIFIED);
        s.accept(slow, 1200);
        Swarm.Run fast = s.claim(1, 8 * P, 2, NONE_VERIFIED);
        // Pieces 2..7 untouched: the fast source takes 5..7.
        assertThat(fast.start).isEqualTo(5 * P);
        assertThat(fast.end).isEqualTo(8 * P);
        assertThat(slow.end).isEqualTo(5 * P);
        assertThat(s.accept(slow, 5000)).as("the slow source stops at its new end").isEqualTo(5 * P - 1200);
        assertThat(s.hasWorkFor(2)).isTrue();
    }

    @Test
    void aShortResponseReturnsTheRestOfTheRun() {
        Swarm s = new Swarm(4 * P, P);
        Swarm.Run r = s.claim(0, 4 * P, 1, NONE_VERIFIED);
        s.shorten(r, 1500);
        s.accept(r, 1500);
        s.written(r, 1500);
        s.release(r);
        assertThat(s.missingBytes()).isEqualTo(3 * P);
        assertThat(s.claim(1, 4 * P, 1, NONE_VERIFIED).start).isEqualTo(P);
    }

    @Test
    void piecesVerifiedElsewhereAreSkipped() {
        Swarm s = new Swarm(4 * P, P);
        Swarm.Run r = s.claim(0, 4 * P, 1, (offset, length) -> offset < 2 * P);
        assertThat(r.start).isEqualTo(2 * P);
        assertThat(s.missingBytes()).isEqualTo(2 * P);
    }

    @Test
    void badNodesReturnTheirPiecesAndNameTheirOwners() {
        Swarm s = new Swarm(8 * P, P);
        s.nodes(4 * P);
        Swarm.Run a = s.claim(0, 4 * P, 1, NONE_VERIFIED);
        Swarm.Run b = s.claim(1, 4 * P, 1, NONE_VERIFIED);
        assertThat(b.start).isEqualTo(4 * P);
        s.accept(a, 2 * P);
        List<Integer> first = s.written(a, 2 * P);
        assertThat(s.readyNodes(first)).isEmpty();
        s.accept(a, 2 * P);
        assertThat(s.readyNodes(s.written(a, 4 * P))).containsExactly(0);
        s.accept(b, 4 * P);
        assertThat(s.readyNodes(s.written(b, 8 * P))).containsExactly(1);
        assertThat(s.checking()).isTrue();
        s.nodeOk(0);
        assertThat(s.nodeBad(1)).containsExactly(1);
        assertThat(s.complete()).isFalse();
        assertThat(s.missingBytes()).isEqualTo(4 * P);
        assertThat(s.allNodesOk()).isFalse();
        assertThat(s.unverifiedByOwner()).isEmpty();
    }

    @Test
    void onceNodesAreKnownRunsEndAndSplitOnNodeBoundaries() {
        Swarm s = new Swarm(16 * P, P);
        s.nodes(4 * P);
        // One piece of budget still runs on to the end of its node.
        Swarm.Run a = s.claim(0, P, 1, NONE_VERIFIED);
        assertThat(a.end).isEqualTo(4 * P);
        Swarm.Run b = s.claim(1, 12 * P, 1, NONE_VERIFIED);
        assertThat(b.start).isEqualTo(4 * P);
        assertThat(b.end).isEqualTo(16 * P);
        s.accept(b, P);
        // Untouched pieces of b are 5..15; half way is 10, the node boundary above it 12.
        Swarm.Run c = s.claim(2, 16 * P, 3, NONE_VERIFIED);
        assertThat(c.start).isEqualTo(12 * P);
        assertThat(b.end).isEqualTo(12 * P);
    }

    @Test
    void discardedPiecesAreFetchedFromOtherSourcesOnly() {
        Swarm s = new Swarm(2 * P, P);
        Swarm.Run r = s.claim(3, 2 * P, 1, NONE_VERIFIED);
        s.accept(r, 2 * P);
        s.written(r, 2 * P);
        s.release(r);
        assertThat(s.discard(3)).containsExactly(0, 1);
        assertThat(s.claim(3, 2 * P, 1, NONE_VERIFIED)).isNull();
        assertThat(s.hasWorkFor(3)).isFalse();
        assertThat(s.claim(4, 2 * P, 1, NONE_VERIFIED).start).isZero();
        s.pardon(3);
        assertThat(s.hasWorkFor(3)).as("may now take the upper half of 4's run").isTrue();
    }
}
