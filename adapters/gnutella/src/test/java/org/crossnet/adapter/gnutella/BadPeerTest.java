package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.crossnet.adapter.gnutella.codec.Extensions;
import org.crossnet.adapter.gnutella.codec.GnutellaMessageEncoder;
import org.crossnet.adapter.gnutella.codec.GnutellaWire;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.HandshakeBlock;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Ping;
import org.crossnet.adapter.gnutella.codec.Pong;
import org.crossnet.adapter.gnutella.codec.Push;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.adapter.gnutella.codec.RouteTableUpdate;
import org.crossnet.adapter.gnutella.codec.WireText;
import org.crossnet.adapter.gnutella.routing.DropReason;
import org.crossnet.adapter.gnutella.session.CloseReason;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.RawPeer;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.model.Bytes;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted raw peers misbehaving against one ultrapeer: each case is dropped or closed with its reason, and the
 * ultrapeer keeps serving. Also replays a recorded gtk-gnutella leaf session (handshake and zlib stream) into it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadPeerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path shares;

    private TestAdapterContext context;
    private GnutellaAdapter up;
    private GnutellaNode node;

    @BeforeAll
    void start() {
        context = TestAdapterContext.forNetwork("gnutella");
        up = (GnutellaAdapter) new GnutellaAdapterFactory().create(Nodes.config(GnutellaConfig.Role.ULTRAPEER,
                List.of()).withSlots(4, 2, 50), context);
        up.start();
        up.publisher().orElseThrow().publish(TestShares.file(shares, "crossnet-test-file.bin", 2000, 9));
        node = up.node();
    }

    @AfterAll
    void stop() {
        up.close();
        context.close();
    }

    private long drops(DropReason r) {
        return node.snapshot().drops(r);
    }

    private long closes(CloseReason r) {
        return node.snapshot().closes(r);
    }

    private RawPeer leaf() throws IOException {
        RawPeer p = new RawPeer(up.listenPort());
        HandshakeBlock answer = p.handshake(false, "");
        assertThat(answer.statusCode()).isEqualTo(200);
        return p;
    }

    /** The ultrapeer still answers a ping on this connection. */
    private static void stillServes(RawPeer p) throws IOException {
        Message ping = new Message(Guid.random(), 1, 0, Ping.plain());
        p.send(ping);
        Message pong = p.await(Pong.class);
        assertThat(pong).as("pong after the bad input").isNotNull();
        assertThat(pong.guid()).isEqualTo(ping.guid());
    }

    @Test
    void malformedHandshakeIsClosed() throws IOException {
        long before = closes(CloseReason.BAD_HANDSHAKE);
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write("GNUTELLA CONNECT/0.6\r\nthis line has no colon\r\n\r\n");
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.BAD_HANDSHAKE) > before, TIMEOUT)).isTrue();
    }

    @Test
    void oversizeHandshakeIsClosed() throws IOException {
        long before = closes(CloseReason.BAD_HANDSHAKE);
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write("GNUTELLA CONNECT/0.6\r\nX-Junk: " + "x".repeat(10_000));
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.BAD_HANDSHAKE) > before, TIMEOUT)).isTrue();
    }

    @Test
    void unknownProtocolIsClosed() throws IOException {
        long before = closes(CloseReason.UNKNOWN_PROTOCOL);
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write("SSH-2.0-OpenSSH\r\n");
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.UNKNOWN_PROTOCOL) > before, TIMEOUT)).isTrue();
    }

    @Test
    void httpRequestOnTheGnutellaPortReachesTheHttpEndpoint() throws IOException {
        long before = closes(CloseReason.UNKNOWN_PROTOCOL);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", up.listenPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET /uri-res/N2R?urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R HTTP/1.1\r\n"
                    + "Host: x\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder status = new StringBuilder();
            for (int c = s.getInputStream().read(); c >= 0 && c != '\r'; c = s.getInputStream().read()) {
                status.append((char) c);
            }
            // Port unification handed it over: the endpoint answers (we share nothing by that SHA-1).
            assertThat(status.toString()).startsWith("HTTP/1.1 404");
        }
        assertThat(closes(CloseReason.UNKNOWN_PROTOCOL)).isEqualTo(before);
    }

    @Test
    void oldServentWithoutUltrapeerHeaderIsRefused() throws IOException {
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write("GNUTELLA CONNECT/0.6\r\nUser-Agent: Old/0.4\r\n\r\n");
            HandshakeBlock answer = p.readBlock();
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(p.closedWithin(5000)).isTrue();
        }
    }

    @Test
    void oversizePayloadClosesBeforeReadingIt() throws IOException {
        long before = closes(CloseReason.OVERSIZE_PAYLOAD);
        try (RawPeer p = leaf()) {
            byte[] header = GnutellaMessageEncoder.toBytes(new Message(Guid.random(), 1, 0, Ping.plain()));
            // Declare 16 MiB: the decoder refuses on the header alone.
            header[19] = 0;
            header[20] = 0;
            header[21] = 0;
            header[22] = 1;
            p.write(header);
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.OVERSIZE_PAYLOAD) > before, TIMEOUT)).isTrue();
    }

    @Test
    void deflateBombIsCut() throws IOException {
        long before = closes(CloseReason.DEFLATE_BOMB);
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write("GNUTELLA CONNECT/0.6\r\nX-Ultrapeer: False\r\nAccept-Encoding: deflate\r\n\r\n");
            assertThat(p.readBlock().statusCode()).isEqualTo(200);
            p.write("GNUTELLA/0.6 200 OK\r\nContent-Encoding: deflate\r\n\r\n");
            // 64 MiB of zeros deflate to about 64 KB: a thousandfold inflation.
            ByteArrayOutputStream bomb = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(bomb, new Deflater(9), 65536, true)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                    z.write(zeros);
                }
            }
            try {
                p.write(bomb.toByteArray());
            } catch (IOException cut) {
                // closed while we were still writing: the point
            }
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.DEFLATE_BOMB) > before, TIMEOUT)).isTrue();
    }

    @Test
    void ttlAbuseIsDroppedAndTheConnectionStays() throws IOException {
        long before = drops(DropReason.TTL_ABUSE);
        try (RawPeer p = leaf()) {
            p.send(new Message(Guid.random(), 200, 0, Query.of(0x8000, "crossnet")));
            p.send(new Message(Guid.random(), 7, 5, Query.of(0x8000, "crossnet")));
            stillServes(p);
        }
        assertThat(drops(DropReason.TTL_ABUSE)).isEqualTo(before + 2);
    }

    @Test
    void repliesWithUnknownGuidsAreDropped() throws IOException {
        long before = drops(DropReason.UNKNOWN_ROUTE);
        try (RawPeer p = leaf()) {
            QueryHit hit = new QueryHit(6346, (java.net.Inet4Address) InetAddress.getByName("127.0.0.1"), 100,
                    List.of(new QueryHit.Result(1, 10, WireText.of("x.bin"), Extensions.EMPTY)), null, Guid.random());
            p.send(new Message(Guid.random(), 3, 0, hit));
            p.send(new Message(Guid.random(), 3, 0, new Push(Guid.random(), 1,
                    (java.net.Inet4Address) InetAddress.getByName("127.0.0.1"), 6346, null)));
            p.send(new Message(Guid.random(), 1, 0, new Pong(6346,
                    (java.net.Inet4Address) InetAddress.getByName("127.0.0.1"), 0, 0, null)));
            stillServes(p);
        }
        assertThat(drops(DropReason.UNKNOWN_ROUTE)).isEqualTo(before + 3);
    }

    @Test
    void malformedMessagesAreDroppedThenTheConnectionIsClosed() throws IOException {
        long before = drops(DropReason.MALFORMED);
        long closedBefore = closes(CloseReason.PROTOCOL_VIOLATION);
        try (RawPeer p = leaf()) {
            byte[] query = GnutellaMessageEncoder.toBytes(new Message(Guid.random(), 1, 0,
                    Query.of(0x8000, "crossnet")));
            byte[] broken = Arrays.copyOf(query, query.length - 1);
            broken[19] = (byte) (broken.length - GnutellaWire.HEADER_LENGTH); // no NUL after the criteria now
            p.write(broken);
            stillServes(p);
            assertThat(drops(DropReason.MALFORMED)).isEqualTo(before + 1);
            for (int i = 0; i < 25; i++) {
                broken[0] = (byte) i;
                p.write(broken);
            }
            assertThat(p.closedWithin(5000)).isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.PROTOCOL_VIOLATION) > closedBefore, TIMEOUT)).isTrue();
    }

    @Test
    void brokenQrpSequenceClosesTheConnection() throws IOException {
        long before = closes(CloseReason.PROTOCOL_VIOLATION);
        try (RawPeer p = leaf()) {
            p.send(new Message(Guid.random(), 1, 0, new RouteTableUpdate.Patch(1, 1, 1, 4, Bytes.of(new byte[] {1}))));
            assertThat(p.closedWithin(5000)).as("patch before reset").isTrue();
        }
        assertThat(Wait.until(() -> closes(CloseReason.PROTOCOL_VIOLATION) > before, TIMEOUT)).isTrue();
    }

    @Test
    void unknownMessageTypesAreDropped() throws IOException {
        long before = drops(DropReason.UNKNOWN_TYPE);
        try (RawPeer p = leaf()) {
            byte[] ping = GnutellaMessageEncoder.toBytes(new Message(Guid.random(), 1, 0, Ping.plain()));
            ping[16] = (byte) 0x99;
            p.write(ping);
            stillServes(p);
        }
        assertThat(drops(DropReason.UNKNOWN_TYPE)).isEqualTo(before + 1);
    }

    @Test
    void duplicateQueriesAreDropped() throws IOException {
        long before = drops(DropReason.DUPLICATE);
        try (RawPeer p = leaf()) {
            Message q = new Message(Guid.random(), 1, 0, Query.of(0x8000, "nothing matches this"));
            p.send(q);
            p.send(q);
            stillServes(p);
        }
        assertThat(drops(DropReason.DUPLICATE)).isEqualTo(before + 1);
    }

    @Test
    void leafGetsHitsWithGgepHWhenItAsks() throws IOException {
        try (RawPeer p = leaf()) {
            Message q = new Message(Guid.random(), 1, 0, Query.of(Query.FLAG_MARK | Query.FLAG_GGEP_H, "crossnet"));
            p.send(q);
            Message hit = p.await(QueryHit.class);
            assertThat(hit.guid()).isEqualTo(q.guid());
            QueryHit.Result r = ((QueryHit) hit.payload()).results().get(0);
            assertThat(r.name().text()).isEqualTo("crossnet-test-file.bin");
            assertThat(r.extensions().ggep().get("H")).isPresent();
            assertThat(r.extensions().urns()).isEmpty();
            assertThat(r.sha1()).isPresent();
            // Plain HUGE when the query does not say it reads GGEP "H".
            Message plain = new Message(Guid.random(), 1, 0, Query.of(Query.FLAG_MARK, "crossnet test"));
            p.send(plain);
            QueryHit.Result r2 = ((QueryHit) p.await(QueryHit.class).payload()).results().get(0);
            assertThat(r2.extensions().urns()).hasSize(1);
            assertThat(r2.sha1()).isEqualTo(r.sha1());
        }
    }

    /**
     * Replays the B→A stream of the recorded deflate run (gtk-gnutella 1.2.3 as a leaf): its CONNECT, then, after
     * our answer, its confirmation and the zlib stream of its messages (ping, vendor messages, 1-bit QRP patches,
     * a leaf-guided query for "crossnet", HSEP, BYE). We answer the query from our share and see the BYE.
     */
    @Test
    void recordedGtkGnutellaLeafSessionIsServed() throws IOException {
        byte[] stream = org.crossnet.testkit.ProtocolVectors.load("gnutella", "streams/deflate_c01_B-A.raw");
        int firstBlockEnd = indexOf(stream, "\r\n\r\n".getBytes()) + 4;
        long byes = closes(CloseReason.REMOTE_BYE);
        try (RawPeer p = new RawPeer(up.listenPort())) {
            p.write(Arrays.copyOf(stream, firstBlockEnd));
            HandshakeBlock answer = p.readBlock();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().sendsDeflate()).as("we compress to a peer that accepts deflate").isTrue();
            assertThat(answer.headers().ultrapeer()).contains(true);
            p.inflateIn();
            p.write(Arrays.copyOfRange(stream, firstBlockEnd, stream.length));
            List<Object> received = new ArrayList<>();
            Object o;
            while ((o = p.readMessage()) != null) {
                received.add(o);
            }
            QueryHit hit = received.stream().filter(m -> m instanceof Message mm && mm.payload() instanceof QueryHit)
                    .map(m -> (QueryHit) ((Message) m).payload()).findFirst().orElseThrow();
            assertThat(hit.results().get(0).name().text()).isEqualTo("crossnet-test-file.bin");
            assertThat(hit.results().get(0).extensions().ggep().get("H")).isPresent();
        }
        assertThat(Wait.until(() -> closes(CloseReason.REMOTE_BYE) > byes, TIMEOUT)).isTrue();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
