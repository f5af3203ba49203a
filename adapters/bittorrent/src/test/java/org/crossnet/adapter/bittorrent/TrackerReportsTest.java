package org.crossnet.adapter.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TrackerState;
import org.crossnet.spi.model.TrackerStatus;
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
 * Per-tracker state through {@code DownloadSink.trackers}: two HTTP trackers on 127.0.0.1 (JDK HttpServer), one
 * answering with a BEP 3 {@code failure reason}, one with an empty compact peer list.
 */
@Timeout(30)
class TrackerReportsTest {
    private static final NetworkId NETWORK = new NetworkId("bittorrent");

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private TestAdapterContext context;
    private NetworkAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok/announce", "d8:intervali1800e5:peers0:e");
        answer("/bad/announce", "d14:failure reason15:torrent unknowne");
        answer("/extra/announce", "d8:intervali1800e5:peers0:e");
        server.start();
        context = TestAdapterContext.forNetwork("bittorrent");
        adapter = new BitTorrentAdapterFactory().create(BitTorrentConfig.defaults().withListen("127.0.0.1", 0),
                context);
        adapter.start();
    }

    private void answer(String path, String body) {
        hits.put(path, new AtomicInteger());
        server.createContext(path, exchange -> {
            hits.get(path).incrementAndGet();
            byte[] b = body.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
    }

    @AfterEach
    void stop() {
        adapter.close();
        context.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private DownloadSession download(byte[] info, List<List<String>> tiers, List<String> extra,
                                     RecordingDownloadSink sink) {
        Metainfo meta = TestTorrents.meta(info);
        TransferId transfer = TransferId.random();
        InMemoryStoredContent store = context.store().addTransfer(transfer, meta.totalLength());
        return adapter.downloader().orElseThrow().download(new DownloadRequest(transfer, meta.contentId(), store,
                List.of(), extra, Bytes.of(TestTorrents.torrentWithTiers(info, tiers))), sink);
    }

    /** The states {@code url} went through over every report, consecutive repeats collapsed. */
    private static List<TrackerState> states(RecordingDownloadSink sink, String url) {
        List<TrackerState> out = new ArrayList<>();
        for (List<TrackerStatus> list : sink.trackerReports()) {
            for (TrackerStatus t : list) {
                if (t.url().equals(url) && (out.isEmpty() || out.get(out.size() - 1) != t.state())) {
                    out.add(t.state());
                }
            }
        }
        return out;
    }

    private static TrackerStatus latest(RecordingDownloadSink sink, String url) {
        return sink.latestTrackers().stream().filter(t -> t.url().equals(url)).findFirst().orElseThrow();
    }

    @Test
    void reportsUpdatingThenWorkingOrFailedWithTheTrackersReason() {
        byte[] info = TestTorrents.info("t.bin", TestTorrents.data(100_000, 1), 16_384);
        RecordingDownloadSink sink = context.newDownloadSink();
        DownloadSession session = download(info, List.of(List.of(url("/bad/announce")), List.of(url("/ok/announce"))),
                List.of(url("/extra/announce")), sink);

        assertThat(Wait.until(() -> states(sink, url("/ok/announce")).contains(TrackerState.WORKING),
                Duration.ofSeconds(10))).as("reports: %s", sink.trackerReports()).isTrue();
        assertThat(states(sink, url("/bad/announce")))
                .containsExactly(TrackerState.IDLE, TrackerState.UPDATING, TrackerState.FAILED);
        assertThat(states(sink, url("/ok/announce")))
                .containsExactly(TrackerState.IDLE, TrackerState.UPDATING, TrackerState.WORKING);
        TrackerStatus bad = latest(sink, url("/bad/announce"));
        assertThat(bad.error()).isEqualTo("torrent unknown");
        assertThat(bad.lastAnnounce()).isNotNull();
        TrackerStatus ok = latest(sink, url("/ok/announce"));
        assertThat(ok.tier()).isEqualTo(1);
        assertThat(ok.error()).isNull();
        assertThat(ok.nextAnnounce()).isAfter(ok.lastAnnounce());
        assertThat(ok.peers()).isZero();
        TrackerStatus extra = latest(sink, url("/extra/announce"));
        assertThat(extra.tier()).as("the request's trackers form a tier after the metainfo's").isEqualTo(2);
        assertThat(extra.state()).as("not needed: tier 1 answered").isEqualTo(TrackerState.IDLE);
        assertThat(sink.latestTrackers()).hasSize(3).allSatisfy(t -> assertThat(t.network()).isEqualTo(NETWORK));
        assertThat(sink.violations()).isEmpty();
        session.close();
    }

    @Test
    void privateTorrentShowsTheRequestsTrackersAndUnsupportedUrlsDisabledAndNeverContactsThem() {
        byte[] info = TestTorrents.info("p.bin", TestTorrents.data(100_000, 2), 16_384, true);
        assertThat(TestTorrents.meta(info).privateFlag()).isTrue();
        RecordingDownloadSink sink = context.newDownloadSink();
        DownloadSession session = download(info, List.of(List.of("wss://tracker.example/announce"),
                List.of(url("/ok/announce"))), List.of(url("/extra/announce"), "udp://127.0.0.1:9/announce"), sink);

        assertThat(Wait.until(() -> states(sink, url("/ok/announce")).contains(TrackerState.WORKING),
                Duration.ofSeconds(10))).as("reports: %s", sink.trackerReports()).isTrue();
        assertThat(states(sink, "wss://tracker.example/announce")).containsExactly(TrackerState.DISABLED);
        assertThat(latest(sink, "wss://tracker.example/announce").error())
                .isEqualTo("url: wss://tracker.example/announce (expected: an http, https or udp tracker URL)");
        for (String refused : List.of(url("/extra/announce"), "udp://127.0.0.1:9/announce")) {
            assertThat(states(sink, refused)).as(refused).containsExactly(TrackerState.DISABLED);
            TrackerStatus t = latest(sink, refused);
            assertThat(t.error()).startsWith("private torrent (BEP 27)");
            assertThat(t.nextAnnounce()).isNull();
            assertThat(t.tier()).isEqualTo(2);
        }
        assertThat(hits.get("/extra/announce").get()).as("a refused tracker is never contacted").isZero();
        assertThat(sink.violations()).isEmpty();
        session.close();
        int reports = sink.trackerReports().size();
        assertThat(Wait.until(() -> sink.trackerReports().size() > reports, Duration.ofMillis(300)))
                .as("no report after close").isFalse();
    }
}
