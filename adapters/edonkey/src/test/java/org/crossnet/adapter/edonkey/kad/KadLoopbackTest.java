package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.DeflaterOutputStream;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.codec.KadMessage;
import org.crossnet.adapter.edonkey.kad.codec.KadOpcodes;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketDecoder;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketEncoder;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.net.ChannelKadTransport;
import org.crossnet.adapter.edonkey.kad.net.EventLoopKadScheduler;
import org.crossnet.adapter.edonkey.kad.net.KadDatagramHandler;
import org.crossnet.adapter.edonkey.kad.net.NettyTcpProbe;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.SearchQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eight of our nodes over real UDP on 127.0.0.1, each with a TCP listener that answers firewall checks: bootstrap,
 * publish, keyword and source search, and malformed datagrams from a raw socket.
 */
class KadLoopbackTest {
    private static final InetAddress LOOPBACK = loopback();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();
    private final List<DefaultKadNode> nodes = new ArrayList<>();
    private final Random random = new Random(77);

    @AfterEach
    void close() throws Exception {
        nodes.forEach(DefaultKadNode::close);
        for (Channel c : channels) {
            c.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private DefaultKadNode node() throws Exception {
        Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // a firewall check only needs the connection accepted
                        ch.close();
                    }
                }).bind(LOOPBACK, 0).sync().channel();
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(LOOPBACK, 0).sync().channel();
        channels.add(tcp);
        channels.add(udp);
        byte[] hash = new byte[16];
        random.nextBytes(hash);
        KadSettings settings = KadSettings.defaults(KadId.random(random), KadId.fromHashBytes(hash),
                ((InetSocketAddress) tcp.localAddress()).getPort(), ((InetSocketAddress) udp.localAddress()).getPort())
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(800), Duration.ofMillis(500),
                        Duration.ofMillis(100), Duration.ofSeconds(2));
        DefaultKadNode node = new DefaultKadNode(settings, new EventLoopKadScheduler(udp.eventLoop()),
                new ChannelKadTransport(udp), new NettyTcpProbe(group, LOOPBACK, Duration.ofSeconds(2)),
                new Random(random.nextLong()), ByteBufAllocator.DEFAULT);
        udp.pipeline().addLast(new KadDatagramHandler(node));
        nodes.add(node);
        return node;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetSocketAddress udpOf(DefaultKadNode n) {
        return new InetSocketAddress(LOOPBACK, n.settings().udpPort());
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static final class Collector<T> implements KadSearchListener<T> {
        final List<T> results = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile String reason;

        @Override
        public void results(List<T> r) {
            results.addAll(r);
        }

        @Override
        public void finished(String why) {
            reason = why;
            done.countDown();
        }
    }

    private List<DefaultKadNode> network(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            node().start();
        }
        for (int i = 1; i < count; i++) {
            nodes.get(i).bootstrap(udpOf(nodes.get(0)));
        }
        assertThat(await(() -> nodes.stream().allMatch(n -> n.status().bootstrapped()
                && n.status().contacts() == count - 1), Duration.ofSeconds(30))).as("converged: %s",
                nodes.stream().map(DefaultKadNode::status).toList()).isTrue();
        return nodes;
    }

    @Test
    void eightNodesBootstrapPublishAndFindKeywordsAndSources() throws Exception {
        long start = System.nanoTime();
        network(8);
        long bootstrapped = System.nanoTime();
        DefaultKadNode publisher = nodes.get(2);
        Ed2kHash hash = new Ed2kHash(Bytes.fromHex("5764d5b1eb3dd2cd5821516ead57ea48"));
        publisher.publish(KadSharedFile.of(hash, "loopback-kadword text.txt", 12_582_936L));

        // keyword search from another node
        Collector<KadKeywordResult> found = new Collector<>();
        // 4 keywords ("loopback", "kadword", "text", "txt") to 7 nodes; aMule's limit of 3 PUBLISH_KEY_REQs a minute
        // per node, which we keep, holds the fourth back for 20 s
        assertThat(await(() -> nodes.stream().mapToInt(n -> n.status().keywordEntries()).sum() >= 7 * 3,
                Duration.ofSeconds(20))).as("stored").isTrue();
        nodes.get(6).searchKeywords(SearchQuery.ofKeywords("kadword"), found);
        assertThat(found.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(found.reason).isNull();
        assertThat(found.results).extracting(KadKeywordResult::file).containsExactly(hash);
        assertThat(found.results.get(0).fileType()).contains("Doc");

        // sources once the publisher is open (two TCP connect-backs confirmed)
        assertThat(await(() -> !publisher.status().firewalled(), Duration.ofSeconds(20))).as("open").isTrue();
        assertThat(await(() -> nodes.stream().mapToInt(n -> n.status().sourceEntries()).sum() >= 3,
                Duration.ofSeconds(20))).as("source stored").isTrue();
        Collector<KadSource> sources = new Collector<>();
        nodes.get(5).searchSources(hash, 12_582_936L, sources);
        assertThat(sources.done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sources.results).hasSize(1);
        assertThat(sources.results.get(0).tcpEndpoint())
                .isEqualTo(new InetSocketAddress(LOOPBACK, publisher.settings().tcpPort()));
        assertThat(sources.results.get(0).udpPort()).isEqualTo(publisher.settings().udpPort());
        assertThat(publisher.status().externalAddress()).contains((java.net.Inet4Address) LOOPBACK);
        System.out.printf("loopback kad: 8 nodes converged in %d ms, keyword and source found %d ms later%n",
                (bootstrapped - start) / 1_000_000, (System.nanoTime() - bootstrapped) / 1_000_000);
    }

    @Test
    void malformedDatagramsAreDroppedAndTheNodeKeepsAnswering() throws Exception {
        network(3);
        DefaultKadNode node = nodes.get(0);
        try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            raw.setSoTimeout(3000);
            InetSocketAddress to = udpOf(node);
            List<byte[]> bad = new ArrayList<>();
            // bad length: a KADEMLIA2_RES claiming 255 contacts
            byte[] res = encode(new KadMessage.Response(KadId.ZERO, List.of()));
            res[18] = (byte) 255;
            bad.add(res);
            // a zlib bomb: 8 MiB of zeros packed
            ByteArrayOutputStream bomb = new ByteArrayOutputStream();
            bomb.write(KadOpcodes.PROTOCOL_PACKED);
            bomb.write(KadOpcodes.SEARCH_RES);
            try (DeflaterOutputStream z = new DeflaterOutputStream(bomb)) {
                z.write(new byte[8 << 20]);
            }
            bad.add(bomb.toByteArray());
            // a tag count larger than the tags
            byte[] hello = encode(new KadMessage.HelloRequest(KadId.random(random), 1, 5,
                    List.of(Tag.uint8(KadTags.KADMISCOPTIONS, 0))));
            hello[21] = (byte) 200;
            bad.add(hello);
            // an unknown opcode
            bad.add(new byte[] {(byte) 0xE4, 0x6F});
            long before = node.stats().dropped();
            for (byte[] b : bad) {
                raw.send(new DatagramPacket(b, b.length, to));
            }
            assertThat(await(() -> node.stats().dropped() - before == 4, Duration.ofSeconds(5))).isTrue();
            assertThat(node.stats().lastDropReason()).isEqualTo("kad opcode: 0x6F (expected: a Kad2 opcode this node"
                    + " handles)");

            byte[] ping = encode(new KadMessage.Ping());
            raw.send(new DatagramPacket(ping, ping.length, to));
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            raw.receive(reply);
            ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(reply.getData(), 0, reply.getLength());
            try {
                assertThat(KadPacketDecoder.standard().decode(in))
                        .isEqualTo(new KadMessage.Pong(raw.getLocalPort()));
            } finally {
                in.release();
            }
        }
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
