package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted downloader (raw bytes on a plain socket) sends a burst of requests to our seeder: adjacent ones across a
 * piece boundary (read as one span and sliced), scattered ones and a short last block. Every block must come back
 * with its own bytes, and the torrent's upload total must count exactly the payload sent.
 */
@Timeout(30)
class SeedServingTest {
    private static final int PIECE = 65_536;
    private static final int BLOCK = 16_384;

    @TempDir
    Path dir;

    @Test
    void servesABurstOfRequestsBlockForBlockAndCountsTheUpload() throws Exception {
        byte[] data = TestTorrents.data(6 * PIECE + 1000, 11);
        byte[] info = TestTorrents.info("s.bin", data, PIECE);
        Metainfo meta = TestTorrents.meta(info);
        Path file = dir.resolve("s.bin");
        Files.write(file, data);
        try (TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent")) {
            NetworkAdapter seeder = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                    .withListen("127.0.0.1", 0), context);
            try {
                seeder.start();
                seeder.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file,
                        List.of(), Bytes.of(info)));
                int[][] requests = {
                    {1, 0}, {1, BLOCK}, {1, 2 * BLOCK}, {1, 3 * BLOCK}, {2, 0}, {2, BLOCK}, // adjacent, two pieces
                    {4, 2 * BLOCK}, {0, 0}, {5, 3 * BLOCK}, // scattered
                    {6, 0}, // the short last piece: 1000 bytes
                };
                Map<Long, byte[]> got = fetch(((BitTorrentAdapter) seeder).listenPort(), meta, requests);

                long expectedBytes = 0;
                for (int[] r : requests) {
                    int length = Math.min(BLOCK, meta.pieceSize(r[0]) - r[1]);
                    long offset = (long) r[0] * PIECE + r[1];
                    assertThat(got.get(offset)).as("block %d+%d", r[0], r[1])
                            .isEqualTo(Arrays.copyOfRange(data, (int) offset, (int) offset + length));
                    expectedBytes += length;
                }
                Torrent torrent = ((BitTorrentAdapter) seeder).find(meta.infoHash());
                long sent = expectedBytes;
                assertThat(Wait.until(() -> torrent.status().uploaded() == sent, Duration.ofSeconds(5)))
                        .as("uploaded %d (expected: %d)", torrent.status().uploaded(), sent).isTrue();
                assertThat(torrent.status().downloaded()).isZero();
            } finally {
                seeder.close();
            }
        }
    }

    /** Handshake, interested, waits for unchoke, sends every request at once, collects the piece messages. */
    private static Map<Long, byte[]> fetch(int port, Metainfo meta, int[][] requests) throws Exception {
        Map<Long, byte[]> got = new HashMap<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeByte(19);
            out.writeBytes("BitTorrent protocol");
            out.write(new byte[8]);
            out.write(meta.infoHash().bytes().toArray());
            out.writeBytes("-SC0001-servingtest!");
            out.writeInt(1);
            out.writeByte(2); // interested
            out.flush();
            in.readFully(new byte[68]);
            boolean requested = false;
            while (got.size() < requests.length) {
                int length = in.readInt();
                if (length == 0) {
                    continue;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                if (body[0] == 1 && !requested) { // unchoke: send the whole burst in one write
                    requested = true;
                    for (int[] r : requests) {
                        out.writeInt(13);
                        out.writeByte(6);
                        out.writeInt(r[0]);
                        out.writeInt(r[1]);
                        out.writeInt(Math.min(BLOCK, meta.pieceSize(r[0]) - r[1]));
                    }
                    out.flush();
                } else if (body[0] == 7) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body, 1, 8);
                    long offset = (long) b.getInt() * PIECE + b.getInt();
                    got.put(offset, Arrays.copyOfRange(body, 9, body.length));
                }
            }
        }
        return got;
    }
}
