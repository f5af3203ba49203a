package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crossnet.adapter.bittorrent.codec.ExtendedHandshake;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerWire;
import org.crossnet.adapter.bittorrent.codec.PexMessage;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.CallLog;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PEX sending (BEP 11) on a scripted clock: every 60 ticks each peer that negotiated ut_pex gets the listen addresses
 * of the other peers it was not told of yet, and those that left since; peers without ut_pex get nothing; a private
 * torrent (BEP 27) never offers ut_pex nor sends it.
 */
class PexSendTest {
    private static final int OUR_PEX_ID_AT_PEER = 7;
    private ScriptedSwarm swarm;

    @AfterEach
    void tearDown() {
        swarm.close();
    }

    private Torrent start(boolean privateFlag) {
        byte[] data = TestTorrents.data(8 * 16_384, 41);
        Metainfo meta = TestTorrents.meta(TestTorrents.info("x.bin", data, 16_384, privateFlag));
        swarm = new ScriptedSwarm(ChokerTest.config(4, Duration.ofSeconds(60)));
        Torrent t = Torrent.download(swarm, meta.infoHash(), meta, new InMemoryStoredContent(TransferId.random(),
                data.length, new CallLog()), new RecordingDownloadSink());
        swarm.torrent = t;
        t.start();
        return t;
    }

    /** A peer from {@code ip} that listens on {@code listenPort} and, when {@code pex}, speaks ut_pex. */
    private ScriptedPeer peer(String ip, int listenPort, boolean pex) {
        ScriptedPeer p = ScriptedPeer.connect(swarm, ip, 50_000 + listenPort % 1000);
        p.send(new PeerMessage.HaveNone());
        p.extendedHandshake(pex ? Map.of("ut_pex", OUR_PEX_ID_AT_PEER, "ut_metadata", 3) : Map.of("ut_metadata", 3),
                listenPort);
        return p;
    }

    private static List<PexMessage> pexReceived(ScriptedPeer p) {
        return p.receivedOf(PeerMessage.Extended.class).stream()
                .filter(e -> e.extendedId() == OUR_PEX_ID_AT_PEER)
                .map(e -> PexMessage.decode(e.payload())).toList();
    }

    private static ExtendedHandshake ourHandshake(ScriptedPeer p) {
        return p.receivedOf(PeerMessage.Extended.class).stream()
                .filter(e -> e.extendedId() == PeerWire.EXTENDED_HANDSHAKE)
                .map(e -> ExtendedHandshake.decode(e.payload())).findFirst().orElseThrow();
    }

    @Test
    void sendsAddedThenDroppedEverySixtySecondsOnlyToPeersThatNegotiatedIt() {
        start(false);
        ScriptedPeer a = peer("10.0.3.1", 7001, true);
        ScriptedPeer b = peer("10.0.3.2", 7002, true);
        ScriptedPeer c = peer("10.0.3.3", 7003, false);
        InetSocketAddress aListen = new InetSocketAddress("10.0.3.1", 7001);
        InetSocketAddress bListen = new InetSocketAddress("10.0.3.2", 7002);
        InetSocketAddress cListen = new InetSocketAddress("10.0.3.3", 7003);
        assertThat(ourHandshake(a).idOf("ut_pex")).as("we offer ut_pex").isEqualTo(PeerWire.UT_PEX_ID);

        swarm.tick(59);
        assertThat(pexReceived(a)).as("nothing before the first minute").isEmpty();
        swarm.tick(1);

        assertThat(pexReceived(a)).hasSize(1);
        assertThat(pexReceived(a).get(0).added()).containsExactlyInAnyOrder(bListen, cListen);
        assertThat(pexReceived(a).get(0).dropped()).isEmpty();
        assertThat(pexReceived(b)).hasSize(1);
        assertThat(pexReceived(b).get(0).added()).containsExactlyInAnyOrder(aListen, cListen);
        assertThat(c.receivedOf(PeerMessage.Extended.class)).as("c did not negotiate ut_pex: only our handshake")
                .hasSize(1);

        b.hangUp();
        swarm.tick(59);
        assertThat(pexReceived(a)).as("at most one message a minute").hasSize(1);
        swarm.tick(1);

        assertThat(pexReceived(a)).hasSize(2);
        assertThat(pexReceived(a).get(1).added()).as("told already").isEmpty();
        assertThat(pexReceived(a).get(1).dropped()).containsExactly(bListen);
        assertThat(c.receivedOf(PeerMessage.Extended.class)).hasSize(1);

        swarm.tick(60);
        assertThat(pexReceived(a)).as("nothing new: nothing sent").hasSize(2);
    }

    @Test
    void aPeerThatReconnectsWithinTheMinuteIsNotReportedDropped() {
        start(false);
        ScriptedPeer a = peer("10.0.4.1", 7001, true);
        ScriptedPeer b = peer("10.0.4.2", 7002, true);
        swarm.tick(60);
        assertThat(pexReceived(a)).hasSize(1);
        b.hangUp();
        peer("10.0.4.2", 7002, true);
        swarm.tick(60);
        assertThat(pexReceived(a)).as("b is connected again: neither added again nor dropped").hasSize(1);
    }

    @Test
    void privateTorrentNeitherOffersNorSendsPex() {
        start(true);
        ScriptedPeer a = peer("10.0.5.1", 7001, true);
        ScriptedPeer b = peer("10.0.5.2", 7002, true);
        assertThat(ourHandshake(a).idOf("ut_pex")).as("ut_pex not offered (BEP 27)").isZero();
        assertThat(ourHandshake(a).idOf("ut_metadata")).isEqualTo(PeerWire.UT_METADATA_ID);

        swarm.tick(120);

        assertThat(pexReceived(a)).isEmpty();
        assertThat(pexReceived(b)).isEmpty();
        // a peer that sends PEX anyway is not listened to
        a.send(new PeerMessage.Extended(PeerWire.UT_PEX_ID, new PexMessage(
                List.of(new InetSocketAddress("10.9.9.9", 6881)), org.crossnet.spi.model.Bytes.of(new byte[1]),
                List.of()).encode()));
        assertThat(swarm.dials).isEmpty();
    }

    @Test
    void peersLearntThroughPexAreDialledOnAPublicTorrent() {
        start(false);
        ScriptedPeer a = peer("10.0.6.1", 7001, true);
        a.send(new PeerMessage.Extended(PeerWire.UT_PEX_ID, new PexMessage(
                List.of(new InetSocketAddress("10.9.9.9", 6881)), org.crossnet.spi.model.Bytes.of(new byte[1]),
                List.of()).encode()));
        assertThat(swarm.dials).containsExactly(new InetSocketAddress("10.9.9.9", 6881));
    }
}
