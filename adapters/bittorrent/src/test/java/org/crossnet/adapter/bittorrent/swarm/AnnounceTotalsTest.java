package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracker announces carry the torrent's running payload totals: a leecher announcing to a recording HTTP tracker
 * reports {@code downloaded} = the file's size and {@code left=0} in its {@code completed} announce, and the seeder's
 * status counts the same bytes as uploaded.
 */
@Timeout(60)
class AnnounceTotalsTest {
    @TempDir
    Path dir;

    @Test
    void theCompletedAnnounceReportsTheBytesDownloaded() throws Exception {
        byte[] data = TestTorrents.data(5 * 65_536 + 321, 12);
        byte[] info = TestTorrents.info("t.bin", data, 65_536);
        Metainfo meta = TestTorrents.meta(info);
        Path file = dir.resolve("t.bin");
        Files.write(file, data);
        List<Map<String, String>> announces = new CopyOnWriteArrayList<>();
        HttpServer tracker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tracker.createContext("/announce", exchange -> {
            announces.add(query(exchange.getRequestURI().getRawQuery()));
            byte[] body = "d8:intervali1800e5:peers0:e".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tracker.start();
        String announce = "http://127.0.0.1:" + tracker.getAddress().getPort() + "/announce";
        try (TestAdapterContext seedContext = TestAdapterContext.forNetwork("bittorrent");
             TestAdapterContext context = TestAdapterContext.forNetwork("bittorrent")) {
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
                leecher.downloader().orElseThrow().download(new DownloadRequest(transfer, meta.contentId(), store,
                        List.of("127.0.0.1:" + ((BitTorrentAdapter) seeder).listenPort()), List.of(),
                        Bytes.of(TestTorrents.torrent(info, List.of(announce)))), context.newDownloadSink());

                assertThat(Wait.until(() -> announces.stream().anyMatch(a -> "completed".equals(a.get("event"))),
                        Duration.ofSeconds(30))).as("announces: %s", announces).isTrue();
                Map<String, String> started = announces.get(0);
                // the started announce may already count a few blocks: the seeder was given directly
                assertThat(started).containsEntry("event", "started").containsEntry("uploaded", "0");
                assertThat(Long.parseLong(started.get("downloaded")) + Long.parseLong(started.get("left")))
                        .isGreaterThanOrEqualTo(data.length);
                Map<String, String> completed = announces.stream().filter(a -> "completed".equals(a.get("event")))
                        .findFirst().orElseThrow();
                assertThat(completed).containsEntry("left", "0").containsEntry("uploaded", "0");
                assertThat(Long.parseLong(completed.get("downloaded"))).isEqualTo(data.length);
                Torrent seeding = ((BitTorrentAdapter) seeder).find(meta.infoHash());
                assertThat(seeding.status().uploaded()).isEqualTo(data.length);
                assertThat(((BitTorrentAdapter) leecher).find(meta.infoHash()).status().downloaded())
                        .isEqualTo(data.length);
            } finally {
                leecher.close();
                seeder.close();
                tracker.stop(0);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }
}
