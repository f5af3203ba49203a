package org.crossnet.adapter.bittorrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpTrackerClientTest {
    private static final InfoHash HASH = InfoHash.parse("0102030405060708090a0b0c0d0e0f1011121314");
    private static final Bytes PEER_ID = Bytes.of("-CN0001-000000000001".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] PEER = {10, 0, 0, 7, 0x1a, (byte) 0xe1};

    private EventLoopGroup group;
    private ExecutorService blocking;
    private TrackerClients clients;
    private FakeUdpTracker tracker;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        blocking = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        blocking.shutdownNow();
    }

    private TrackerClient client(Duration base, int retransmits, Duration lifetime) {
        clients = new TrackerClients(group, blocking, new TrackerClients.Settings(Duration.ofSeconds(5), 1 << 20,
                base, retransmits, lifetime));
        return clients.forUrl(tracker.url());
    }

    private static AnnounceRequest request() {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 1, 2, 3, AnnounceEvent.STARTED, 30);
    }

    /** Answers connects with {@code connectionId} (then +1 per connect) and announces with one peer. */
    private static FakeUdpTracker standardTracker(AtomicLong connectionIds) {
        return new FakeUdpTracker((n, packet) -> {
            int action = packet.getInt(8);
            int tx = packet.getInt(12);
            if (action == 0 && packet.getLong(0) == UdpTrackerCodec.PROTOCOL_ID) {
                return List.of(FakeUdpTracker.connectReply(tx, connectionIds.getAndIncrement()));
            }
            if (action == 1) {
                return List.of(FakeUdpTracker.announceReply(tx, 1800, 4, 5, PEER));
            }
            return List.of();
        });
    }

    @Test
    void connectsThenAnnouncesWithTheConnectionId() throws Exception {
        tracker = standardTracker(new AtomicLong(0x4242));
        AnnounceResponse response = client(Duration.ofSeconds(5), 2, Duration.ofMinutes(1)).announce(request())
                .get(5, TimeUnit.SECONDS);
        assertThat(response).isEqualTo(new AnnounceResponse(Duration.ofSeconds(1800), null,
                List.of(new InetSocketAddress("10.0.0.7", 0x1ae1)), 5, 4, null));
        assertThat(tracker.received).hasSize(2);
        ByteBuffer announce = ByteBuffer.wrap(tracker.received.get(1));
        assertThat(announce.capacity()).isEqualTo(98);
        assertThat(announce.getLong(0)).isEqualTo(0x4242);
        byte[] hash = new byte[20];
        announce.get(16, hash);
        assertThat(hash).isEqualTo(HASH.bytes().toArray());
        assertThat(announce.getInt(80)).isEqualTo(2);
        assertThat(announce.getInt(92)).isEqualTo(30);
        assertThat(announce.getShort(96)).isEqualTo((short) 6881);
    }

    @Test
    void retransmitsWithDoublingTimeoutsUntilAnswered() throws Exception {
        tracker = standardTracker(new AtomicLong(1));
        tracker.script((n, packet) -> n <= 2 ? List.of()
                : standardReply(packet, 1));
        long start = System.nanoTime();
        client(Duration.ofMillis(100), 4, Duration.ofMinutes(1)).announce(request()).get(5, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // two unanswered connects: 100 ms, then 200 ms
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
        assertThat(tracker.count(0)).isEqualTo(3);
        assertThat(tracker.count(1)).isEqualTo(1);
        // each retransmit carries a fresh transaction id
        assertThat(tracker.received.stream().map(FakeUdpTracker::transactionId).distinct()).hasSize(4);
    }

    @Test
    void failsAfterTheLastRetransmit() {
        tracker = new FakeUdpTracker((n, packet) -> List.of());
        CompletableFuture<AnnounceResponse> future = client(Duration.ofMillis(50), 2, Duration.ofMinutes(1))
                .announce(request());
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.TIMEOUT))
                .hasMessageContaining("no answer after 3 sends");
        assertThat(tracker.received).hasSize(3);
    }

    @Test
    void reusesTheConnectionIdUntilItExpires() throws Exception {
        AtomicLong ids = new AtomicLong(100);
        tracker = standardTracker(ids);
        TrackerClient client = client(Duration.ofSeconds(5), 2, Duration.ofMillis(400));
        client.announce(request()).get(5, TimeUnit.SECONDS);
        client.announce(request()).get(5, TimeUnit.SECONDS);
        assertThat(tracker.count(0)).isEqualTo(1);
        Thread.sleep(500);
        client.announce(request()).get(5, TimeUnit.SECONDS);
        assertThat(tracker.count(0)).isEqualTo(2);
        List<byte[]> announces = tracker.received.stream().filter(p -> FakeUdpTracker.action(p) == 1).toList();
        assertThat(announces).extracting(p -> ByteBuffer.wrap(p).getLong(0)).containsExactly(100L, 100L, 101L);
    }

    @Test
    void dropsMalformedForeignAndMismatchedRepliesAndKeepsWaiting() throws Exception {
        tracker = new FakeUdpTracker((n, packet) -> {
            int tx = packet.getInt(12);
            if (packet.getInt(8) == 0) {
                return List.of(FakeUdpTracker.connectReply(tx ^ 1, 7), new byte[] {0, 0, 0},
                        FakeUdpTracker.connectReply(tx, 7));
            }
            byte[] truncated = Arrays.copyOf(FakeUdpTracker.announceReply(tx, 60, 0, 0, PEER), 23);
            byte[] unknownAction = ByteBuffer.allocate(8).putInt(9).putInt(tx).array();
            return List.of(truncated, unknownAction, FakeUdpTracker.connectReply(tx, 8),
                    FakeUdpTracker.announceReply(tx + 1, 60, 0, 0, PEER),
                    FakeUdpTracker.announceReply(tx, 60, 0, 1, PEER));
        });
        AnnounceResponse response = client(Duration.ofSeconds(5), 1, Duration.ofMinutes(1)).announce(request())
                .get(5, TimeUnit.SECONDS);
        assertThat(response.seeders()).isEqualTo(1);
        assertThat(tracker.received).hasSize(2);
    }

    @Test
    void errorActionFailsWithTheTrackersMessage() {
        tracker = new FakeUdpTracker((n, packet) -> {
            int tx = packet.getInt(12);
            if (packet.getInt(8) == 0) {
                return List.of(FakeUdpTracker.connectReply(tx, 7));
            }
            return List.of(ByteBuffer.allocate(8 + 9).putInt(3).putInt(tx)
                    .put("forbidden".getBytes(StandardCharsets.US_ASCII)).array());
        });
        CompletableFuture<AnnounceResponse> future = client(Duration.ofSeconds(5), 1, Duration.ofMinutes(1))
                .announce(request());
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.REJECTED))
                .hasMessage("forbidden");
    }

    @Test
    void scrapeMapsCountsToTheAskedHashesInOrder() throws Exception {
        InfoHash other = InfoHash.parse("ffffffffffffffffffffffffffffffffffffffff");
        tracker = new FakeUdpTracker((n, packet) -> {
            int tx = packet.getInt(12);
            if (packet.getInt(8) == 0) {
                return List.of(FakeUdpTracker.connectReply(tx, 7));
            }
            return List.of(ByteBuffer.allocate(8 + 24).putInt(2).putInt(tx).putInt(1).putInt(2).putInt(3)
                    .putInt(4).putInt(5).putInt(6).array());
        });
        Map<InfoHash, ScrapeResult> result = client(Duration.ofSeconds(5), 1, Duration.ofMinutes(1))
                .scrape(List.of(HASH, other)).get(5, TimeUnit.SECONDS);
        assertThat(result).containsOnly(Map.entry(HASH, new ScrapeResult(1, 2, 3)),
                Map.entry(other, new ScrapeResult(4, 5, 6)));
        assertThat(tracker.received.get(1)).hasSize(16 + 40);
    }

    @Test
    void cancellingStopsRetransmitsAndCloseFailsPending() throws Exception {
        tracker = new FakeUdpTracker((n, packet) -> List.of());
        TrackerClient client = client(Duration.ofMillis(50), 8, Duration.ofMinutes(1));
        CompletableFuture<AnnounceResponse> cancelled = client.announce(request());
        Thread.sleep(30);
        cancelled.cancel(false);
        Thread.sleep(300);
        assertThat(tracker.received).hasSize(1);
        CompletableFuture<AnnounceResponse> pending = client.announce(request());
        Thread.sleep(30);
        client.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.CLOSED));
    }

    @Test
    void unsupportedUrlsFailWithAPreciseReason() {
        tracker = new FakeUdpTracker((n, packet) -> List.of());
        clients = new TrackerClients(group, blocking);
        assertUnsupported(clients.forUrl("wss://tracker.example/announce"),
                "url: wss://tracker.example/announce (expected: an http, https or udp tracker URL)");
        assertUnsupported(clients.forUrl("udp://tracker.example/announce"),
                "url: udp://tracker.example/announce (expected: udp://host:port[/path])");
        assertUnsupported(clients.forUrl("http://bad host/announce"),
                "url: http://bad host/announce (expected: a valid http, https or udp tracker URL)");
        assertThatThrownBy(() -> clients.forUrl(tracker.url()).scrape(List.of()).get()).cause()
                .hasMessage("hashes: 0 (expected: 1..74 per UDP scrape)");
    }

    private static void assertUnsupported(TrackerClient client, String message) {
        assertThatThrownBy(() -> client.announce(request()).get()).cause()
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.UNSUPPORTED))
                .hasMessage(message);
    }

    private static List<byte[]> standardReply(ByteBuffer packet, long connectionId) {
        int tx = packet.getInt(12);
        if (packet.getInt(8) == 0) {
            return List.of(FakeUdpTracker.connectReply(tx, connectionId));
        }
        return List.of(FakeUdpTracker.announceReply(tx, 1800, 4, 5, PEER));
    }
}
