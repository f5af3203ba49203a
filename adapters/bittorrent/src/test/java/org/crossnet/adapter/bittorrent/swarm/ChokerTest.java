package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.CallLog;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The choker of a downloading torrent with two upload slots, driven tick by tick on a scripted clock: five scripted
 * peers, all interested in us; the ones that give us blocks get the regular slots, and the optimistic unchoke goes
 * round the others every 30 ticks, the longest-waiting first.
 */
class ChokerTest {
    static final int PIECE = 262_144;
    static final byte[] DATA = TestTorrents.data(32 * PIECE, 31);
    static final Metainfo META = TestTorrents.meta(TestTorrents.info("c.bin", DATA, PIECE));

    private ScriptedSwarm swarm;
    private Torrent torrent;
    private InMemoryStoredContent store;

    /** The defaults with {@code uploadSlots} and {@code snubTimeout}. */
    static BitTorrentConfig config(int uploadSlots, Duration snubTimeout) {
        BitTorrentConfig d = BitTorrentConfig.defaults();
        return new BitTorrentConfig("127.0.0.1", 0, d.maxPeersPerTorrent(), d.maxPeersGlobal(), 0, 0,
                d.requestQueueMin(), d.requestQueueMax(), d.servingQueueMax(), uploadSlots, d.maxFrameLength(),
                d.banAfterFailures(), d.connectTimeout(), snubTimeout, List.of());
    }

    /** A downloading torrent over {@link #DATA} in {@code swarm}, started. */
    static Torrent downloading(ScriptedSwarm swarm, InMemoryStoredContent store) {
        Torrent t = Torrent.download(swarm, META.infoHash(), META, store, new RecordingDownloadSink());
        swarm.torrent = t;
        t.start();
        return t;
    }

    @BeforeEach
    void setUp() {
        swarm = new ScriptedSwarm(config(2, Duration.ofSeconds(60)));
        store = new InMemoryStoredContent(TransferId.random(), DATA.length, new CallLog());
        torrent = downloading(swarm, store);
    }

    @AfterEach
    void tearDown() {
        swarm.close();
    }

    private Torrent.PeerStatus status(ScriptedPeer p) {
        return torrent.peers().stream().filter(s -> s.address().equals(p.address())).findFirst().orElseThrow();
    }

    private Set<InetSocketAddress> unchoked() {
        return torrent.peers().stream().filter(s -> !s.choked()).map(Torrent.PeerStatus::address)
                .collect(Collectors.toSet());
    }

    private InetSocketAddress optimistic() {
        return torrent.peers().stream().filter(Torrent.PeerStatus::optimistic).map(Torrent.PeerStatus::address)
                .findFirst().orElse(null);
    }

    /** Ticks {@code n} times; before each tick every giver answers its share of our requests. */
    private void run(int n, List<ScriptedPeer> givers, List<Integer> blocksPerTick) {
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < givers.size(); g++) {
                givers.get(g).answer(blocksPerTick.get(g), DATA, PIECE);
            }
            swarm.tick(1);
        }
    }

    @Test
    void fastestGiversGetTheRegularSlotsAndTheOptimisticUnchokeRotatesEveryThirtyTicks() {
        ScriptedPeer[] p = new ScriptedPeer[5];
        for (int i = 0; i < 5; i++) {
            p[i] = ScriptedPeer.connect(swarm, "10.0.0." + (i + 1), 40_000 + i);
            p[i].send(new PeerMessage.HaveAll(), new PeerMessage.Interested());
        }
        // p3 and p4 give us blocks (2 and 1 per tick); p0..p2 keep choking us and give nothing
        p[3].send(new PeerMessage.Unchoke());
        p[4].send(new PeerMessage.Unchoke());
        assertThat(p[3].pending).as("we request from the peers that unchoke us").isNotEmpty();
        assertThat(unchoked()).as("interest is answered at once while slots are free").hasSize(3);

        run(10, List.of(p[3], p[4]), List.of(2, 1));

        assertThat(unchoked()).as("tick 10: two regular slots by rate, plus the optimistic unchoke")
                .containsExactlyInAnyOrder(p[3].address(), p[4].address(), p[0].address());
        assertThat(optimistic()).as("the longest-waiting choked peer: none had a turn, so the first").isEqualTo(
                p[0].address());
        assertThat(status(p[3]).optimistic()).isFalse();
        assertThat(status(p[3]).downRate()).isGreaterThan(status(p[4]).downRate());
        assertThat(p[1].unchokedByUs()).as("p1 was unchoked on interest, then choked at the rechoke").isFalse();
        assertThat(p[1].receivedOf(PeerMessage.Choke.class)).hasSize(1);
        assertThat(p[3].unchokedByUs()).isTrue();

        run(19, List.of(p[3], p[4]), List.of(2, 1));
        assertThat(optimistic()).as("tick 29: unchanged within its 30 ticks").isEqualTo(p[0].address());

        run(1, List.of(p[3], p[4]), List.of(2, 1));
        assertThat(optimistic()).as("tick 30: the next who waited longest").isEqualTo(p[1].address());
        assertThat(p[0].unchokedByUs()).isFalse();
        assertThat(p[1].unchokedByUs()).isTrue();
        assertThat(unchoked()).containsExactlyInAnyOrder(p[3].address(), p[4].address(), p[1].address());

        // p1 uses its turn: it unchokes us and gives 4 blocks a tick, more than p4's 1
        p[1].send(new PeerMessage.Unchoke());
        run(10, List.of(p[3], p[4], p[1]), List.of(2, 1, 4));
        assertThat(unchoked()).as("tick 40: p1 earned a regular slot, p4 lost its own")
                .contains(p[1].address(), p[3].address()).doesNotContain(p[4].address());
        assertThat(status(p[1]).optimistic()).isFalse();
        assertThat(optimistic()).as("p1's optimistic turn passed on at once, to p2 who never had one")
                .isEqualTo(p[2].address());

        run(20, List.of(p[3], p[4], p[1]), List.of(2, 1, 4));
        assertThat(optimistic()).as("tick 60: p4 never had a turn; p0 had one at tick 10").isEqualTo(p[4].address());
        run(30, List.of(p[3], p[4], p[1]), List.of(2, 1, 4));
        assertThat(optimistic()).as("tick 90: p0, whose turn is the oldest").isEqualTo(p[0].address());
        assertThat(store.corruptUnits()).isEmpty();
        assertThat(store.verifiedBytes()).isPositive();
    }

    @Test
    void aSeedingTorrentRanksByWhatPeersTakeFromUs() {
        ScriptedSwarm seedSwarm = new ScriptedSwarm(config(1, Duration.ofSeconds(60)));
        Torrent seed = Torrent.seed(seedSwarm, META, (offset, dst) -> dst.put(DATA, (int) offset, dst.remaining()));
        seedSwarm.torrent = seed;
        seed.start();
        ScriptedPeer idle = ScriptedPeer.connect(seedSwarm, "10.0.1.1", 40_001);
        ScriptedPeer idle2 = ScriptedPeer.connect(seedSwarm, "10.0.1.2", 40_002);
        ScriptedPeer taker = ScriptedPeer.connect(seedSwarm, "10.0.1.3", 40_003);
        for (ScriptedPeer p : List.of(idle, idle2, taker)) {
            p.send(new PeerMessage.HaveNone(), new PeerMessage.Interested());
        }
        assertThat(taker.unchokedByUs()).as("third interested peer: the slot and the optimistic one are taken")
                .isFalse();
        int next = 0;
        for (int tick = 1; tick <= 40; tick++) {
            if (taker.unchokedByUs()) { // it takes 2 blocks a tick whenever it may
                taker.send(new PeerMessage.Request(next % 32, 0, 16_384),
                        new PeerMessage.Request(next % 32, 16_384, 16_384));
                next++;
            }
            seedSwarm.tick(1);
            if (tick == 10) {
                assertThat(idle.unchokedByUs()).as("tick 10: all rates 0, the slot by order").isTrue();
                assertThat(idle2.unchokedByUs()).as("tick 10: optimistic").isTrue();
                assertThat(taker.unchokedByUs()).isFalse();
            }
            if (tick == 30) {
                assertThat(taker.unchokedByUs()).as("tick 30: the optimistic turn passes to the taker").isTrue();
                assertThat(idle2.unchokedByUs()).isFalse();
            }
        }
        assertThat(taker.receivedOf(PeerMessage.Piece.class)).hasSize(2 * next);
        Torrent.PeerStatus takerStatus = seed.peers().stream().filter(s -> s.address().equals(taker.address()))
                .findFirst().orElseThrow();
        assertThat(takerStatus.upRate()).isPositive();
        assertThat(takerStatus.choked()).as("tick 40: the slot goes to the peer that takes the most").isFalse();
        assertThat(takerStatus.optimistic()).isFalse();
        assertThat(idle.unchokedByUs()).as("tick 40: the optimistic turn, to the peer that never had one").isTrue();
        assertThat(idle2.unchokedByUs()).isFalse();
        seedSwarm.close();
    }
}
