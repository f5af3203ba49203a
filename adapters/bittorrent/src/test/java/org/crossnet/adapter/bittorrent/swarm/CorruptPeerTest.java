package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted peer (raw bytes on a plain socket) answers every request with garbage; a good seeder (our adapter)
 * serves the real data. The download completes, the bad pieces are reported corrupt, and the scripted peer's
 * address is banned. The scripted peer listens on 127.0.0.2 so that banning its address spares the good seeder.
 */
@Timeout(60)
class CorruptPeerTest {
    private static final int PIECE = 16_384;

    @TempDir
    Path dir;

    @Test
    void corruptPeerIsBannedWhileTheDownloadCompletesFromAGoodPeer() throws Exception {
        byte[] data = TestTorrents.data(40 * PIECE, 9);
        byte[] info = TestTorrents.info("d.bin", data, PIECE);
        Metainfo meta = TestTorrents.meta(info);
        Path file = dir.resolve("d.bin");
        Files.write(file, data);
        AtomicInteger garbageBlocks = new AtomicInteger();
        try (ServerSocket bad = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"));
             TestAdapterContext seedContext = TestAdapterContext.forNetwork("bittorrent");
             TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent")) {
            Thread script = new Thread(() -> serveGarbage(bad, meta, garbageBlocks), "corrupt-peer");
            script.setDaemon(true);
            script.start();
            NetworkAdapter seeder = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                    .withListen("127.0.0.1", 0), seedContext);
            NetworkAdapter leecher = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                    .withListen("127.0.0.1", 0), context);
            try {
                seeder.start();
                leecher.start();
                seeder.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file,
                        List.of(), Bytes.of(info)));
                TransferId transfer = TransferId.random();
                InMemoryStoredContent store = context.store().addTransfer(transfer, data.length);
                RecordingDownloadSink sink = context.newDownloadSink();
                // The bad peer first, so that it gets requests before the good one is even connected.
                leecher.downloader().orElseThrow().download(new DownloadRequest(transfer, meta.contentId(), store,
                        List.of("127.0.0.2:" + bad.getLocalPort()), List.of(),
                        Bytes.of(TestTorrents.torrent(info, List.of()))), sink);
                assertThat(Wait.until(() -> !store.corruptUnits().isEmpty(), Duration.ofSeconds(10))).isTrue();
                Torrent torrent = ((BitTorrentAdapter) leecher).find(meta.infoHash());
                torrent.addPeers(List.of(new java.net.InetSocketAddress("127.0.0.1",
                        ((BitTorrentAdapter) seeder).listenPort())));

                assertThat(Wait.until(() -> store.verifiedBytes() == data.length, Duration.ofSeconds(30)))
                        .as("verified %d, failure %s", store.verifiedBytes(), sink.failure()).isTrue();
                assertThat(store.data()).isEqualTo(data);
                assertThat(garbageBlocks.get()).isPositive();
                assertThat(store.corruptUnits()).isNotEmpty()
                        .allSatisfy(u -> assertThat(u.kind()).isEqualTo("bt-piece"));
                assertThat(torrent.status().banned()).isEqualTo(1);
                assertThat(context.recordedEvents().events()).anySatisfy(e -> assertThat(
                        ((GatewayEvent.AdapterNotice) e).message()).contains("banned peer 127.0.0.2"));
            } finally {
                leecher.close();
                seeder.close();
            }
        }
    }

    /** Handshake, bitfield with every piece, unchoke, then garbage for every request; until the socket closes. */
    private static void serveGarbage(ServerSocket server, Metainfo meta, AtomicInteger blocks) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                in.readFully(new byte[68]);
                out.writeByte(19);
                out.writeBytes("BitTorrent protocol");
                out.write(new byte[8]);
                out.write(meta.infoHash().bytes().toArray());
                out.writeBytes("-SC0001-corruptpeer!");
                int n = meta.pieceCount();
                byte[] bits = new byte[(n + 7) / 8];
                for (int i = 0; i < n; i++) {
                    bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                }
                out.writeInt(1 + bits.length);
                out.writeByte(5);
                out.write(bits);
                out.writeInt(1);
                out.writeByte(1);
                out.flush();
                while (true) {
                    int length = in.readInt();
                    if (length == 0) {
                        continue;
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    if (body[0] == 6) {
                        java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(body, 1, 12);
                        int piece = r.getInt();
                        int begin = r.getInt();
                        int len = r.getInt();
                        out.writeInt(9 + len);
                        out.writeByte(7);
                        out.writeInt(piece);
                        out.writeInt(begin);
                        out.write(new byte[len]);
                        out.flush();
                        blocks.incrementAndGet();
                    }
                }
            } catch (java.io.IOException closed) {
                // The adapter banned us or the test ended: accept the next connection, if any.
            }
        }
    }
}
