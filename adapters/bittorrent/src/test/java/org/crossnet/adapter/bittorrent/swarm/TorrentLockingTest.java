package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent attaching a peer checks the global connection limit while holding its own monitor; that check must not
 * need any other torrent's monitor. Before, it read every torrent's status under its monitor, and two torrents
 * attaching or detaching peers at once on two event loops deadlocked (seen in the benchmark with a share seeding and a
 * download running).
 */
@Timeout(30)
class TorrentLockingTest {
    @TempDir
    Path dir;

    private Metainfo share(BitTorrentAdapter adapter, String name, long seed) throws Exception {
        byte[] data = TestTorrents.data(100_000, seed);
        Path file = dir.resolve(name);
        Files.write(file, data);
        byte[] info = TestTorrents.info(name, data, 16_384);
        Metainfo meta = TestTorrents.meta(info);
        adapter.publisher().orElseThrow().publish(new SharedFile(ShareId.random(), meta.contentId(), file, List.of(),
                Bytes.of(info)));
        return meta;
    }

    @Test
    void aPeerAttachesToOneTorrentWhileAnotherTorrentsMonitorIsHeld() throws Exception {
        try (TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent")) {
            BitTorrentAdapter adapter = (BitTorrentAdapter) new BitTorrentAdapterFactory().create(
                    BitTorrentConfig.defaults().withListen("127.0.0.1", 0), context);
            adapter.start();
            try {
                Metainfo a = share(adapter, "a.bin", 1);
                Metainfo b = share(adapter, "b.bin", 2);
                Torrent other = adapter.find(b.infoHash());
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread holder = new Thread(() -> {
                    synchronized (other) {
                        held.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, "holds-torrent-b");
                holder.start();
                assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
                try (Socket s = new Socket("127.0.0.1", adapter.listenPort())) {
                    s.setSoTimeout(5_000);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeByte(19);
                    out.writeBytes("BitTorrent protocol");
                    out.write(new byte[8]);
                    out.write(a.infoHash().bytes().toArray());
                    out.writeBytes("-SC0001-lockingtest!");
                    out.flush();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    in.readFully(new byte[68]);
                    int length = in.readInt();
                    assertThat(in.readByte()).as("torrent a attached us and sent its bitfield").isEqualTo((byte) 5);
                    assertThat(length).isEqualTo(1 + (a.pieceCount() + 7) / 8);
                } finally {
                    release.countDown();
                    holder.join(5_000);
                }
                assertThat(adapter.totalPeers()).isLessThanOrEqualTo(1);
            } finally {
                adapter.close();
            }
        }
    }
}
