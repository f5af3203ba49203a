package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.crossnet.adapter.edonkey.EdonkeyAdapter;
import org.crossnet.adapter.edonkey.EdonkeyConfig;
import org.crossnet.adapter.edonkey.interop.AmuleNode;
import org.crossnet.adapter.edonkey.interop.AmuleTestNet;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.routing.KadPreferences;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.Searcher;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kad against aMule 2.3.3 through the SPI (issue #5, test d): three amuleds in a network namespace and the eDonkey
 * adapter ({@code kad-enabled}) on the gateway address, its {@code kad-bootstrap} naming the first amuled alone. The
 * amuleds know each other from a pre-seeded nodes.dat. All Kad ids (and both keywords' MD4) share their first byte,
 * so every node is within Kad's search tolerance of both keys and stores and searches are accepted; the adapter gets
 * its id the way it keeps it across restarts, a preferencesKad.dat in its state directory. Then: amuled C's
 * {@code search kad} finds the file shared through the adapter's {@link org.crossnet.spi.Publisher}; a keyword search
 * through its {@link Searcher} finds the file amuled A shares and publishes (also with a search expression aMule
 * evaluates); a download through its {@link Downloader} with no peers and no server completes byte-identical, so
 * Kad's source search found A; and the nodes.dat the adapter saves on close lists the amuleds it learned.
 */
class KadAmuleIT {
    private static final String AMULE_WORD = "crossnetamulekad";
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    /**
     * Between the starts of two keyword searches. aMule takes 3 KADEMLIA2_SEARCH_KEY_REQs a minute from one IP as a
     * leaky bucket: one more every 20 s, and a dropped request counts too (kademlia/net/PacketTracking.cpp,
     * InTrackListIsAllowedPacket). Searching more often fills the bucket, and the searches that matter are dropped.
     */
    private static final Duration SEARCH_SPACING = Duration.ofSeconds(21);
    /** Held: java.util.logging keeps loggers weakly, and a collected one loses its level. */
    private static final java.util.logging.Logger KAD_LOG = java.util.logging.Logger.getLogger(
            "org.crossnet.adapter.edonkey.kad");

    /** A word whose MD4 starts with the same byte as {@link #AMULE_WORD}'s, so the same nodes store both. */
    private static String gatewayWord() {
        int want = Keywords.hash(AMULE_WORD).toHashBytes()[0];
        for (int i = 0; ; i++) {
            String w = "crossnetgw" + i;
            if (Keywords.hash(w).toHashBytes()[0] == want) {
                return w;
            }
        }
    }

    /**
     * A download through the SPI with no peers and no eD2k server, so Kad's source search is the only way to a source.
     * That search runs once per download: a download that found no source (started before aMule published itself as
     * a source, which it does after its keywords) is replaced by a new one. Test thread only.
     */
    private static final class KadDownload {
        private static final Duration NO_SOURCE_RETRY = Duration.ofSeconds(20);
        private final TestAdapterContext ctx;
        private final Downloader downloader;
        private final ContentId content;
        private InMemoryStoredContent store;
        private RecordingDownloadSink sink;
        private DownloadSession session;
        private long startedNanos;
        private int attempts;
        private long verifiedNanos;

        KadDownload(TestAdapterContext ctx, Downloader downloader, ContentId content) {
            this.ctx = ctx;
            this.downloader = downloader;
            this.content = content;
            attempt();
        }

        private void attempt() {
            if (session != null) {
                session.close();
            }
            TransferId id = TransferId.random();
            store = ctx.store().addTransfer(id, content.size());
            sink = ctx.newDownloadSink();
            session = downloader.download(new DownloadRequest(id, content, store, List.of(), List.of(), null), sink);
            startedNanos = System.nanoTime();
            attempts++;
        }

        /** Polls until every byte is verified, the download failed, or {@code deadline} (System.nanoTime) passed. */
        void advance(long deadline) throws InterruptedException {
            while (!done() && System.nanoTime() - deadline < 0) {
                if (sink.latestSources().map(s -> s.known() == 0).orElse(true)
                        && System.nanoTime() - startedNanos > NO_SOURCE_RETRY.toNanos()) {
                    attempt();
                }
                Thread.sleep(200);
            }
            if (verifiedNanos == 0 && store.verifiedBytes() == content.size()) {
                verifiedNanos = System.nanoTime();
            }
        }

        boolean done() {
            return store.verifiedBytes() == content.size() || sink.failure().isPresent();
        }

        @Override
        public String toString() {
            return "verified " + store.verifiedBytes() + " of " + content.size() + " after " + attempts
                    + " attempt(s); sources " + sink.latestSources() + "; failure " + sink.failure();
        }
    }

    @Test
    void gatewayBootstrapsFromAmuleAndBothFindTheOthersFile(@TempDir Path tmp) throws Exception {
        if (Boolean.getBoolean("kad.debug")) {
            // -Dkad.debug=true: the node's DEBUG lines (drop reasons, stores) on the console
            java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
            console.setLevel(java.util.logging.Level.FINE);
            KAD_LOG.setLevel(java.util.logging.Level.FINE);
            KAD_LOG.addHandler(console);
        }
        long t0 = System.nanoTime();
        Random random = new Random(5);
        KadId amuleKey = Keywords.hash(AMULE_WORD);
        String gwWord = gatewayWord();
        List<KadId> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(KadId.randomWithPrefix(amuleKey, 8, random));
        }

        // amuled A shares a text file named after the keyword, whose ed2k hash (A's source key) also starts with the
        // keyword's first byte: the storing nodes accept A as a source only within the tolerance of their ids
        byte[] text;
        int variant = 0;
        do {
            text = ("crossnet kad interop " + AMULE_WORD + " " + variant++ + "\n").repeat(2000)
                    .getBytes(StandardCharsets.UTF_8);
        } while (md4(text)[0] != amuleKey.toHashBytes()[0]);
        // two keywords only ("crossnetamulekad", "txt"): aMule publishes two keywords at a time, each store taking
        // up to two minutes
        Path amuleFile = tmp.resolve(AMULE_WORD + ".txt");
        Files.write(amuleFile, text);
        Ed2kHash amuleHash = new Ed2kHash(Bytes.of(md4(text)));
        // the gateway shares a file named after the gateway word: the engine would hand the publisher this record
        Path ourFile = Nodes.randomFile(tmp, gwWord + ".txt", 300_000, 9);
        SharedFile ourShared = Nodes.shared(ourFile);
        String ourName = ourFile.getFileName().toString();

        try (AmuleTestNet net = AmuleTestNet.create();
             TestAdapterContext ctx = new TestAdapterContext(new NetworkId("edonkey"))) {
            InetAddress gateway = InetAddress.getByName(net.gatewayAddress());
            // addresses are fixed by the fixture: block + 2, 3, 4
            String base = net.gatewayAddress().substring(0, net.gatewayAddress().lastIndexOf('.') + 1);
            int first = Integer.parseInt(net.gatewayAddress().substring(base.length())) + 1;
            List<KadContactEntry> amuleContacts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // version 5 (below 6): aMule talks to them unobfuscated until their hello says otherwise
                amuleContacts.add(new KadContactEntry(ids.get(i), (Inet4Address) InetAddress.getByName(base
                        + (first + i)), 4672 + i, 4662 + i, 5));
            }
            // the adapter binds its ports at start, after the amuleds; C's nodes.dat must name them before: ports
            // free now on the fixture's address, which only this JVM binds
            int tcpPort = freeTcpPort(gateway);
            int udpPort = freeUdpPort(gateway);
            // our Kad id as the adapter keeps it across restarts: C's nodes.dat names the adapter by it
            Path kadState = ctx.stateDirectory().resolve("kad");
            Files.createDirectories(kadState);
            new KadPreferences(ids.get(3), null).write(kadState.resolve(KadPreferences.FILE_NAME));
            InetSocketAddress aKad = amuleContacts.get(0).udpEndpoint();
            EdonkeyConfig config = Nodes.config(net.gatewayAddress()).withAddress(net.gatewayAddress(), tcpPort,
                    udpPort).withKad(true, List.of(aKad.getAddress().getHostAddress() + ":" + aKad.getPort()));
            EdonkeyAdapter adapter = new EdonkeyAdapter(config, ctx);
            KadContactEntry oursEntry = new KadContactEntry(ids.get(3), (Inet4Address) gateway, udpPort, tcpPort,
                    KadSettings.DEFAULT_VERSION);
            try {
                // the adapter first (not started): C's nodes.dat lists it, so one aMule holds it in its routing
                // table; a bin keeps two contacts of one /24, so each amuled knows two of the three others
                List<List<KadContactEntry>> known = List.of(
                        List.of(amuleContacts.get(1), amuleContacts.get(2)),
                        List.of(amuleContacts.get(0), amuleContacts.get(2)),
                        List.of(amuleContacts.get(0), oursEntry));
                List<AmuleNode> amuleds = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int self = i;
                    amuleds.add(net.start("kad" + (char) ('a' + i), o -> {
                        o.kad(true);
                        if (self == 0) {
                            o.share(amuleFile);
                        }
                        o.beforeStart(dir -> seed(dir, ids.get(self), known.get(self)));
                    }));
                }
                AmuleNode a = amuleds.get(0);
                AmuleNode c = amuleds.get(2);
                assertThat(a.awaitShared(amuleHash.bytes().hex(), Duration.ofSeconds(60))).as(a.log()).isTrue();

                // the adapter bootstraps from A's address alone (kad-bootstrap); the file shared through its
                // publisher is stored into Kad once the bootstrap (a lookup of our own id) has completed
                adapter.start();
                assertThat(adapter.udpPort()).isEqualTo(udpPort);
                assertThat(adapter.tcpPort()).isEqualTo(tcpPort);
                // the adapter's Kad bootstraps from A: its status line (the API's network detail) says so, with the
                // contacts learnt (a bin keeps at most two of one /24, hence two)
                Pattern contacts = Pattern.compile("kad (\\d+) contacts, bootstrapped");
                assertThat(Nodes.await(() -> {
                    Matcher m = contacts.matcher(adapter.statusLine());
                    return m.find() && Integer.parseInt(m.group(1)) >= 2;
                }, Duration.ofSeconds(30))).as("bootstrapped from amuled A: %s", adapter.statusLine()).isTrue();
                adapter.publisher().orElseThrow().publish(ourShared);

                // amuled C's Kad search finds our file (stored on A and B, which C asks): proof that the adapter
                // bootstrapped, since it stores nothing before
                boolean cFound = false;
                while (!cFound && System.nanoTime() - t0 < TIMEOUT.toNanos()) {
                    c.command("search kad " + gwWord);
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!cFound && System.nanoTime() < until) {
                        Thread.sleep(1_000);
                        cFound = c.command("results").contains(ourName);
                    }
                }
                long foundOurs = System.nanoTime();
                assertThat(cFound).as("our file in amuled C's Kad results; C: %s\nadapter: %s", c.status(),
                        adapter.statusLine()).isTrue();

                // our keyword search finds A's file once A has published it (aMule waits for its own bootstrap and
                // firewall checks first): searched again until found
                Searcher searcher = adapter.searcher().orElseThrow();
                SearchHit found = null;
                long lastSearch = System.nanoTime() - SEARCH_SPACING.toNanos();
                while (found == null && System.nanoTime() - t0 < TIMEOUT.toNanos()) {
                    sleepUntil(lastSearch + SEARCH_SPACING.toNanos());
                    lastSearch = System.nanoTime();
                    found = search(searcher, SearchQuery.ofKeywords(AMULE_WORD), amuleHash).orElse(null);
                }
                long foundAmule = System.nanoTime();
                assertThat(found).as("A's file found by our keyword search; A: %s\nadapter: %s", a.status(),
                        adapter.statusLine()).isNotNull();
                assertThat(found.name()).isEqualTo(amuleFile.getFileName().toString());
                assertThat(found.size()).isEqualTo(text.length);
                assertThat(found.network()).isEqualTo(new NetworkId("edonkey"));
                assertThat(found.content().ed2k()).isEqualTo(amuleHash);

                // the hit downloaded with no peers: it runs during the pause before the next keyword search
                KadDownload download = new KadDownload(ctx, adapter.downloader().orElseThrow(), found.content());
                // a search with an expression tree (the other word and a size range) that aMule evaluates; spaced from
                // the searches above like them
                download.advance(lastSearch + SEARCH_SPACING.toNanos());
                Optional<SearchHit> filtered = search(searcher, new SearchQuery(List.of(AMULE_WORD, "txt"), 1_000,
                        10_000_000, MediaType.ANY, Set.of()), amuleHash);
                assertThat(filtered).as("expression search; adapter: %s", adapter.statusLine()).isPresent();

                // the download completes byte-identical: Kad's source search found A (the only node with the file)
                download.advance(t0 + TIMEOUT.toNanos());
                assertThat(download.store.verifiedBytes()).as("%s; adapter: %s; A: %s", download,
                        adapter.statusLine(), a.status()).isEqualTo(text.length);
                assertThat(download.store.data()).isEqualTo(text);
                assertThat(download.sink.violations()).isEmpty();
                download.session.close();

                // the contacts the adapter saves on close: amuleds only (there is no other Kad node), at least two
                // (A, which it bootstrapped from, and those learned through A; a routing bin keeps two of one /24, so
                // which two of the three is up to the order they answered)
                adapter.close();
                List<InetSocketAddress> saved = NodesDat.read(kadState.resolve("nodes.dat")).contacts().stream()
                        .map(KadContactEntry::udpEndpoint).toList();
                List<InetSocketAddress> amuleEndpoints = amuleContacts.stream().map(KadContactEntry::udpEndpoint)
                        .toList();
                assertThat(saved).as("the adapter's nodes.dat").hasSizeGreaterThanOrEqualTo(2)
                        .doesNotHaveDuplicates().allMatch(amuleEndpoints::contains);
                System.out.printf(Locale.ROOT, "kad interop (adapter): ours found by C at %.1f s, A's file found at"
                        + " %.1f s, downloaded from A (Kad source) at %.1f s in %d attempt(s); %d contacts saved%n",
                        (foundOurs - t0) / 1e9, (foundAmule - t0) / 1e9, (download.verifiedNanos - t0) / 1e9,
                        download.attempts, saved.size());
            } finally {
                adapter.close();
            }
        }
    }

    /**
     * One keyword search through the SPI: the hit for {@code file}, once it arrives or the search ends. The sink must
     * see no SPI violation (hits after finished, finished twice).
     */
    private static Optional<SearchHit> search(Searcher searcher, SearchQuery query, Ed2kHash file) {
        RecordingSearchSink sink = new RecordingSearchSink();
        SearchHandle handle = searcher.search(query, sink);
        Nodes.await(() -> sink.isFinished() || hit(sink, file).isPresent(), Duration.ofSeconds(90));
        handle.cancel();
        assertThat(sink.violations()).isEmpty();
        return hit(sink, file);
    }

    /** Sleeps until {@code deadline} (System.nanoTime); returns at once when it has passed. */
    private static void sleepUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static Optional<SearchHit> hit(RecordingSearchSink sink, Ed2kHash file) {
        return sink.receivedHits().stream().filter(h -> file.equals(h.content().ed2k())).findFirst();
    }

    private static int freeTcpPort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return s.getLocalPort();
        }
    }

    /** Writes preferencesKad.dat (the node's id) and nodes.dat (its contacts) into an amuled's config dir. */
    private static void seed(Path dir, KadId id, List<KadContactEntry> contacts) {
        try {
            new KadPreferences(id, null).write(dir.resolve(KadPreferences.FILE_NAME));
            List<NodesDat.Node> nodes = new ArrayList<>();
            for (KadContactEntry c : contacts) {
                nodes.add(new NodesDat.Node(c, 0, 0, 0, true));
            }
            NodesDat.version2(nodes).write(dir.resolve("nodes.dat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] md4(byte[] data) {
        MD4Digest d = new MD4Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }
}
