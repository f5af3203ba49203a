package org.crossnet.adapter.gnutella.http.bench;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.crossnet.adapter.gnutella.http.HttpEndpoint;
import org.crossnet.adapter.gnutella.http.HttpSettings;
import org.crossnet.adapter.gnutella.http.HttpSource;
import org.crossnet.adapter.gnutella.http.PushRequester;
import org.crossnet.adapter.gnutella.http.SharedFileTable;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.adapter.gnutella.http.thex.TigerTree;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.crossnet.testkit.RecordingDownloadSink;
import org.crossnet.testkit.TestAdapterContext;

/**
 * Download throughput of Gnutella HTTP between endpoints on 127.0.0.1 (issue #4 benchmark): N serving endpoints share
 * one random file, one endpoint downloads it from all of them at once into a file-backed store, checking every THEX
 * range and the whole file's SHA-1. Timed from {@code download()} to the SHA-1 check passing. Each endpoint has its
 * own context (1 event loop, 4 blocking threads), as three gateway instances would.
 *
 * <pre>
 *   cd /work/main && mvn -B -o -q test-compile -pl adapters/gnutella
 *   mvn -B -o -q dependency:build-classpath -pl adapters/gnutella -Dmdep.outputFile=/tmp/gnutella.cp \
 *       -Dmdep.includeScope=test
 *   java -cp adapters/gnutella/target/test-classes:adapters/gnutella/target/classes:$(cat /tmp/gnutella.cp) \
 *       org.crossnet.adapter.gnutella.http.bench.GnutellaHttpBenchmark [MiB=256] [sources=2] [rounds=3] [tth=true]
 * </pre>
 *
 * Not a test: run by hand (surefire's paranoid leak detection would dominate the figure).
 */
public final class GnutellaHttpBenchmark {
    private GnutellaHttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int sourceCount = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean tth = args.length <= 3 || Boolean.parseBoolean(args[3]);
        long size = (long) mib << 20;
        Path dir = Files.createTempDirectory("gnutella-bench-");
        try {
            Path file = dir.resolve("random.bin");
            ContentId id = writeRandom(file, size, tth);
            System.out.printf("file: %d MiB, sources: %d, THEX: %s, sha1 %s%n", mib, sourceCount, tth, id.sha1());
            List<TestAdapterContext> contexts = new ArrayList<>();
            List<HttpEndpoint> seeders = new ArrayList<>();
            List<InetSocketAddress> addresses = new ArrayList<>();
            try {
                for (int i = 0; i < sourceCount; i++) {
                    TestAdapterContext ctx = TestAdapterContext.forNetwork("gnutella");
                    contexts.add(ctx);
                    SharedFileTable shares = new SharedFileTable();
                    shares.publish(new SharedFile(ShareId.random(), id, file, List.of(), null));
                    HttpEndpoint endpoint = new HttpEndpoint(HttpSettings.defaults(), shares, ctx, PushRequester.NONE);
                    seeders.add(endpoint);
                    addresses.add(Listener.bind(ctx, endpoint));
                }
                double best = 0;
                for (int round = 1; round <= rounds; round++) {
                    double mbps = round(dir, id, addresses, round);
                    best = Math.max(best, mbps);
                }
                System.out.printf("best: %.1f MB/s (%.1f MiB/s)%n", best, best * 1e6 / (1 << 20));
            } finally {
                seeders.forEach(HttpEndpoint::close);
                Listener.closeAll();
                contexts.forEach(TestAdapterContext::close);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static double round(Path dir, ContentId id, List<InetSocketAddress> sources, int round) throws Exception {
        Path target = dir.resolve("download-" + round + ".bin");
        try (TestAdapterContext ctx = TestAdapterContext.forNetwork("gnutella");
             FileBackedContent store = new FileBackedContent(target, id.size())) {
            HttpEndpoint endpoint = new HttpEndpoint(HttpSettings.defaults(), new SharedFileTable(), ctx,
                    PushRequester.NONE);
            RecordingDownloadSink sink = ctx.newDownloadSink();
            long start = System.nanoTime();
            HttpDownload download = endpoint.download(new DownloadRequest(store.transfer(), id, store, List.of(),
                    List.of(), null), sink);
            download.addSources(sources.stream().map(HttpSource::direct).toList());
            while (!download.finished()) {
                if (sink.failure().isPresent()) {
                    throw new IllegalStateException("download failed: " + sink.failure().get());
                }
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            endpoint.close();
            double mbps = id.size() / seconds / 1e6;
            System.out.printf("round %d: %.2f s, %.1f MB/s; per source: %s%n", round, seconds, mbps,
                    download.sources().stream().map(s -> s.bytes() >> 20).toList() + " MiB");
            Files.delete(target);
            return mbps;
        }
    }

    private static ContentId writeRandom(Path file, long size, boolean withTth) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        TigerTree.Hasher tiger = new TigerTree.Hasher();
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long at = 0; at < size; at += chunk.length) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, size - at);
                out.write(chunk, 0, n);
                sha1.update(chunk, 0, n);
                if (withTth) {
                    tiger.update(chunk, 0, n);
                }
            }
        }
        TigerTreeRoot tth = withTth ? new TigerTreeRoot(Bytes.of(tiger.finish())) : null;
        return new ContentId(size, "random.bin", new Sha1(Bytes.of(sha1.digest())), null, null, tth, null);
    }

    /** The messaging layer's part: accept on 127.0.0.1 and hand each connection over after its first bytes. */
    private static final class Listener {
        private static final List<io.netty.channel.Channel> SERVERS = new ArrayList<>();

        static InetSocketAddress bind(TestAdapterContext ctx, HttpEndpoint endpoint) {
            io.netty.channel.Channel server = new io.netty.bootstrap.ServerBootstrap().group(ctx.eventLoops())
                    .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
                    .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel ch) {
                            ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(io.netty.channel.ChannelHandlerContext c, Object msg) {
                                    c.pipeline().remove(this);
                                    endpoint.accept(c.channel(), (io.netty.buffer.ByteBuf) msg);
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
            SERVERS.add(server);
            return (InetSocketAddress) server.localAddress();
        }

        static void closeAll() {
            SERVERS.forEach(s -> s.close().syncUninterruptibly());
        }
    }
}
