package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.crossnet.adapter.edonkey.interop.AmuleNode;
import org.crossnet.adapter.edonkey.interop.AmuleTestNet;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.net.ChannelKadTransport;
import org.crossnet.adapter.edonkey.kad.net.EventLoopKadScheduler;
import org.crossnet.adapter.edonkey.kad.net.KadDatagramHandler;
import org.crossnet.adapter.edonkey.kad.net.NettyTcpProbe;
import org.crossnet.adapter.edonkey.kad.routing.KadPreferences;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SearchQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kad against aMule 2.3.3: three amuleds in a network namespace and our node on the gateway address. The amuleds know
 * each other from a pre-seeded nodes.dat; our node knows only the first amuled's address and bootstraps from it. All
 * Kad ids (and both keywords' MD4) share their first byte, so every node is within Kad's search tolerance of both
 * keys and stores and searches are accepted. Then: amuled C's {@code search kad} finds the file our node publishes;
 * a keyword search from our node finds the file amuled A shares and publishes (also with a search expression aMule
 * evaluates); a source search finds A; and A's publish reaches our node's index.
 */
class KadAmuleIT {
    private static final String AMULE_WORD = "crossnetamulekad";
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    /** Held: java.util.logging keeps loggers weakly, and a collected one loses its level. */
    private static final java.util.logging.Logger KAD_LOG = java.util.logging.Logger.getLogger(
            "org.crossnet.adapter.edonkey.kad");

    /** Datagrams per direction, peer and opcode with the time of the first, for the messages. */
    private static final class Traffic {
        private final long start = System.nanoTime();
        private final java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final java.util.Map<String, Long> first = new java.util.concurrent.ConcurrentHashMap<>();

        void count(String direction, InetSocketAddress peer, io.netty.buffer.ByteBuf packet) {
            if (packet.readableBytes() >= 2) {
                String op = org.crossnet.adapter.edonkey.kad.codec.KadOpcodes.name(
                        packet.getUnsignedByte(packet.readerIndex() + 1));
                String proto = String.format("%02x", packet.getUnsignedByte(packet.readerIndex()));
                String key = direction + " " + peer.getAddress().getHostAddress() + " " + proto + " " + op;
                counts.merge(key, 1, Integer::sum);
                first.putIfAbsent(key, System.nanoTime() - start);
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            counts.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%n  %-50s x%-4d first at %6.1f s", k, v,
                    first.get(k) / 1e9)));
            return sb.toString();
        }
    }

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

    @Test
    void ourNodeBootstrapsFromAmuleAndBothFindTheOthersFile(@TempDir Path tmp) throws Exception {
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

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>();
        DefaultKadNode node = null;
        try (AmuleTestNet net = AmuleTestNet.create()) {
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
            // our node first (not started): C's nodes.dat lists it, so one aMule holds it in its routing table; a
            // bin keeps two contacts of one /24, so each amuled knows two of the three others
            Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // a firewall check only needs the connection accepted
                            ch.close();
                        }
                    }).bind(gateway, 0).sync().channel();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).bind(gateway, 0).sync().channel();
            channels.add(tcp);
            channels.add(udp);
            KadSettings settings = KadSettings.defaults(ids.get(3), KadId.random(random),
                    ((InetSocketAddress) tcp.localAddress()).getPort(),
                    ((InetSocketAddress) udp.localAddress()).getPort())
                    .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30),
                            Duration.ofSeconds(1), Duration.ofSeconds(30));
            Traffic traffic = new Traffic();
            ChannelKadTransport transport = new ChannelKadTransport(udp);
            DefaultKadNode ours = new DefaultKadNode(settings, new EventLoopKadScheduler(udp.eventLoop()),
                    (to, packet) -> {
                        traffic.count("out", to, packet);
                        transport.send(to, packet);
                    }, new NettyTcpProbe(group, gateway, Duration.ofSeconds(5)), new Random(9),
                    ByteBufAllocator.DEFAULT);
            node = ours;
            udp.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof io.netty.channel.socket.DatagramPacket p) {
                        traffic.count("in ", p.sender(), p.content());
                    }
                    ctx.fireChannelRead(msg);
                }
            }, new KadDatagramHandler(ours));
            KadContactEntry oursEntry = new KadContactEntry(ids.get(3), (Inet4Address) gateway, settings.udpPort(),
                    settings.tcpPort(), KadSettings.DEFAULT_VERSION);

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

            // we bootstrap from A's address alone
            ours.start();
            ours.bootstrap(amuleContacts.get(0).udpEndpoint());
            // two contacts: all nodes share 198.51.100.0/24, and a routing bin keeps at most two of one /24 (aMule's
            // rule, ours too); lookups still reach the third through the others' answers
            assertThat(await(() -> ours.status().bootstrapped() && ours.status().contacts() >= 2, TIMEOUT))
                    .as("bootstrapped from amuled A: %s", ours.status()).isTrue();
            long bootstrapped = System.nanoTime();

            // we publish a file under the gateway word
            Ed2kHash ourHash = new Ed2kHash(Bytes.of(md4(("gateway " + gwWord).getBytes(StandardCharsets.UTF_8))));
            String ourName = gwWord + ".txt";
            ours.publish(KadSharedFile.of(ourHash, ourName, 1_234_567));

            // amuled C's Kad search finds our file (stored on A and B, which C asks)
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
            assertThat(cFound).as("our file in amuled C's Kad results; C: %s\nour node: %s %s\ntraffic:%s",
                    c.status(), ours.status(), ours.stats(), traffic).isTrue();

            // our keyword search finds A's file once A has published it (aMule waits for its own bootstrap and
            // firewall checks first): searched again until found
            KadKeywordResult found = null;
            while (found == null && System.nanoTime() - t0 < TIMEOUT.toNanos()) {
                Collector<KadKeywordResult> results = new Collector<>();
                ours.searchKeywords(SearchQuery.ofKeywords(AMULE_WORD), results);
                assertThat(results.done.await(90, TimeUnit.SECONDS)).isTrue();
                found = results.results.stream().filter(r -> r.file().equals(amuleHash)).findFirst().orElse(null);
                if (found == null) {
                    Thread.sleep(5_000);
                }
            }
            long foundAmule = System.nanoTime();
            assertThat(found).as("A's file found by our keyword search; A: %s\nour node: %s %s\ntraffic:%s",
                    a.status(), ours.status(), ours.stats(), traffic).isNotNull();
            assertThat(found.name()).isEqualTo(amuleFile.getFileName().toString());
            assertThat(found.size()).isEqualTo(text.length);
            assertThat(found.from().getAddress()).isNotEqualTo(gateway);

            // a search with an expression tree (the other word and a size range) that aMule evaluates; spaced from
            // the searches above, since aMule takes 3 SEARCH_KEY_REQs a minute from one node
            Thread.sleep(20_000);
            Collector<KadKeywordResult> filtered = new Collector<>();
            ours.searchKeywords(new SearchQuery(List.of(AMULE_WORD, "txt"), 1_000, 10_000_000,
                    org.crossnet.spi.model.MediaType.ANY, java.util.Set.of()), filtered);
            assertThat(filtered.done.await(90, TimeUnit.SECONDS)).isTrue();
            assertThat(filtered.results).as("expression search; traffic:%s", traffic)
                    .extracting(KadKeywordResult::file).contains(amuleHash);

            // A also publishes itself as a source of its file: our source search finds A's TCP endpoint
            KadSource source = null;
            while (source == null && System.nanoTime() - t0 < TIMEOUT.toNanos()) {
                Collector<KadSource> sources = new Collector<>();
                ours.searchSources(amuleHash, text.length, sources);
                assertThat(sources.done.await(90, TimeUnit.SECONDS)).isTrue();
                source = sources.results.stream().findFirst().orElse(null);
                if (source == null) {
                    Thread.sleep(10_000);
                }
            }
            long foundSource = System.nanoTime();
            assertThat(source).as("A as a source of its file; traffic:%s", traffic).isNotNull();
            assertThat(source.tcpEndpoint()).isEqualTo(new InetSocketAddress(a.address(), a.tcpPort()));
            assertThat(source.directlyReachable()).isTrue();

            // aMule stored into our node too: C holds us, and A's store lookup reached us through C
            assertThat(await(() -> ours.status().keywordEntries() >= 1, Duration.ofSeconds(30)))
                    .as("A's keyword published to our node; traffic:%s", traffic).isTrue();
            System.out.printf(Locale.ROOT, "kad interop: bootstrapped %.1f s after start, ours found by C at %.1f s,"
                    + " A's file found at %.1f s, A as its source at %.1f s; our node stores %d keyword entries and %d"
                    + " sources, %d contacts%n", (bootstrapped - t0) / 1e9, (foundOurs - t0) / 1e9,
                    (foundAmule - t0) / 1e9, (foundSource - t0) / 1e9, ours.status().keywordEntries(),
                    ours.status().sourceEntries(), ours.status().contacts());
            System.out.println("kad interop traffic of our node:" + traffic);
        } finally {
            if (node != null) {
                node.close();
            }
            for (Channel ch : channels) {
                ch.close().sync();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
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

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private static final class Collector<T> implements KadSearchListener<T> {
        final List<T> results = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void results(List<T> r) {
            results.addAll(r);
        }

        @Override
        public void finished(String reason) {
            done.countDown();
        }
    }
}
