package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerUdpMessage;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.mapping.SearchMapping;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.RecordingSearchSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The adapter's server-UDP client against a scripted server (a datagram socket on port + 4 of a TCP port where no
 * server listens, so the server is known but not logged into): the ping and its challenge, the search form chosen by
 * the server's UDP flags as aMule chooses it, malformed and foreign answers dropped with their reason, and source
 * requests batched and paced as aMule's DownloadQueue paces them.
 */
class ServerUdpClientTest {
    private static final Ed2kHash FILE = Ed2kHash.parse("00112233445566778899aabbccddeeff");

    @ParameterizedTest(name = "udp flags 0x{0} -> opcode 0x{1}")
    @CsvSource({"0112, 90", "0012, 92", "0010, 98"})
    void searchFormFollowsTheServersUdpFlags(String flagsHex, String opcodeHex) throws Exception {
        long flags = Long.parseLong(flagsHex, 16);
        try (Scripted server = new Scripted();
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(server.tcpAddress())))) {
            server.answerPing(flags);
            assertThat(Nodes.await(() -> a.adapter().serverUdp().udpFlags(server.tcp()) == flags,
                    Duration.ofSeconds(5))).isTrue();
            RecordingSearchSink sink = a.context().newSearchSink();
            a.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("formtest"), sink);
            ServerUdpMessage.GlobalSearch req = server.receive(ServerUdpMessage.GlobalSearch.class);
            assertThat(req.opcode()).isEqualTo(Integer.parseInt(opcodeHex, 16));
            if (req.opcode() == Ed2kWire.OP_GLOBSEARCHREQ3) {
                assertThat(req.params()).singleElement().satisfies(t -> {
                    assertThat(t.hasId(Ed2kWire.CT_SERVER_UDPSEARCH_FLAGS)).isTrue();
                    assertThat(t.asLong()).isEqualTo(1);
                });
            } else {
                assertThat(req.params()).isEmpty();
            }
            server.send(new ServerUdpMessage.GlobalSearchResult(List.of(result("formtest file.bin"))));
            assertThat(Nodes.await(sink::isFinished, Duration.ofSeconds(10))).isTrue();
            assertThat(sink.receivedHits()).singleElement().satisfies(h -> {
                assertThat(h.name()).isEqualTo("formtest file.bin");
                assertThat(h.sources()).isEqualTo(3);
            });
            assertThat(sink.finishReason()).isEmpty();
        }
    }

    @Test
    void aTreeWithLargeSizesIsNotSentToAServerWithoutLargeFiles() throws Exception {
        try (Scripted server = new Scripted();
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(server.tcpAddress())))) {
            server.answerPing(Ed2kWire.SRV_UDPFLG_EXT_GETFILES);
            assertThat(Nodes.await(() -> a.adapter().serverUdp().udpFlags(server.tcp()) > 0,
                    Duration.ofSeconds(5))).isTrue();
            RecordingSearchSink sink = a.context().newSearchSink();
            a.adapter().searcher().orElseThrow().search(new SearchQuery(List.of("huge"), 5_000_000_000L,
                    Long.MAX_VALUE, org.crossnet.spi.model.MediaType.ANY, java.util.Set.of()), sink);
            assertThat(Nodes.await(sink::isFinished, Duration.ofSeconds(10))).isTrue();
            assertThat(sink.finishReason()).contains("no eD2k server answered");
            assertThat(server.receiveAny(500)).isNull();
        }
    }

    @Test
    void malformedAndForeignAnswersAreDroppedWithTheirReason() throws Exception {
        try (Scripted server = new Scripted();
             DatagramSocket stranger = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(server.tcpAddress())))) {
            ServerUdpMessage.StatusRequest ping = server.receive(ServerUdpMessage.StatusRequest.class);
            ServerUdpClient udp = a.adapter().serverUdp();
            InetSocketAddress client = server.lastSender;
            // a status answer with another challenge
            server.send(new ServerUdpMessage.StatusResponse(ping.challenge() ^ 1, 1, 1, 10, 10, 10, 0x12, 0));
            assertDrop(udp, 1, "status challenge");
            server.send(new ServerUdpMessage.StatusResponse(ping.challenge(), 1, 1, 10, 10, 10, 0x12, 0));
            assertThat(Nodes.await(() -> udp.udpFlags(server.tcp()) == 0x12, Duration.ofSeconds(5))).isTrue();

            RecordingSearchSink sink = a.context().newSearchSink();
            a.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("formtest"), sink);
            server.receive(ServerUdpMessage.GlobalSearch.class);
            // a result cut short
            byte[] whole = encode(new ServerUdpMessage.GlobalSearchResult(List.of(result("formtest cut.bin"))));
            server.sendRaw(java.util.Arrays.copyOf(whole, whole.length - 3));
            assertDrop(udp, 2, "truncated");
            // an opcode no server sends
            server.sendRaw(new byte[] {(byte) 0xE3, 0x55, 1, 2});
            assertDrop(udp, 3, "udp opcode");
            // a second record that is not a result
            byte[] joined = new byte[whole.length + 3];
            System.arraycopy(whole, 0, joined, 0, whole.length);
            joined[whole.length] = (byte) 0xE3;
            joined[whole.length + 1] = (byte) 0x9B;
            server.sendRaw(joined);
            assertDrop(udp, 4, "udp repeated");
            // a request, not an answer
            server.send(new ServerUdpMessage.StatusRequest(7));
            assertDrop(udp, 5, "expected an answer");
            // a well-formed result from an address that is not the server's
            byte[] good = encode(new ServerUdpMessage.GlobalSearchResult(List.of(result("formtest stranger.bin"))));
            stranger.send(new DatagramPacket(good, good.length, client));
            assertDrop(udp, 6, "not a known server");
            // the real answer still counts
            server.send(new ServerUdpMessage.GlobalSearchResult(List.of(result("formtest file.bin"))));
            assertThat(Nodes.await(sink::isFinished, Duration.ofSeconds(10))).isTrue();
            assertThat(sink.receivedHits()).extracting(h -> h.name()).containsExactly("formtest file.bin");
            assertThat(udp.droppedDatagrams()).isEqualTo(6);
        }
    }

    @Test
    void sourceRequestsArePacedOneFilePerDatagramForAnOldServer() throws Exception {
        try (Scripted server = new Scripted();
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(server.tcpAddress())))) {
            server.answerPing(Ed2kWire.SRV_UDPFLG_EXT_GETFILES);
            assertThat(Nodes.await(() -> a.adapter().serverUdp().udpFlags(server.tcp()) > 0,
                    Duration.ofSeconds(5))).isTrue();
            startDownload(a, Ed2kHash.parse("11111111111111111111111111111111"), 1000);
            startDownload(a, Ed2kHash.parse("22222222222222222222222222222222"), 2000);
            List<Long> at = new ArrayList<>();
            List<ServerUdpMessage.GlobalGetSources> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                got.add(server.receive(ServerUdpMessage.GlobalGetSources.class));
                at.add(System.nanoTime());
            }
            assertThat(got).allSatisfy(g -> {
                assertThat(g.withSize()).isFalse();
                assertThat(g.files()).hasSize(1);
            });
            assertThat(got).extracting(g -> g.files().get(0).file()).doesNotHaveDuplicates();
            assertThat(Duration.ofNanos(at.get(1) - at.get(0))).isGreaterThan(Duration.ofMillis(700));
            // the round is over: nothing more for a while (aMule waits 1,300 s)
            assertThat(server.receiveAny(2500)).isNull();
        }
    }

    @Test
    void sourceRequestsAreBatchedWithSizesForAnExtendedServerAndFoundSourcesReachTheDownload() throws Exception {
        try (Scripted server = new Scripted();
             Nodes.Running a = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(server.tcpAddress())))) {
            server.answerPing(Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES | Ed2kWire.SRV_UDPFLG_EXT_GETSOURCES2
                    | Ed2kWire.SRV_UDPFLG_LARGEFILES);
            assertThat(Nodes.await(() -> a.adapter().serverUdp().udpFlags(server.tcp()) > 0,
                    Duration.ofSeconds(5))).isTrue();
            Ed2kHash other = Ed2kHash.parse("33333333333333333333333333333333");
            startDownload(a, FILE, 1000);
            startDownload(a, other, 2000);
            ServerUdpMessage.GlobalGetSources g = server.receive(ServerUdpMessage.GlobalGetSources.class);
            assertThat(g.withSize()).isTrue();
            assertThat(g.files()).containsExactlyInAnyOrder(new ServerMessage.SourceQuery(FILE, 1000),
                    new ServerMessage.SourceQuery(other, 2000));
            // a HighID and a LowID source: only the HighID can be used without a login there
            server.send(new ServerUdpMessage.GlobalFoundSources(List.of(new ServerMessage.FoundSources(FILE, List.of(
                    new ServerMessage.Endpoint(Ed2kWire.clientId(new byte[] {127, 0, 0, 9}), 4662),
                    new ServerMessage.Endpoint(77, 4662))))));
            assertThat(Nodes.await(() -> a.adapter().node().sources(FILE).size() == 1, Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(a.adapter().node().sources(FILE).get(0)).startsWith("/127.0.0.9:4662");
        }
    }

    private static void startDownload(Nodes.Running a, Ed2kHash hash, long size) {
        TransferId id = TransferId.random();
        a.adapter().downloader().orElseThrow().download(new DownloadRequest(id, new ContentId(size, "f.bin", null,
                hash, null, null, null), a.context().store().addTransfer(id, size), List.of(), List.of(), null),
                a.context().newDownloadSink());
    }

    private static void assertDrop(ServerUdpClient udp, long count, String reason) {
        assertThat(Nodes.await(() -> udp.droppedDatagrams() >= count, Duration.ofSeconds(5))).isTrue();
        assertThat(udp.droppedDatagrams()).isEqualTo(count);
        assertThat(udp.lastDropReason()).contains(reason);
    }

    private static FileEntry result(String name) {
        List<Tag> tags = new ArrayList<>(SearchMapping.offerTags(name, 123_456));
        tags.add(Tag.uint32(Ed2kWire.FT_SOURCES, 3));
        return new FileEntry(FILE, Ed2kWire.clientId(new byte[] {127, 0, 0, 7}), 4662, tags);
    }

    private static byte[] encode(ServerUdpMessage m) {
        ByteBuf out = Unpooled.buffer();
        ServerUdpMessage.encode(m, out);
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }

    /** A scripted server: a UDP socket on port + 4 of a TCP port nobody listens on. */
    private static final class Scripted implements AutoCloseable {
        final DatagramSocket socket;
        final int tcpPort;
        InetSocketAddress lastSender;

        Scripted() throws Exception {
            int port = Nodes.freeServerPort();
            tcpPort = port;
            socket = new DatagramSocket(port + 4, InetAddress.getByName("127.0.0.1"));
            socket.setSoTimeout(5000);
        }

        String tcpAddress() {
            return "127.0.0.1:" + tcpPort;
        }

        InetSocketAddress tcp() {
            return new InetSocketAddress("127.0.0.1", tcpPort);
        }

        void answerPing(long flags) throws Exception {
            ServerUdpMessage.StatusRequest ping = receive(ServerUdpMessage.StatusRequest.class);
            send(new ServerUdpMessage.StatusResponse(ping.challenge(), 1, 1, 100, 100, 100, flags, 0));
        }

        <T extends ServerUdpMessage> T receive(Class<T> type) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                ServerUdpMessage m = receiveAny(5000);
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
            }
            throw new AssertionError("no " + type.getSimpleName());
        }

        ServerUdpMessage receiveAny(int timeoutMillis) throws Exception {
            socket.setSoTimeout(timeoutMillis);
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            lastSender = (InetSocketAddress) p.getSocketAddress();
            return ServerUdpMessage.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()));
        }

        void send(ServerUdpMessage m) throws Exception {
            sendRaw(encode(m));
        }

        void sendRaw(byte[] b) throws Exception {
            socket.send(new DatagramPacket(b, b.length, lastSender));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
