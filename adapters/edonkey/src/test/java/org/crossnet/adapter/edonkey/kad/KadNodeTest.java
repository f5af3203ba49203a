package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.DeflaterOutputStream;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.crossnet.adapter.edonkey.kad.codec.KadMessage;
import org.crossnet.adapter.edonkey.kad.codec.KadOpcodes;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketEncoder;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.routing.KadContact;
import org.crossnet.adapter.edonkey.kad.routing.NodesDat;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.RecordingSearchSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Networks of our own nodes in virtual time (LAN addresses, so Kad's search tolerance does not apply). */
class KadNodeTest {
    private final MemoryKadNetwork net = new MemoryKadNetwork();

    @AfterEach
    void close() {
        net.close();
    }

    private static KadSettings fast(KadSettings s) {
        return s.withTimings(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /** {@code count} nodes on 10.0.0.1.., all bootstrapped from the first. */
    private List<DefaultKadNode> network(int count) {
        List<DefaultKadNode> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(net.add("10.0." + (i / 200) + "." + (i % 200 + 1), null, KadNodeTest::fast));
        }
        nodes.forEach(DefaultKadNode::start);
        InetSocketAddress first = net.udpOf(nodes.get(0));
        nodes.subList(1, count).forEach(n -> n.bootstrap(first));
        assertThat(net.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.status().bootstrapped()), 60_000))
                .as("all bootstrapped").isTrue();
        // greetings from lookups spread every node to every table (all fit: bins near an id split)
        assertThat(net.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.status().contacts() == count - 1),
                120_000)).as("every node knows every other").isTrue();
        // let greetings, challenges and firewall checks settle
        net.scheduler.advance(5_000);
        return nodes;
    }

    private static final class Collector<T> implements KadSearchListener<T> {
        final List<T> results = new ArrayList<>();
        String finished;
        boolean done;

        @Override
        public void results(List<T> r) {
            results.addAll(r);
        }

        @Override
        public void finished(String reason) {
            finished = reason;
            done = true;
        }
    }

    @Test
    void bootstrapFillsEveryRoutingTable() {
        List<DefaultKadNode> nodes = network(8);
        for (DefaultKadNode n : nodes) {
            assertThat(n.status().contacts()).as(n.status().id().toString()).isEqualTo(7);
            // everyone greeted everyone: contacts are verified and typed alive
            assertThat(n.table().all()).allMatch(KadContact::verified).allMatch(c -> c.type() <= 2);
        }
        assertThat(net.sent("KADEMLIA2_BOOTSTRAP_REQ")).isEqualTo(7);
        assertThat(net.sent("KADEMLIA2_HELLO_RES")).isGreaterThan(0);
    }

    @Test
    void publishReachesTheClosestNodesAndBothSearchesFindIt() {
        List<DefaultKadNode> nodes = network(30);
        DefaultKadNode publisher = nodes.get(5);
        Ed2kHash hash = new Ed2kHash(MemoryKadNetwork.bytes(1));
        KadSharedFile file = KadSharedFile.of(hash, "Harness Movie Trailer.avi", 123_456_789L);
        publisher.publish(file);

        // the keyword lookups converge: exactly the 10 nodes closest to "trailer" store it
        KadId key = Keywords.hash("trailer");
        List<DefaultKadNode> byDistance = new ArrayList<>(nodes);
        byDistance.remove(publisher);
        byDistance.sort(Comparator.comparing(n -> n.status().id().xor(key)));
        assertThat(net.scheduler.runUntil(() -> byDistance.subList(0, 10).stream()
                .allMatch(n -> n.status().keywordEntries() >= 1), 60_000)).as("stored on the 10 closest").isTrue();
        net.scheduler.advance(5_000);
        // each of the 4 keywords ("harness", "movie", "trailer", "avi") went to its own 10 closest
        assertThat(nodes.stream().mapToInt(n -> n.status().keywordEntries()).sum()).isEqualTo(40);

        DefaultKadNode searcher = nodes.get(20);
        Collector<KadKeywordResult> found = new Collector<>();
        searcher.searchKeywords(SearchQuery.ofKeywords("harness", "trailer"), found);
        assertThat(net.scheduler.runUntil(() -> found.done, 60_000)).isTrue();
        assertThat(found.finished).isNull();
        assertThat(found.results).hasSize(1);
        KadKeywordResult r = found.results.get(0);
        assertThat(r.file()).isEqualTo(hash);
        assertThat(r.name()).isEqualTo("Harness Movie Trailer.avi");
        assertThat(r.size()).isEqualTo(123_456_789L);
        assertThat(r.fileType()).contains("Video");

        // through the SPI: an ed2k content id
        RecordingSearchSink sink = new RecordingSearchSink();
        searcher.search(SearchQuery.ofKeywords("movie"), sink, new NetworkId("edonkey"));
        assertThat(net.scheduler.runUntil(() -> !sink.receivedHits().isEmpty() && sink.isFinished(), 60_000)).isTrue();
        SearchHit hit = sink.receivedHits().get(0);
        assertThat(hit.content().ed2k()).isEqualTo(hash);
        assertThat(hit.size()).isEqualTo(123_456_789L);
        assertThat(hit.network()).isEqualTo(new NetworkId("edonkey"));

        // a query the storing nodes filter out (size range) finds nothing
        Collector<KadKeywordResult> none = new Collector<>();
        searcher.searchKeywords(new SearchQuery(List.of("trailer"), 200_000_000L, Long.MAX_VALUE,
                org.crossnet.spi.model.MediaType.ANY, java.util.Set.of()), none);
        assertThat(net.scheduler.runUntil(() -> none.done, 60_000)).isTrue();
        assertThat(none.results).isEmpty();

        // sources: the publisher counts as open once two nodes connected back, then publishes itself
        assertThat(net.scheduler.runUntil(() -> !publisher.status().firewalled(), 60_000)).as("open").isTrue();
        assertThat(net.scheduler.runUntil(() -> nodes.stream().mapToInt(n -> n.status().sourceEntries()).sum() >= 5,
                60_000)).as("source stored").isTrue();
        Collector<KadSource> sources = new Collector<>();
        searcher.searchSources(hash, file.size(), sources);
        assertThat(net.scheduler.runUntil(() -> sources.done, 60_000)).isTrue();
        assertThat(sources.results).hasSize(1);
        KadSource s = sources.results.get(0);
        assertThat(s.tcpEndpoint()).isEqualTo(MemoryKadNetwork.endpoint(net.udpOf(publisher).getAddress()
                .getHostAddress(), 4662));
        assertThat(s.udpPort()).isEqualTo(4672);
        assertThat(s.directlyReachable()).isTrue();
        assertThat(s.userHash()).isEqualTo(publisher.settings().userHash());
    }

    @Test
    void malformedAndUnrequestedPacketsAreDroppedWithAReason() throws Exception {
        List<DefaultKadNode> nodes = network(4);
        DefaultKadNode node = nodes.get(0);
        InetSocketAddress from = MemoryKadNetwork.endpoint("10.9.9.9", 4672);
        List<String> reasons = new ArrayList<>();
        long before = node.stats().dropped();

        // bad length: a KADEMLIA2_RES claiming 200 contacts
        byte[] res = encode(new KadMessage.Response(KadId.ZERO, List.of()));
        res[18] = (byte) 200;
        net.inject(from, node, res);
        reasons.add(node.stats().lastDropReason());
        // a zlib bomb
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(0xE5);
        bomb.write(KadOpcodes.SEARCH_RES);
        try (DeflaterOutputStream z = new DeflaterOutputStream(bomb)) {
            z.write(new byte[8 << 20]);
        }
        net.inject(from, node, bomb.toByteArray());
        reasons.add(node.stats().lastDropReason());
        // a tag count larger than the tags
        byte[] hello = encode(new KadMessage.HelloRequest(KadId.random(net.random), 4662, 5,
                List.of(Tag.uint8(KadTags.KADMISCOPTIONS, 0))));
        hello[21] = 9;
        net.inject(from, node, hello);
        reasons.add(node.stats().lastDropReason());
        // an unknown opcode
        net.inject(from, node, new byte[] {(byte) 0xE4, 0x7E, 1, 2, 3});
        reasons.add(node.stats().lastDropReason());
        // an obfuscated packet
        net.inject(from, node, new byte[] {0x12, 0x34, 0x56, 0x78});
        reasons.add(node.stats().lastDropReason());
        // answers nobody asked for
        net.inject(from, node, encode(new KadMessage.HelloResponse(KadId.random(net.random), 4662, 8, List.of())));
        net.scheduler.advance(10);
        reasons.add(node.stats().lastDropReason());
        net.inject(from, node, encode(new KadMessage.PublishResponse(KadId.ZERO, 1, OptionalInt.empty())));
        net.scheduler.advance(10);
        reasons.add(node.stats().lastDropReason());
        // a request for another node id
        net.inject(from, node, encode(new KadMessage.Request(KadOpcodes.FIND_NODE, KadId.ZERO, KadId.ZERO)));
        net.scheduler.advance(10);
        reasons.add(node.stats().lastDropReason());

        assertThat(node.stats().dropped() - before).isEqualTo(8);
        assertThat(reasons).containsExactly(
                "response contact count: 200 (expected: at most 0 (0 bytes left, 25 per contact))",
                reasons.get(1), reasons.get(2),
                "kad opcode: 0x7E (expected: a Kad2 opcode this node handles)",
                "kad protocol: 0x12 (expected: 0xE4 or 0xE5 (obfuscated Kad packets are not supported))",
                "KADEMLIA2_HELLO_RES: unrequested (expected: an answer to a request we sent within 180 s)",
                "KADEMLIA2_PUBLISH_RES: unrequested (expected: an answer to a request we sent within 180 s)",
                "KADEMLIA2_REQ receiver: 00000000000000000000000000000000 (expected: our id "
                        + node.status().id() + ")");
        assertThat(reasons.get(1)).startsWith("packed kad payload: more than ");
        assertThat(reasons.get(2)).contains("truncated");

        // the node still works: a ping from a stranger is answered
        long pongs = net.sent("KADEMLIA2_PONG");
        nodes.get(1).onDatagram(net.udpOf(nodes.get(2)), io.netty.buffer.Unpooled.wrappedBuffer(
                encode(new KadMessage.Ping())));
        net.scheduler.advance(100);
        assertThat(net.sent("KADEMLIA2_PONG")).isEqualTo(pongs + 1);
    }

    @Test
    void deadContactsAreCheckedAndRemoved() {
        List<DefaultKadNode> nodes = network(8);
        DefaultKadNode gone = nodes.get(3);
        KadId goneId = gone.status().id();
        net.takeDown(gone);
        // contacts are checked after their hour; unanswered checks raise the type until removal
        net.scheduler.advance(3 * 3_600_000L);
        for (DefaultKadNode n : nodes) {
            if (n != gone) {
                assertThat(n.table().get(goneId)).as("removed from " + n.status().id()).isEmpty();
                assertThat(n.status().contacts()).isEqualTo(6);
            }
        }
    }

    @Test
    void aNodesDatSnapshotBootstrapsAnotherNode() {
        List<DefaultKadNode> nodes = network(6);
        NodesDat snapshot = nodes.get(0).snapshot();
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.contacts()).hasSize(5);
        DefaultKadNode late = net.add("10.0.1.1", null, KadNodeTest::fast);
        late.start();
        late.addContacts(NodesDat.parse(snapshot.toBytes()));
        assertThat(net.scheduler.runUntil(() -> late.status().bootstrapped(), 30_000)).isTrue();
        assertThat(net.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.status().contacts() == 6), 30_000))
                .as("the others learnt the late node from its hello").isTrue();
    }

    @Test
    void farPublishesFromPublicAddressesAreRefusedNearOnesStored() {
        KadId key = Keywords.hash("tolerance");
        DefaultKadNode near = net.add("198.51.100.2", KadId.randomWithPrefix(key, 16, net.random), KadNodeTest::fast);
        DefaultKadNode far = net.add("198.51.100.3", KadId.of(~key.high(), key.low()), KadNodeTest::fast);
        near.start();
        far.start();
        InetSocketAddress publisher = MemoryKadNetwork.endpoint("203.0.113.7", 4672);
        KadMessage publish = new KadMessage.PublishKeyRequest(key, List.of(new KadMessage.Entry(KadId.ZERO,
                List.of(Tag.string(KadTags.FILENAME, "tolerance test.txt"), Tag.integer(KadTags.FILESIZE, 10)))));
        net.inject(publisher, near, encode(publish));
        net.inject(publisher, far, encode(publish));
        net.scheduler.advance(100);
        assertThat(near.status().keywordEntries()).isEqualTo(1);
        assertThat(far.status().keywordEntries()).isZero();
        assertThat(far.stats().lastDropReason()).startsWith("KADEMLIA2_PUBLISH_KEY_REQ keyword: " + key
                + " (expected: within the search tolerance of our id)");
        assertThat(net.traffic).contains("198.51.100.2>203.0.113.7 KADEMLIA2_PUBLISH_RES")
                .doesNotContain("198.51.100.3>203.0.113.7 KADEMLIA2_PUBLISH_RES");
    }

    @Test
    void cancelledSearchesStaySilentAndCloseFinishesTheRest() {
        List<DefaultKadNode> nodes = network(6);
        nodes.get(1).publish(KadSharedFile.of(new Ed2kHash(MemoryKadNetwork.bytes(3)), "silent cancel.txt", 5));
        net.scheduler.advance(10_000);
        Collector<KadKeywordResult> cancelled = new Collector<>();
        nodes.get(4).searchKeywords(SearchQuery.ofKeywords("silent"), cancelled).cancel();
        Collector<KadKeywordResult> running = new Collector<>();
        nodes.get(4).searchKeywords(SearchQuery.ofKeywords("cancel"), running);
        assertThat(nodes.get(4).status().searches()).isEqualTo(1);
        nodes.get(4).close();
        net.scheduler.advance(10_000);
        assertThat(cancelled.results).isEmpty();
        assertThat(cancelled.done).isFalse();
        assertThat(running.finished).isEqualTo("closed");
        // a search needs a keyword of three bytes
        Collector<KadKeywordResult> tooShort = new Collector<>();
        nodes.get(2).searchKeywords(SearchQuery.ofKeywords("ab"), tooShort);
        assertThat(tooShort.finished).isEqualTo("keywords: [ab] (expected: a word of at least 3 UTF-8 bytes)");
    }

    @Test
    void aStrangerIsVerifiedByItsAnswerToAChallenge() {
        List<DefaultKadNode> nodes = network(3);
        DefaultKadNode node = nodes.get(0);
        DefaultKadNode stranger = net.add("10.0.5.5", null, KadNodeTest::fast);
        stranger.start();
        // the stranger greets node; node adds it unverified and challenges it with a random KADEMLIA2_REQ
        long requests = net.sent("KADEMLIA2_REQ");
        node.onDatagram(net.udpOf(stranger), io.netty.buffer.Unpooled.wrappedBuffer(encode(
                new KadMessage.HelloRequest(stranger.status().id(), 4662, 5, List.of()))));
        KadContact c = node.table().get(stranger.status().id()).orElseThrow();
        assertThat(c.verified()).isFalse();
        net.scheduler.advance(100);
        assertThat(net.sent("KADEMLIA2_REQ")).isEqualTo(requests + 1);
        assertThat(node.table().get(stranger.status().id()).orElseThrow().verified()).isTrue();
        KadContactEntry entry = c.entry();
        assertThat(entry.version()).isEqualTo(5);
    }

    private static byte[] encode(KadMessage m) {
        ByteBuf b = KadPacketEncoder.plain().encode(m, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
