package org.crossnet.adapter.gnutella;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.http.HttpSource;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.adapter.gnutella.mapping.HitMapper;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search and download through the adapter's SPI on a network of our own nodes on 127.0.0.1: ultrapeer U with leaves
 * A (searches and downloads), B and C (share the same file) and F (shares a file and stops listening before anyone
 * could dial it, so it is reachable only by a PUSH routed over its Gnutella connection). What the downloader learns comes from the hits
 * alone, as when the engine starts a transfer from a search result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GnutellaTransferTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Large enough that two sources each serve some of its 4 MiB requests. */
    private static final int TWIN_SIZE = 8 << 20;
    private static final int PUSHED_SIZE = 700 * 1024 + 5;

    @TempDir
    static Path shares;

    private final List<TestAdapterContext> contexts = new ArrayList<>();
    private final List<GnutellaAdapter> nodes = new ArrayList<>();
    private TestAdapterContext downloaderContext;
    private GnutellaAdapter leafA;
    private GnutellaAdapter leafB;
    private GnutellaAdapter leafC;
    private GnutellaAdapter leafF;
    private SharedFile twin;
    private SharedFile pushed;
    private SharedFile later;

    @BeforeAll
    void network() throws IOException {
        GnutellaAdapter up = node(GnutellaConfig.Role.ULTRAPEER, List.of());
        List<String> bootstrap = List.of("127.0.0.1:" + up.listenPort());
        leafA = node(GnutellaConfig.Role.LEAF, bootstrap);
        downloaderContext = contexts.get(contexts.size() - 1);
        // Shared before the leaves start, so that their first route tables already name the files: a search is
        // forwarded to a leaf only through the table the ultrapeer holds when the query passes.
        Path dirB = Files.createDirectories(shares.resolve("b"));
        Path dirC = Files.createDirectories(shares.resolve("c"));
        // The same bytes under the same name on B and C: two sources of one SHA-1.
        twin = TestShares.file(dirB, "crossnet twinfile.bin", TWIN_SIZE, 21);
        SharedFile twinOnC = TestShares.file(dirC, "crossnet twinfile.bin", TWIN_SIZE, 21);
        assertThat(twinOnC.content().sha1()).isEqualTo(twin.content().sha1());
        later = TestShares.file(dirC, "crossnet laterfile.bin", 300 * 1024, 24);
        pushed = TestShares.file(Files.createDirectories(shares.resolve("f")), "crossnet behindwall.bin", PUSHED_SIZE,
                22);
        leafB = node(GnutellaConfig.Role.LEAF, bootstrap, twin);
        leafC = node(GnutellaConfig.Role.LEAF, bootstrap, twinOnC, later);
        leafF = node(GnutellaConfig.Role.LEAF, bootstrap, pushed);
        // Behind a "firewall": its listener closes before its ultrapeer's TCP connect-back can arrive, so it never
        // learns that it is reachable and its query hits ask to be pushed.
        leafF.listener().close().awaitUninterruptibly(2_000);
        assertThat(Wait.until(() -> up.node().snapshot().leaves() == 4, TIMEOUT)).as("U has 4 leaves: %s",
                up.statusLine()).isTrue();
    }

    private GnutellaAdapter node(GnutellaConfig.Role role, List<String> bootstrap, SharedFile... files) {
        TestAdapterContext context = TestAdapterContext.forNetwork("gnutella");
        contexts.add(context);
        GnutellaAdapter adapter = (GnutellaAdapter) new GnutellaAdapterFactory().create(Nodes.config(role, bootstrap),
                context);
        nodes.add(adapter);
        for (SharedFile f : files) {
            adapter.publisher().orElseThrow().publish(f);
        }
        adapter.start();
        return adapter;
    }

    @AfterAll
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        contexts.forEach(TestAdapterContext::close);
    }

    @Test
    void hitsFromTwoLeavesDownloadFromBothAtOnce() {
        List<SearchHit> hits = search("twinfile", 2);
        assertThat(hits).extracting(h -> h.handle().get(SearchHit.PEER_HANDLE_KEY)).containsExactlyInAnyOrder(
                "127.0.0.1:" + leafB.listenPort(), "127.0.0.1:" + leafC.listenPort());
        assertThat(hits).allSatisfy(h -> assertThat(h.content().sha1()).isEqualTo(twin.content().sha1()));
        // The index in the hit is the one the HTTP side serves /get/<index>/ by.
        assertThat(hits).allSatisfy(h -> assertThat(h.handle()).containsEntry(HitMapper.INDEX_KEY, "1"));

        Fetch f = fetch(hits.get(0), peersOf(hits));

        assertThat(Wait.until(f.download::finished, TIMEOUT)).as("%s", f.download).isTrue();
        assertThat(f.store.data()).isEqualTo(bytes(twin));
        assertThat(f.store.verifiedUnits()).filteredOn(u -> u.kind().equals(HttpDownload.SHA1_UNIT))
                .containsExactly(new VerificationUnit(downloaderContext.network(), HttpDownload.SHA1_UNIT, 0, 0,
                        TWIN_SIZE));
        assertThat(leafB.http().stats().bytesSent()).as("B served").isPositive();
        assertThat(leafC.http().stats().bytesSent()).as("C served").isPositive();
        assertThat(f.download.sources()).filteredOn(s -> s.bytes() > 0).as("sources that delivered").hasSize(2);
        assertThat(f.sink.bytesDown()).isGreaterThanOrEqualTo(TWIN_SIZE);
        assertThat(f.sink.failure()).isEmpty();
        assertThat(f.sink.violations()).isEmpty();
        f.download.close();
    }

    @Test
    void aLeafThatCannotBeDialledServesThroughPushRoutedOverGnutella() throws IOException {
        assertThat(leafF.listener().isOpen()).isFalse();
        assertThat(leafF.node().snapshot().reachable()).isFalse();
        List<SearchHit> hits = search("behindwall", 1);
        SearchHit hit = hits.get(0);
        assertThat(hit.handle()).containsEntry(HitMapper.SERVENT_KEY, leafF.node().servent().toString())
                .containsEntry(HitMapper.PUSH_KEY, "true");
        HttpSource source = HitSources.sourceOf(hit.handle());
        assertThat(source.firewalled()).as("the hit carries what a PUSH needs and says to use it").isTrue();
        assertThat(leafA.hitSources().sources(pushed.content().sha1())).containsExactly(source);
        long sentBefore = leafF.http().stats().bytesSent();

        // Only the hit's address, as the engine passes it: the servent GUID and index come from the hit.
        Fetch f = fetch(hit, List.of(hit.handle().get(SearchHit.PEER_HANDLE_KEY)));

        assertThat(Wait.until(f.download::finished, TIMEOUT)).as("%s", f.download).isTrue();
        assertThat(f.store.data()).isEqualTo(bytes(pushed));
        assertThat(leafF.http().stats().bytesSent() - sentBefore).as("F uploaded over its GIV connection")
                .isEqualTo(PUSHED_SIZE);
        assertThat(f.sink.failure()).isEmpty();
        assertThat(f.sink.violations()).isEmpty();
        f.download.close();
    }

    @Test
    void hitsArrivingDuringADownloadBecomeItsSources() throws InterruptedException {
        SearchHit expected = new SearchHit(later.content().name(), later.content().size(), later.content(),
                downloaderContext.network(), 1, java.util.Map.of());
        Fetch f = fetch(expected, List.of());
        Thread.sleep(600);
        assertThat(f.download.finished()).as("no source known yet").isFalse();
        assertThat(f.download.sources()).isEmpty();

        search("laterfile", 1);

        assertThat(Wait.until(f.download::finished, TIMEOUT)).as("%s", f.download).isTrue();
        assertThat(f.store.data()).isEqualTo(bytes(later));
        assertThat(f.download.sources()).extracting(HttpDownload.SourceReport::address)
                .extracting(a -> a.getPort()).containsExactly(leafC.listenPort());
        f.download.close();
    }

    @Test
    void aWithdrawnFileIsNoLongerServed() throws IOException {
        SharedFile gone = TestShares.file(Files.createDirectories(shares.resolve("b2")), "crossnet vanishing.bin",
                2048, 23);
        leafB.publisher().orElseThrow().publish(gone);
        // The index our query hits would carry for it.
        long index = leafB.library().bySha1(gone.content().sha1()).orElseThrow().index();
        String uri = "/get/" + index + "/crossnet%20vanishing.bin";
        assertThat(head(leafB, uri)).startsWith("HTTP/1.1 200");
        assertThat(head(leafB, "/uri-res/N2R?urn:sha1:" + gone.content().sha1().bytes().base32()))
                .startsWith("HTTP/1.1 200");

        leafB.publisher().orElseThrow().withdraw(gone.content());

        assertThat(leafB.library().bySha1(gone.content().sha1())).isEmpty();
        assertThat(head(leafB, uri)).startsWith("HTTP/1.1 404");
        assertThat(head(leafB, "/uri-res/N2R?urn:sha1:" + gone.content().sha1().bytes().base32()))
                .startsWith("HTTP/1.1 404");
    }

    /** The status line a HEAD request for {@code uri} gets from a node's listening port. */
    private static String head(GnutellaAdapter node, String uri) throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.listenPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("HEAD " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            for (int c = s.getInputStream().read(); c >= 0 && c != '\r' && c != '\n'; c = s.getInputStream().read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void downloaderRefusesContentWithoutSha1OrSize() {
        Downloader d = leafA.downloader().orElseThrow();
        assertThat(d.canFetch(twin.content())).isTrue();
        assertThat(d.canFetch(new org.crossnet.spi.model.ContentId(-1, "x", twin.content().sha1(), null, null, null,
                null))).as("unknown size").isFalse();
    }

    /**
     * Searches until {@code hits} hits came back. A query passes a leaf only if the ultrapeer holds the leaf's
     * table when the query goes by; a table still in flight right after the setup would make one search miss, so a
     * search that found too little within a few seconds is started again, as a user would.
     */
    private List<SearchHit> search(String word, int hits) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        RecordingSearchSink sink;
        boolean found;
        do {
            sink = new RecordingSearchSink();
            SearchHandle handle = leafA.searcher().orElseThrow().search(SearchQuery.ofKeywords(word), sink);
            found = sink.awaitHits(hits, Duration.ofSeconds(3));
            handle.cancel();
        } while (!found && System.nanoTime() < deadline);
        assertThat(sink.receivedHits()).as("hits for %s", word).hasSizeGreaterThanOrEqualTo(hits);
        assertThat(sink.violations()).isEmpty();
        return List.copyOf(sink.receivedHits());
    }

    private static List<String> peersOf(List<SearchHit> hits) {
        return hits.stream().map(h -> h.handle().get(SearchHit.PEER_HANDLE_KEY)).toList();
    }

    private record Fetch(HttpDownload download, InMemoryStoredContent store, RecordingDownloadSink sink) {
    }

    private Fetch fetch(SearchHit hit, List<String> peers) {
        Downloader downloader = leafA.downloader().orElseThrow();
        assertThat(downloader.canFetch(hit.content())).isTrue();
        InMemoryStoredContent store = downloaderContext.store().addTransfer(TransferId.random(), hit.size());
        RecordingDownloadSink sink = new RecordingDownloadSink();
        HttpDownload download = (HttpDownload) downloader.download(new DownloadRequest(store.transfer(),
                hit.content(), store, peers, List.of(), null), sink);
        return new Fetch(download, store, sink);
    }

    private static byte[] bytes(SharedFile file) {
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
