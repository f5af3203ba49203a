package org.crossnet.adapter.edonkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.ServerMessage;
import org.crossnet.adapter.edonkey.codec.ServerMessageCodec;
import org.crossnet.adapter.edonkey.codec.TagCodec;
import org.crossnet.adapter.edonkey.support.NatRelay;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.RecordingSearchSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LowID sources on 127.0.0.1: a sharer logs into our index server through a {@link NatRelay} (the server sees
 * 127.0.0.2, where nothing listens), so the server's connect-back fails and it gets a LowID, honestly. A HighID client
 * downloads its file through OP_CALLBACKREQUEST; a second LowID client does not ask; OP_CALLBACK_FAIL ends a wait.
 */
class LowIdCallbackTest {
    @Test
    void highIdDownloadsFromALowIdSourceThroughACallback(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "lowid shared.bin", 2_000_000, 5);
        SharedFile shared = Nodes.shared(file);
        try (Nodes.Running server = Nodes.startServerRole(p -> Nodes.config("127.0.0.1").withServerRole(true, p));
             NatRelay nat = new NatRelay(new InetSocketAddress("127.0.0.1", server.adapter().serverPort()),
                     InetAddress.getByName("127.0.0.2"));
             Nodes.Running lowId = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(nat.address())));
             Nodes.Running highId = Nodes.start(Nodes.config("127.0.0.1")
                     .withServers(List.of("127.0.0.1:" + server.adapter().serverPort())))) {
            lowId.adapter().publisher().orElseThrow().publish(shared);
            assertThat(Nodes.await(() -> lowId.adapter().node().clientId() != 0, Duration.ofSeconds(15))).isTrue();
            assertThat(Ed2kWire.isLowId(lowId.adapter().node().clientId())).as("the sharer is a LowID").isTrue();
            assertThat(Nodes.await(() -> server.adapter().statusLine().contains("serving 2 users, 1 files"),
                    Duration.ofSeconds(10))).as(server.adapter().statusLine()).isTrue();
            assertThat(Ed2kWire.isLowId(highId.adapter().node().clientId())).isFalse();

            long size = shared.content().size();
            TransferId id = TransferId.random();
            InMemoryStoredContent store = highId.context().store().addTransfer(id, size);
            RecordingDownloadSink sink = highId.context().newDownloadSink();
            DownloadSession session = highId.adapter().downloader().orElseThrow().download(
                    new DownloadRequest(id, shared.content(), store, List.of(), List.of(), null), sink);
            assertThat(Nodes.await(() -> store.verifiedBytes() == size, Duration.ofSeconds(30)))
                    .as("%s; %s", highId.adapter().callbacks().status(),
                            highId.adapter().node().sources(shared.content().ed2k())).isTrue();
            assertThat(store.data()).isEqualTo(Files.readAllBytes(file));
            assertThat(highId.adapter().callbacks().claimed()).isGreaterThanOrEqualTo(1);
            session.close();
        }
    }

    @Test
    void twoLowIdsDoNotAskForCallbacks(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "lowid pair.bin", 300_000, 6);
        SharedFile shared = Nodes.shared(file);
        try (Nodes.Running server = Nodes.startServerRole(p -> Nodes.config("127.0.0.1").withServerRole(true, p));
             NatRelay nat1 = new NatRelay(target(server), InetAddress.getByName("127.0.0.2"));
             NatRelay nat2 = new NatRelay(target(server), InetAddress.getByName("127.0.0.3"));
             Nodes.Running sharer = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(nat1.address())));
             Nodes.Running asker = Nodes.start(Nodes.config("127.0.0.1").withServers(List.of(nat2.address())))) {
            sharer.adapter().publisher().orElseThrow().publish(shared);
            assertThat(Nodes.await(() -> server.adapter().statusLine().contains("serving 2 users, 1 files"),
                    Duration.ofSeconds(15))).as(server.adapter().statusLine()).isTrue();
            assertThat(Ed2kWire.isLowId(asker.adapter().node().clientId())).isTrue();
            // the server answers the asker: it finds the file
            RecordingSearchSink found = asker.context().newSearchSink();
            asker.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("pair"), found);
            assertThat(Nodes.await(found::isFinished, Duration.ofSeconds(10))).isTrue();
            assertThat(found.receivedHits()).singleElement()
                    .satisfies(h -> assertThat(h.content().ed2k()).isEqualTo(shared.content().ed2k()));

            TransferId id = TransferId.random();
            InMemoryStoredContent store = asker.context().store().addTransfer(id, shared.content().size());
            DownloadSession session = asker.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                    shared.content(), store, List.of(), List.of(), null), asker.context().newDownloadSink());
            // the server reports the LowID source; it is left out, and no callback is asked for
            assertThat(Nodes.await(() -> asker.adapter().callbacks().skippedBothLowId() >= 1,
                    Duration.ofSeconds(10))).as(asker.adapter().callbacks().status()).isTrue();
            Nodes.sleep(Duration.ofSeconds(2));
            assertThat(asker.adapter().callbacks().requested()).isZero();
            assertThat(asker.adapter().node().sources(shared.content().ed2k())).isEmpty();
            session.close();
        }
    }

    @Test
    void callbackFailEndsTheWaitForThatSource() throws Exception {
        Ed2kHash hash = Ed2kHash.parse("0123456789abcdef0123456789abcdef");
        long size = 1_000_000;
        try (ServerSocket scripted = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             Nodes.Running client = Nodes.start(Nodes.config("127.0.0.1")
                     .withServers(List.of("127.0.0.1:" + scripted.getLocalPort())))) {
            scripted.setSoTimeout(10_000);
            try (Socket s = scripted.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                assertThat(read(in)).isInstanceOf(ServerMessage.LoginRequest.class);
                write(out, new ServerMessage.IdChange(Ed2kWire.clientId(new byte[] {127, 0, 0, 1}),
                        Ed2kWire.SRV_TCPFLG_NEWTAGS, -1));
                TransferId id = TransferId.random();
                InMemoryStoredContent store = client.context().store().addTransfer(id, size);
                DownloadSession session = client.adapter().downloader().orElseThrow().download(new DownloadRequest(
                        id, new ContentId(size, "x.bin", null, hash, null, null, null), store, List.of(), List.of(),
                        null), client.context().newDownloadSink());
                ServerMessage m;
                do {
                    m = read(in);
                } while (!(m instanceof ServerMessage.GetSources));
                // one LowID source: the client must ask us for a callback, which we cannot relay
                write(out, new ServerMessage.FoundSources(hash, List.of(new ServerMessage.Endpoint(42, 4662))));
                do {
                    m = read(in);
                } while (!(m instanceof ServerMessage.CallbackRequest));
                assertThat(((ServerMessage.CallbackRequest) m).clientId()).isEqualTo(42);
                write(out, new ServerMessage.Empty(Ed2kWire.OP_CALLBACK_FAIL));
                assertThat(Nodes.await(() -> client.adapter().node().sources(hash).stream()
                        .anyMatch(x -> x.contains("OP_CALLBACK_FAIL")), Duration.ofSeconds(5)))
                        .as("%s", client.adapter().node().sources(hash)).isTrue();
                assertThat(client.adapter().node().sources(hash)).singleElement()
                        .satisfies(x -> assertThat(x).contains("IDLE"));
                session.close();
            }
        }
    }

    @Test
    void ourHelloNamesTheServerOurIdCameFrom(@TempDir Path tmp) {
        org.crossnet.adapter.edonkey.session.Identity me =
                org.crossnet.adapter.edonkey.session.Identity.load(tmp, "me");
        java.util.concurrent.atomic.AtomicReference<InetSocketAddress> server = new java.util.concurrent.atomic
                .AtomicReference<>();
        org.crossnet.adapter.edonkey.session.PeerConnection.LocalHello hello =
                org.crossnet.adapter.edonkey.session.PeerConnection.localHello(me, () -> 42, () -> 4662, 0, 0,
                        server::get);
        // before a login: zeros, as aMule sends when not connected
        assertThat(hello.hello().serverIp()).isZero();
        assertThat(hello.hello().serverPort()).isZero();
        server.set(new InetSocketAddress("198.51.100.7", 4661));
        long ip = Ed2kWire.clientId(new byte[] {(byte) 198, 51, 100, 7});
        assertThat(hello.hello().clientId()).isEqualTo(42);
        assertThat(hello.hello().serverIp()).isEqualTo(ip);
        assertThat(hello.hello().serverPort()).isEqualTo(4661);
        assertThat(hello.answer().serverIp()).isEqualTo(ip);
        assertThat(hello.answer().serverPort()).isEqualTo(4661);
    }

    private static ServerMessage read(DataInputStream in) throws IOException {
        int prot = in.readUnsignedByte();
        int len = Integer.reverseBytes(in.readInt());
        int op = in.readUnsignedByte();
        byte[] payload = new byte[len - 1];
        in.readFully(payload);
        assertThat(prot).isEqualTo(Ed2kWire.PROT_EDONKEY);
        return ServerMessageCodec.decode(op, Unpooled.wrappedBuffer(payload));
    }

    private static void write(OutputStream out, ServerMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        ServerMessageCodec.encode(m, b, TagCodec.Form.NEW);
        out.write(ByteBufUtil.getBytes(b));
        out.flush();
        b.release();
    }

    private static InetSocketAddress target(Nodes.Running server) {
        return new InetSocketAddress("127.0.0.1", server.adapter().serverPort());
    }
}
