package org.crossnet.adapter.edonkey.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crossnet.adapter.edonkey.interop.AmuleNode;
import org.crossnet.adapter.edonkey.interop.AmuleTestNet;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;

/**
 * Side-by-side eD2k timings for bench/ed2k-bench.sh. {@code loopback FILE}: adapter → adapter on 127.0.0.1.
 * {@code amule FILE}: in an {@link AmuleTestNet}, amuled ← adapter vs amuled ← amuled, and adapter ← amuled vs
 * amuled ← amuled (each downloading amuled logged into the adapter's index-server role, as amuled needs a server
 * connection to start a download). Every result is compared byte for byte with FILE. Prints one line per run and the
 * ratios.
 */
public final class Ed2kBench {
    private Ed2kBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("loopback") && args.length == 2
                || args[0].equals("amule") && args.length == 3)) {
            System.err.println("usage: Ed2kBench loopback FILE | amule FILE_A FILE_B (same size, different data)");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        SharedFile shared = Nodes.shared(file);
        byte[] expected = Files.readAllBytes(file);
        if (args[0].equals("loopback")) {
            loopback(shared, expected);
        } else {
            amule(file, Path.of(args[2]));
        }
        System.exit(0);
    }

    private static void loopback(SharedFile shared, byte[] expected) {
        try (Nodes.Running seeder = Nodes.start(Nodes.config("127.0.0.1"));
             Nodes.Running leecher = Nodes.start(Nodes.config("127.0.0.1"))) {
            seeder.adapter().publisher().orElseThrow().publish(shared);
            double t = gatewayDownload(leecher, shared, expected, "127.0.0.1:" + seeder.tcpPort());
            report("adapter <- adapter (loopback)", expected.length, t);
        }
    }

    /**
     * The adapter shares A, amuled "up" shares B; every node logs into the adapter's server role, so sources also come
     * from OP_FOUNDSOURCES (amuled sometimes drops a link's source), and each file has exactly one source.
     */
    private static void amule(Path fileA, Path fileB) throws Exception {
        SharedFile a = Nodes.shared(fileA);
        SharedFile b = Nodes.shared(fileB);
        byte[] dataA = Files.readAllBytes(fileA);
        byte[] dataB = Files.readAllBytes(fileB);
        try (AmuleTestNet net = AmuleTestNet.create()) {
            AmuleNode up = net.start("up", o -> o.ed2k(true).share(fileB));
            AmuleNode d1 = net.start("d1", o -> o.ed2k(true));
            AmuleNode d2 = net.start("d2", o -> o.ed2k(true));
            if (!up.awaitShared(b.content().ed2k().bytes().hex(), Duration.ofMinutes(5))) {
                throw new IllegalStateException("amuled did not share the file: " + up.log());
            }
            int serverPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                serverPort = probe.getLocalPort();
            }
            String server = net.gatewayAddress() + ":" + serverPort;
            try (Nodes.Running gw = Nodes.start(Nodes.config(net.gatewayAddress()).withServerRole(true, serverPort)
                    .withServers(List.of(server)))) {
                gw.adapter().publisher().orElseThrow().publish(a);
                for (AmuleNode n : List.of(up, d1, d2)) {
                    n.connectServer(net.gatewayAddress(), serverPort);
                    if (!n.await(n::ed2kConnected, Duration.ofSeconds(30))) {
                        throw new IllegalStateException(n.name() + " not connected: " + n.status());
                    }
                }
                if (!Nodes.await(() -> gw.adapter().statusLine().contains("2 files"), Duration.ofSeconds(60))) {
                    throw new IllegalStateException("offers missing: " + gw.adapter().statusLine());
                }
                double fromGw = amuleDownload(d1, fileA.getFileName().toString(), a.content().ed2k().bytes().hex(),
                        dataA, net.gatewayAddress() + ":" + gw.tcpPort());
                report("amuled <- adapter", dataA.length, fromGw);
                double fromAmule = amuleDownload(d2, fileB.getFileName().toString(),
                        b.content().ed2k().bytes().hex(), dataB, up.address() + ":" + up.tcpPort());
                report("amuled <- amuled", dataB.length, fromAmule);
                double gwFromAmule = gatewayDownload(gw, b, dataB, up.address() + ":" + up.tcpPort());
                report("adapter <- amuled", dataB.length, gwFromAmule);
                System.out.printf("ratio amuled<-adapter / amuled<-amuled: %.2f (below 1: the adapter serves faster)%n",
                        fromGw / fromAmule);
                System.out.printf("ratio adapter<-amuled / amuled<-amuled: %.2f (below 1: the adapter fetches faster)%n",
                        gwFromAmule / fromAmule);
            }
        }
    }

    private static double amuleDownload(AmuleNode node, String name, String hash, byte[] expected, String source)
            throws Exception {
        long t0 = System.nanoTime();
        node.add("ed2k://|file|" + name + "|" + expected.length + "|" + hash + "|/|sources," + source + "|/");
        if (!node.awaitCompleted(name, expected.length, Duration.ofMinutes(30))) {
            throw new IllegalStateException(node.name() + " did not complete: " + node.downloads());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!java.util.Arrays.equals(Files.readAllBytes(node.incomingDir().resolve(name)), expected)) {
            throw new IllegalStateException(node.name() + ": downloaded bytes differ");
        }
        return seconds;
    }

    private static double gatewayDownload(Nodes.Running gw, SharedFile shared, byte[] expected, String source) {
        long size = expected.length;
        TransferId id = TransferId.random();
        InMemoryStoredContent store = gw.context().store().addTransfer(id, size);
        RecordingDownloadSink sink = gw.context().newDownloadSink();
        long t0 = System.nanoTime();
        DownloadSession s = gw.adapter().downloader().orElseThrow().download(new DownloadRequest(id, shared.content(),
                store, List.of(source), List.of(), null), sink);
        if (!Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(), Duration.ofMinutes(30))) {
            throw new IllegalStateException("adapter download stalled: " + gw.adapter().statusLine());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        s.close();
        if (!java.util.Arrays.equals(store.data(), expected)) {
            throw new IllegalStateException("adapter: downloaded bytes differ");
        }
        gw.context().store().removeTransfer(id);
        return seconds;
    }

    private static void report(String what, long bytes, double seconds) {
        System.out.printf("%-32s %10d bytes %8.1f s %8.2f MB/s%n", what, bytes, seconds, bytes / seconds / 1e6);
    }
}
