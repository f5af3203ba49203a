package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageEncoder;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.adapter.gnutella.codec.VendorCode;
import org.crossnet.adapter.gnutella.codec.VendorMessage;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.RawPeer;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hops-Flow (BEAR/4) sending, as gtk-gnutella decides it: a scripted leaf with a small receive window asks our
 * ultrapeer many queries and reads nothing, so the hits back it up; our side then tells it Hops-Flow 0 (send no
 * queries), and once the leaf reads everything and our queue drains, Hops-Flow 255. The same from our leaf to a
 * scripted ultrapeer that floods it with queries. A leaf that did not announce the message in its Messages-Supported
 * gets none.
 */
class HopsFlowTest {
    private static final int QUERIES = 1500;

    @TempDir
    Path shares;

    private TestAdapterContext context;
    private GnutellaAdapter up;

    @BeforeEach
    void start() {
        context = TestAdapterContext.forNetwork("gnutella");
        up = (GnutellaAdapter) new GnutellaAdapterFactory().create(Nodes.config(GnutellaConfig.Role.ULTRAPEER,
                List.of()).withQueryRateLimit(10_000), context);
        up.start();
        shareTen(up);
    }

    /** Ten long names: every query below matches all of them, so each hit carries ten results (~2.5 KB). */
    private void shareTen(GnutellaAdapter adapter) {
        for (int i = 0; i < 10; i++) {
            adapter.publisher().orElseThrow().publish(TestShares.file(shares, "crossnet flowcontrol " + i + " "
                    + "x".repeat(180) + ".bin", 100, i));
        }
    }

    @AfterEach
    void stop() {
        up.close();
        context.close();
    }

    /** Connects as a leaf to our ultrapeer and floods it (see {@link #floodAndReadBack(RawPeer, List, int)}). */
    private List<Object> floodAndReadBack(List<VendorMessage.Supported> announced) throws IOException {
        try (RawPeer leaf = new RawPeer(up.listenPort(), 4096)) {
            HandshakeBlock answer = leaf.handshake(false, "");
            assertThat(answer.statusCode()).isEqualTo(200);
            return floodAndReadBack(leaf, announced, 0);
        }
    }

    /**
     * Announces what {@code announced} lists, floods queries (hops as the peer's role sends them), reads nothing for a
     * while, then reads everything up to the marker query's hit and, when Hops-Flow was announced, the Hops-Flow
     * that follows it.
     */
    private static List<Object> floodAndReadBack(RawPeer peer, List<VendorMessage.Supported> announced, int hops)
            throws IOException {
        peer.send(new Message(Guid.random(), 1, 0, VendorMessage.of(VendorCode.NULL,
                VendorMessage.MESSAGES_SUPPORTED, 0, new VendorMessage.MessagesSupported(announced))));
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < QUERIES; i++) {
            flood.writeBytes(GnutellaMessageEncoder.toBytes(new Message(Guid.random(), 1, hops,
                    Query.of(Query.FLAG_MARK, "crossnet flowcontrol"))));
        }
        Message marker = new Message(Guid.random(), 1, hops, Query.of(Query.FLAG_MARK, "crossnet flowcontrol"));
        flood.writeBytes(GnutellaMessageEncoder.toBytes(marker));
        peer.write(flood.toByteArray());
        // read nothing for a while: the hits back up into the node's socket buffer and queue
        pause(1500);

        boolean expectResume = announced.stream().anyMatch(s -> s.vendor().equals(VendorCode.BEAR)
                && s.selector() == VendorMessage.HOPS_FLOW);
        List<Object> received = new ArrayList<>();
        boolean markerSeen = false;
        boolean resumed = false;
        // read to the marker's hit (the newest reply, never the one dropped), then for a Hops-Flow that follows
        while (!markerSeen || !resumed) {
            Object o;
            try {
                o = peer.readMessage();
            } catch (java.net.SocketTimeoutException quiet) {
                break;
            }
            if (o == null) {
                break;
            }
            received.add(o);
            if (o instanceof Message m && m.payload() instanceof QueryHit && m.guid().equals(marker.guid())) {
                markerSeen = true;
                resumed = !expectResume || hopsFlows(received).contains(255);
            } else if (markerSeen && hopsFlows(received).contains(255)) {
                resumed = true;
            }
        }
        assertThat(markerSeen).as("the marker query's hit arrived").isTrue();
        return received;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<Integer> hopsFlows(List<Object> messages) {
        List<Integer> hops = new ArrayList<>();
        for (Object o : messages) {
            if (o instanceof Message m && m.payload() instanceof VendorMessage v
                    && v.body() instanceof VendorMessage.HopsFlow flow) {
                hops.add(flow.hops());
            }
        }
        return hops;
    }

    private static int indexOfHopsFlow(List<Object> messages, int hops) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof Message m && m.payload() instanceof VendorMessage v
                    && v.body() instanceof VendorMessage.HopsFlow flow && flow.hops() == hops) {
                return i;
            }
        }
        return -1;
    }

    private static long hitsAfter(List<Object> messages, int index) {
        return messages.subList(index + 1, messages.size()).stream()
                .filter(o -> o instanceof Message m && m.payload() instanceof QueryHit).count();
    }

    @Test
    void aBackedUpLinkPausesTheLeafsQueriesAndResumesThemOnceDrained() throws IOException {
        List<Object> received = floodAndReadBack(List.of(
                new VendorMessage.Supported(VendorCode.BEAR, VendorMessage.HOPS_FLOW, 1)));

        assertThat(hopsFlows(received)).as("one pause, one resumption").containsExactly(0, 255);
        int paused = indexOfHopsFlow(received, 0);
        int resumed = indexOfHopsFlow(received, 255);
        assertThat(paused).isLessThan(resumed);
        // the pause went out ahead of the hits still queued on our side; the resumption after the last of them
        assertThat(hitsAfter(received, paused)).isPositive();
        assertThat(hitsAfter(received, resumed)).isZero();
        Message pause = (Message) received.get(paused);
        assertThat(pause.ttl()).isEqualTo(1);
        assertThat(pause.hops()).isZero();
        assertThat(((VendorMessage) pause.payload()).version()).isEqualTo(1);
    }

    @Test
    void ourLeafPausesItsUltrapeersQueriesWhileItsLinkIsBackedUp() throws IOException {
        TestAdapterContext leafContext = TestAdapterContext.forNetwork("gnutella");
        try (ServerSocket scripted = new ServerSocket()) {
            scripted.setReceiveBufferSize(4096);
            scripted.bind(new InetSocketAddress("127.0.0.1", 0));
            GnutellaAdapter leaf = (GnutellaAdapter) new GnutellaAdapterFactory().create(Nodes.config(
                    GnutellaConfig.Role.LEAF, List.of("127.0.0.1:" + scripted.getLocalPort()))
                    .withQueryRateLimit(10_000).withCompression(false), leafContext);
            try {
                leaf.start();
                shareTen(leaf);
                try (RawPeer ultrapeer = RawPeer.accept(scripted)) {
                    assertThat(ultrapeer.answerAsUltrapeer().headers().ultrapeer()).contains(false);
                    List<Object> received = floodAndReadBack(ultrapeer, List.of(
                            new VendorMessage.Supported(VendorCode.BEAR, VendorMessage.HOPS_FLOW, 1)), 1);

                    assertThat(hopsFlows(received)).containsExactly(0, 255);
                    assertThat(indexOfHopsFlow(received, 0)).isLessThan(indexOfHopsFlow(received, 255));
                    assertThat(hitsAfter(received, indexOfHopsFlow(received, 255))).isZero();
                }
            } finally {
                leaf.close();
            }
        } finally {
            leafContext.close();
        }
    }

    @Test
    void aLeafThatDidNotAnnounceHopsFlowGetsNone() throws IOException {
        List<Object> received = floodAndReadBack(List.of(
                new VendorMessage.Supported(VendorCode.BEAR, VendorMessage.TCP_CONNECT_BACK, 1)));

        assertThat(received.stream().filter(o -> o instanceof Message m && m.payload() instanceof QueryHit).count())
                .as("the link did back up: hits were queued and some dropped").isLessThan(QUERIES + 1);
        assertThat(hopsFlows(received)).isEmpty();
    }
}
