package org.crossnet.adapter.edonkey.kad;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.crossnet.adapter.edonkey.kad.codec.KadPacketDecoder;
import org.crossnet.spi.model.Bytes;

/**
 * An in-memory network of {@link DefaultKadNode}s on one {@link ManualKadScheduler}: datagrams are delivered after 5 ms
 * (or lost, for endpoints marked down), TCP probes succeed for nodes that are up. Records every datagram's opcode.
 */
final class MemoryKadNetwork implements AutoCloseable {
    final ManualKadScheduler scheduler = new ManualKadScheduler();
    final Random random = new Random(2024);
    private final Map<InetSocketAddress, DefaultKadNode> nodes = new LinkedHashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> tcpToUdp = new LinkedHashMap<>();
    private final Set<InetSocketAddress> down = new HashSet<>();
    final List<String> traffic = new ArrayList<>();

    /** Adds a node at {@code ip}:4672 (TCP 4662) with {@code id}, or a random id when null. */
    DefaultKadNode add(String ip, KadId id, java.util.function.UnaryOperator<KadSettings> tune) {
        InetSocketAddress udp = endpoint(ip, 4672);
        InetSocketAddress tcp = endpoint(ip, 4662);
        KadId nodeId = id != null ? id : KadId.random(random);
        byte[] hash = new byte[16];
        random.nextBytes(hash);
        KadSettings settings = tune.apply(KadSettings.defaults(nodeId, KadId.fromHashBytes(hash), 4662, 4672));
        DefaultKadNode node = new DefaultKadNode(settings, scheduler, (to, packet) -> deliver(udp, to, packet),
                this::probe, new Random(random.nextLong()), ByteBufAllocator.DEFAULT);
        nodes.put(udp, node);
        tcpToUdp.put(tcp, udp);
        return node;
    }

    DefaultKadNode add(String ip) {
        return add(ip, null, s -> s);
    }

    static InetSocketAddress endpoint(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    InetSocketAddress udpOf(DefaultKadNode node) {
        for (Map.Entry<InetSocketAddress, DefaultKadNode> e : nodes.entrySet()) {
            if (e.getValue() == node) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("not in this network");
    }

    List<DefaultKadNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** The endpoint stops answering (packets to and from it are lost). */
    void takeDown(DefaultKadNode node) {
        down.add(udpOf(node));
    }

    /** Injects raw bytes as a datagram from {@code from} to {@code node}. */
    void inject(InetSocketAddress from, DefaultKadNode node, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            node.onDatagram(from, buf);
        } finally {
            buf.release();
        }
    }

    private void deliver(InetSocketAddress from, InetSocketAddress to, ByteBuf packet) {
        int opcode = packet.getUnsignedByte(packet.readerIndex() + 1);
        traffic.add(from.getAddress().getHostAddress() + ">" + to.getAddress().getHostAddress() + " "
                + org.crossnet.adapter.edonkey.kad.codec.KadOpcodes.name(opcode));
        scheduler.schedule(() -> {
            try {
                DefaultKadNode target = nodes.get(to);
                if (target != null && !down.contains(to) && !down.contains(from)
                        && KadPacketDecoder.isKad(packet)) {
                    target.onDatagram(from, packet);
                }
            } finally {
                packet.release();
            }
        }, 5);
    }

    private CompletableFuture<Boolean> probe(InetSocketAddress tcp) {
        InetSocketAddress udp = tcpToUdp.get(tcp);
        return CompletableFuture.completedFuture(udp != null && !down.contains(udp));
    }

    /** Count of datagrams with this opcode name so far. */
    long sent(String opname) {
        return traffic.stream().filter(t -> t.endsWith(" " + opname)).count();
    }

    static Bytes bytes(int seed) {
        byte[] b = new byte[16];
        new Random(seed).nextBytes(b);
        return Bytes.of(b);
    }

    @Override
    public void close() {
        nodes.values().forEach(DefaultKadNode::close);
        scheduler.advance(1_000);
    }
}
