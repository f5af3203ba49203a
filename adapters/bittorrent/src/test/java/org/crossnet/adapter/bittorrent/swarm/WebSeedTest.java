package org.crossnet.adapter.bittorrent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.bittorrent.BitTorrentAdapter;
import org.crossnet.adapter.bittorrent.BitTorrentAdapterFactory;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.support.MultiFileTorrent;
import org.crossnet.adapter.bittorrent.support.RangeServer;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.TransferId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Web seeds (BEP 19): our adapter downloads with no peer at all from HTTP servers on 127.0.0.1 that serve the
 * torrent's files with byte ranges; every piece is still SHA-1 checked, and a web seed that sends corrupt pieces or
 * cannot serve ranges is given up while the others carry on.
 */
@Timeout(60)
class WebSeedTest {
    private TestAdapterContext context;
    private BitTorrentAdapter adapter;
    private final RangeServer server = new RangeServer();

    @BeforeEach
    void start() {
        context = TestAdapterContext.forNetwork("bittorrent");
        adapter = (BitTorrentAdapter) new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults()
                .withListen("127.0.0.1", 0), context);
        adapter.start();
    }

    @AfterEach
    void stop() {
        adapter.close();
        context.close();
        server.close();
    }

    private record Download(DownloadSession session, InMemoryStoredContent store, RecordingDownloadSink sink,
                            Torrent torrent) {
    }

    private Download download(byte[] info, List<String> webSeeds) {
        Metainfo meta = TestTorrents.meta(info);
        InMemoryStoredContent store = context.store().addTransfer(TransferId.random(), meta.totalLength());
        RecordingDownloadSink sink = context.newDownloadSink();
        DownloadSession session = adapter.downloader().orElseThrow().download(new DownloadRequest(store.transfer(),
                meta.contentId(), store, List.of(), List.of(),
                Bytes.of(TestTorrents.torrent(info, List.of(), webSeeds))), sink);
        return new Download(session, store, sink, adapter.find(meta.infoHash()));
    }

    @Test
    void downloadsASingleFileFromAFolderUrlWithRangedGets() {
        byte[] data = TestTorrents.data(20 * 65_536 + 777, 51);
        server.file("/seed/w%20s.bin", data);
        Download d = download(TestTorrents.info("w s.bin", data, 65_536), List.of(server.url("/seed/")));

        assertThat(Wait.until(() -> d.store().verifiedBytes() == data.length, Duration.ofSeconds(20)))
                .as("verified %d, web seeds %s", d.store().verifiedBytes(), d.torrent().webSeeds()).isTrue();
        assertThat(d.store().data()).isEqualTo(data);
        assertThat(server.requests).hasSize(21).allSatisfy(r -> assertThat(r).matches("/seed/w%20s.bin bytes=\\d+-\\d+"))
                .contains("/seed/w%20s.bin bytes=1310720-1311496");
        assertThat(d.torrent().webSeeds()).singleElement().satisfies(w -> {
            assertThat(w.downloaded()).isEqualTo(data.length);
            assertThat(w.disabled()).isNull();
        });
        assertThat(Wait.until(() -> d.sink().bytesDown() == data.length, Duration.ofSeconds(5))).isTrue();
        d.session().close();
    }

    @Test
    void downloadsAMultiFileTorrentWhosePiecesSpanFiles() {
        MultiFileTorrent t = new MultiFileTorrent("multi", List.of(
                new MultiFileTorrent.Entry(List.of("one.bin"), TestTorrents.data(100_000, 52)),
                new MultiFileTorrent.Entry(List.of("empty.txt"), new byte[0]),
                new MultiFileTorrent.Entry(List.of("sub dir", "two.bin"), TestTorrents.data(150_001, 53))));
        server.file("/base/multi/one.bin", t.files().get(0).data());
        server.file("/base/multi/sub%20dir/two.bin", t.files().get(2).data());
        Download d = download(t.info(32_768), List.of(server.url("/base")));

        byte[] all = t.concatenation();
        assertThat(Wait.until(() -> d.store().verifiedBytes() == all.length, Duration.ofSeconds(20)))
                .as("verified %d, web seeds %s", d.store().verifiedBytes(), d.torrent().webSeeds()).isTrue();
        assertThat(d.store().data()).isEqualTo(all);
        // piece 3 = bytes 98304..131071: the end of one.bin and the start of two.bin
        assertThat(server.requests).contains("/base/multi/one.bin bytes=98304-99999",
                "/base/multi/sub%20dir/two.bin bytes=0-31071");
        assertThat(server.requests).noneMatch(r -> r.contains("empty.txt"));
        d.session().close();
    }

    @Test
    void aWebSeedSendingCorruptPiecesIsGivenUpAndAGoodOneFinishes() {
        byte[] data = TestTorrents.data(12 * 32_768, 54);
        try (RangeServer bad = new RangeServer()) {
            bad.file("/c.bin", data);
            bad.corrupt = true;
            server.file("/c.bin", data);
            Download d = download(TestTorrents.info("c.bin", data, 32_768), List.of(bad.url("/c.bin"),
                    server.url("/c.bin")));

            assertThat(Wait.until(() -> d.store().verifiedBytes() == data.length, Duration.ofSeconds(20)))
                    .as("verified %d, web seeds %s", d.store().verifiedBytes(), d.torrent().webSeeds()).isTrue();
            assertThat(d.store().data()).isEqualTo(data);
            Torrent.WebSeedStatus badStatus = d.torrent().webSeeds().get(0);
            // a piece is checked after the web seed was handed the next one: one more may be in flight at the ban
            assertThat(badStatus.strikes()).isBetween(3, 4);
            assertThat(badStatus.disabled()).isEqualTo("sent 3 corrupt pieces");
            assertThat(d.store().corruptUnits()).hasSize(badStatus.strikes());
            assertThat(bad.requests).as("not asked again once given up").hasSize(badStatus.strikes());
            assertThat(context.recordedEvents().events()).anySatisfy(e -> assertThat(
                    ((GatewayEvent.AdapterNotice) e).message()).contains("banned web seed " + bad.url("/c.bin")));
            d.session().close();
        }
    }

    @Test
    void aServiceUnavailableAnswerIsRetriedAfterItsRetryAfter() {
        byte[] data = TestTorrents.data(4 * 32_768, 55);
        server.file("/r.bin", data);
        server.failNext(1, 503, "1");
        Download d = download(TestTorrents.info("r.bin", data, 32_768), List.of(server.url("/r.bin")));

        assertThat(Wait.until(() -> d.torrent().webSeeds().get(0).failures() == 1, Duration.ofSeconds(5))).isTrue();
        assertThat(d.torrent().webSeeds().get(0).lastError()).startsWith("HTTP status: 503 for ");
        assertThat(Wait.until(() -> d.store().verifiedBytes() == data.length, Duration.ofSeconds(20)))
                .as("verified %d, web seeds %s", d.store().verifiedBytes(), d.torrent().webSeeds()).isTrue();
        assertThat(d.store().data()).isEqualTo(data);
        assertThat(d.torrent().webSeeds().get(0).failures()).isZero();
        assertThat(server.requests).hasSize(5);
        d.session().close();
    }

    @Test
    void aServerThatIgnoresRangesIsGivenUpAtOnce() {
        byte[] data = TestTorrents.data(4 * 32_768, 56);
        server.file("/i.bin", data);
        server.ignoreRange = true;
        Download d = download(TestTorrents.info("i.bin", data, 32_768), List.of(server.url("/i.bin")));

        assertThat(Wait.until(() -> d.torrent().webSeeds().get(0).disabled() != null, Duration.ofSeconds(10)))
                .isTrue();
        assertThat(d.torrent().webSeeds().get(0).disabled()).startsWith("body: over 32768 bytes");
        assertThat(d.store().verifiedBytes()).isZero();
        assertThat(server.requests).hasSize(1);
        d.session().close();
    }
}
