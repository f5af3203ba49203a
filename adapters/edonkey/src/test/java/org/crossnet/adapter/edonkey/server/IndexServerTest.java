package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.FileEntry;
import org.crossnet.adapter.edonkey.codec.SearchExpr;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerMessageCodec;
import org.crossnet.adapter.edonkey.codec.ServerUdpMessage;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.codec.TagCodec;
import org.crossnet.adapter.edonkey.mapping.SearchMapping;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.SearchQuery;
import org.junit.jupiter.api.Test;

/** The index-server role against scripted clients over TCP and UDP on 127.0.0.1. */
class IndexServerTest {
    private static final Ed2kHash A = Ed2kHash.parse("00112233445566778899aabbccddeeff");
    private static final Ed2kHash B = Ed2kHash.parse("ffeeddccbbaa99887766554433221100");

    @Test
    void loginOfferSearchSourcesAndUdp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Nodes.Running server = Nodes.start(Nodes.config("127.0.0.1").withServerRole(true, port));
             ServerSocket clientListener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             Client alice = new Client(port);
             Client bob = new Client(port)) {
            // alice listens (HighID), bob gives a port nobody listens on (LowID)
            long aliceId = alice.login(clientListener.getLocalPort());
            assertThat(aliceId).isEqualTo(Ed2kWire.clientId(new byte[] {127, 0, 0, 1}));
            int deadPort;
            try (ServerSocket s = new ServerSocket(0)) {
                deadPort = s.getLocalPort();
            }
            long bobId = bob.login(deadPort);
            assertThat(Ed2kWire.isLowId(bobId)).isTrue();

            alice.send(new ServerMessage.OfferFiles(List.of(
                    entry(A, "Holiday Video Clip.avi", 700_000_000L),
                    entry(B, "big backup archive.zip", 6_000_000_000L))));
            // search: keyword + type
            SearchExpr video = SearchMapping.expression(new SearchQuery(List.of("holiday"), 0, Long.MAX_VALUE,
                    MediaType.VIDEO, java.util.Set.of()), true);
            bob.send(new ServerMessage.SearchRequest(video));
            ServerMessage.SearchResult r = bob.read(ServerMessage.SearchResult.class);
            assertThat(r.files()).singleElement().satisfies(f -> {
                assertThat(f.file()).isEqualTo(A);
                assertThat(f.name()).contains("Holiday Video Clip.avi");
                assertThat(f.clientId()).isEqualTo(aliceId);
                assertThat(f.integer(Ed2kWire.FT_SOURCES, 0)).isEqualTo(1);
            });
            // size over 4 GiB with a 64-bit comparison, and OR / NOT
            Thread.sleep(250);
            bob.send(new ServerMessage.SearchRequest(SearchMapping.expression(new SearchQuery(List.of("backup"),
                    5_000_000_000L, Long.MAX_VALUE, MediaType.ANY, java.util.Set.of()), true)));
            assertThat(bob.read(ServerMessage.SearchResult.class).files()).singleElement()
                    .satisfies(f -> assertThat(f.size()).isEqualTo(6_000_000_000L));
            Thread.sleep(250);
            bob.send(new ServerMessage.SearchRequest(new SearchExpr.Bool(SearchExpr.BoolOp.AND_NOT,
                    new SearchExpr.Bool(SearchExpr.BoolOp.OR, new SearchExpr.Keyword("holiday"),
                            new SearchExpr.Keyword("backup")), new SearchExpr.Keyword("zip"))));
            assertThat(bob.read(ServerMessage.SearchResult.class).files()).extracting(FileEntry::file)
                    .containsExactly(A);
            // sources: alice for A (bob asking)
            bob.send(new ServerMessage.GetSources(false, List.of(new ServerMessage.SourceQuery(A, 700_000_000L))));
            assertThat(bob.read(ServerMessage.FoundSources.class).sources())
                    .containsExactly(new ServerMessage.Endpoint(aliceId, clientListener.getLocalPort()));
            // a callback to LowID bob on behalf of alice
            alice.send(new ServerMessage.CallbackRequest(bobId));
            ServerMessage.CallbackRequested cb = bob.read(ServerMessage.CallbackRequested.class);
            assertThat(cb.ip()).isEqualTo(aliceId);

            // UDP on port + 4
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                udp.setSoTimeout(5000);
                ServerUdpMessage.StatusResponse st = (ServerUdpMessage.StatusResponse) udp(udp, port + 4,
                        new ServerUdpMessage.StatusRequest(0x1234_5678L));
                assertThat(st.challenge()).isEqualTo(0x1234_5678L);
                assertThat(st.users()).isEqualTo(2);
                assertThat(st.files()).isEqualTo(2);
                ServerUdpMessage.GlobalSearchResult gs = (ServerUdpMessage.GlobalSearchResult) udp(udp, port + 4,
                        new ServerUdpMessage.GlobalSearch(Ed2kWire.OP_GLOBSEARCHREQ, List.of(),
                                new SearchExpr.Keyword("clip")));
                assertThat(gs.files()).extracting(FileEntry::file).containsExactly(A);
                ServerUdpMessage.GlobalFoundSources gf = (ServerUdpMessage.GlobalFoundSources) udp(udp, port + 4,
                        new ServerUdpMessage.GlobalGetSources(true,
                                List.of(new ServerMessage.SourceQuery(B, 6_000_000_000L))));
                assertThat(gf.files()).singleElement().satisfies(f -> assertThat(f.sources()).hasSize(1));
            }
            // alice leaves: her files go
            alice.close();
            assertThat(Nodes.await(() -> server.adapter().statusLine().contains("1 users, 0 files"),
                    java.time.Duration.ofSeconds(5))).as(server.adapter().statusLine()).isTrue();
        }
    }

    private static FileEntry entry(Ed2kHash h, String name, long size) {
        return new FileEntry(h, FileEntry.COMPLETE_ID, FileEntry.COMPLETE_PORT, SearchMapping.offerTags(name, size));
    }

    private static ServerUdpMessage udp(DatagramSocket s, int port, ServerUdpMessage m) throws IOException {
        ByteBuf out = Unpooled.buffer();
        ServerUdpMessage.encode(m, out);
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return ServerUdpMessage.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()));
    }

    /** A scripted server client over a blocking socket. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(8000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        long login(int listenPort) throws IOException {
            send(new ServerMessage.LoginRequest(Bytes.of(new byte[16]), 0, listenPort,
                    List.of(Tag.string(Ed2kWire.CT_NAME, "scripted"),
                            Tag.uint32(Ed2kWire.CT_SERVER_FLAGS, ServerConnection.OUR_FLAGS))));
            ServerMessage.IdChange id = read(ServerMessage.IdChange.class);
            assertThat(id.tcpFlags() & Ed2kWire.SRV_TCPFLG_LARGEFILES).isNotZero();
            read(ServerMessage.ServerIdent.class);
            return id.clientId();
        }

        void send(ServerMessage m) throws IOException {
            ByteBuf b = Unpooled.buffer();
            ServerMessageCodec.encode(m, b, TagCodec.Form.NEW);
            out.write(ByteBufUtil.getBytes(b));
            out.flush();
            b.release();
        }

        <T extends ServerMessage> T read(Class<T> type) throws IOException {
            List<ServerMessage> skipped = new ArrayList<>();
            while (true) {
                int prot = in.readUnsignedByte();
                int len = Integer.reverseBytes(in.readInt());
                int op = in.readUnsignedByte();
                byte[] payload = new byte[len - 1];
                in.readFully(payload);
                assertThat(prot).isEqualTo(Ed2kWire.PROT_EDONKEY);
                ServerMessage m = ServerMessageCodec.decode(op, Unpooled.wrappedBuffer(payload));
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
                skipped.add(m);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
