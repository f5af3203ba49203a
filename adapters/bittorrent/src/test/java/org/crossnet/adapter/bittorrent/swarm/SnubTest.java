package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.CallLog;
import org.crossnet.testkit.InMemoryStoredContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snubbed-peer detection on a scripted clock (snub timeout 60 s, two upload slots): a peer that unchokes us and then
 * sends no block for 60 s is snubbed. Its requests are cancelled and go to another peer, it gets one request at a
 * time, it loses its tit-for-tat slot (it may still get the optimistic one), and a block from it lifts the snub.
 */
class SnubTest {
    private ScriptedSwarm swarm;
    private Torrent torrent;
    private InMemoryStoredContent store;

    @BeforeEach
    void setUp() {
        swarm = new ScriptedSwarm(ChokerTest.config(2, Duration.ofSeconds(60)));
        store = new InMemoryStoredContent(TransferId.random(), ChokerTest.DATA.length, new CallLog());
        torrent = ChokerTest.downloading(swarm, store);
    }

    @AfterEach
    void tearDown() {
        swarm.close();
    }

    private Torrent.PeerStatus status(ScriptedPeer p) {
        return torrent.peers().stream().filter(s -> s.address().equals(p.address())).findFirst().orElseThrow();
    }

    /** Keys "piece/begin" of {@code requests}. */
    private static List<String> keys(List<? extends PeerMessage> messages) {
        List<String> out = new ArrayList<>();
        for (PeerMessage m : messages) {
            if (m instanceof PeerMessage.Request r) {
                out.add(r.piece() + "/" + r.begin());
            } else if (m instanceof PeerMessage.Cancel c) {
                out.add(c.piece() + "/" + c.begin());
            }
        }
        return out;
    }

    @Test
    void silentPeerIsSnubbedAfterSixtySecondsThenGetsOneRequestAndNoRegularSlot() {
        ScriptedPeer silent = ScriptedPeer.connect(swarm, "10.0.2.1", 40_001);
        ScriptedPeer giver = ScriptedPeer.connect(swarm, "10.0.2.2", 40_002);
        ScriptedPeer idle = ScriptedPeer.connect(swarm, "10.0.2.3", 40_003);
        for (ScriptedPeer p : List.of(silent, giver, idle)) {
            p.send(new PeerMessage.HaveAll(), new PeerMessage.Interested());
        }
        silent.send(new PeerMessage.Unchoke());
        giver.send(new PeerMessage.Unchoke());
        int depth = swarm.config().requestQueueMin();
        assertThat(silent.pending).hasSize(depth);

        for (int tick = 1; tick <= 60; tick++) {
            giver.answer(2, ChokerTest.DATA, ChokerTest.PIECE);
            swarm.tick(1);
        }
        assertThat(status(silent).snubbed()).as("exactly 60 s without a block: not yet").isFalse();
        assertThat(status(silent).choked()).as("tick 60: rate 0 like the idle peer, the second slot by order")
                .isFalse();
        assertThat(status(silent).optimistic()).isFalse();
        int requestsBefore = silent.receivedOf(PeerMessage.Request.class).size();

        giver.answer(2, ChokerTest.DATA, ChokerTest.PIECE);
        swarm.tick(1);

        Torrent.PeerStatus snubbed = status(silent);
        assertThat(snubbed.snubbed()).as("tick 61: more than 60 s without a block").isTrue();
        List<PeerMessage.Cancel> cancels = silent.receivedOf(PeerMessage.Cancel.class);
        assertThat(cancels).as("every outstanding request cancelled").hasSize(depth);
        assertThat(snubbed.requests()).as("one request to prove itself with").isEqualTo(1);
        assertThat(silent.receivedOf(PeerMessage.Request.class)).hasSize(requestsBefore + 1);
        assertThat(swarm.log).anyMatch(l -> l.contains("snubbed us"));

        for (int tick = 62; tick <= 100; tick++) {
            giver.answer(2, ChokerTest.DATA, ChokerTest.PIECE);
            swarm.tick(1);
            Torrent.PeerStatus s = status(silent);
            assertThat(s.requests()).as("tick %d: never more than one request", tick).isLessThanOrEqualTo(1);
            if (tick % 10 == 0) {
                assertThat(s.choked() || s.optimistic()).as("tick %d: no regular slot while snubbed", tick).isTrue();
                assertThat(status(idle).choked()).as("tick %d: the idle peer has the slot instead", tick).isFalse();
            }
        }
        assertThat(silent.receivedOf(PeerMessage.Request.class)).as("no other request within the next 60 s")
                .hasSize(requestsBefore + 1);
        List<String> released = keys(cancels);
        List<String> askedAgain = new ArrayList<>(keys(giver.received));
        askedAgain.addAll(keys(silent.receivedOf(PeerMessage.Request.class).subList(requestsBefore,
                requestsBefore + 1)));
        assertThat(askedAgain).as("the cancelled blocks were requested again").containsAll(released);

        silent.answer(1, ChokerTest.DATA, ChokerTest.PIECE);
        swarm.tick(1);
        assertThat(status(silent).snubbed()).as("a block lifts the snub").isFalse();
        assertThat(status(silent).requests()).as("its queue grows again").isEqualTo(depth);
        assertThat(store.corruptUnits()).isEmpty();
    }
}
