package org.crossnet.adapter.gnutella;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.crossnet.adapter.gnutella.support.Nodes;
import org.crossnet.adapter.gnutella.support.TestShares;
import org.crossnet.adapter.gnutella.support.Wait;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.RecordingSearchSink;
import org.crossnet.testkit.TestAdapterContext;

/**
 * Benchmark (not a test; run by {@code bench/gnutella-search-latency.sh}): time from {@code search()} to the first
 * hit on loopback, over the real protocol with link compression, for two topologies: a leaf and the ultrapeer that
 * shares the file (2 nodes), and a leaf reaching another leaf through their ultrapeer's QRP routing (3 nodes). Each
 * round searches a keyword of its own, so no route or duplicate state helps. Prints min, median, p90 and max.
 *
 * <p>Usage: {@code SearchLatencyBench [rounds]} (default 200, after 50 warm-up rounds).
 */
public final class SearchLatencyBench {
    private SearchLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = 50;
        int files = rounds + warmup;
        Path dir = Files.createTempDirectory("crossnet-gnutella-bench");
        List<TestAdapterContext> contexts = new ArrayList<>();
        List<GnutellaAdapter> adapters = new ArrayList<>();
        try {
            GnutellaAdapter up = start(Nodes.config(GnutellaConfig.Role.ULTRAPEER, List.of()), contexts, adapters);
            String upAddress = "127.0.0.1:" + up.listenPort();
            GnutellaAdapter searcher = start(Nodes.config(GnutellaConfig.Role.LEAF, List.of(upAddress)), contexts,
                    adapters);
            GnutellaAdapter sharer = start(Nodes.config(GnutellaConfig.Role.LEAF, List.of(upAddress)), contexts,
                    adapters);
            for (int i = 0; i < files; i++) {
                up.publisher().orElseThrow().publish(TestShares.file(dir, String.format("upfile%04d.bin", i), 1024, i));
                sharer.publisher().orElseThrow().publish(TestShares.file(dir, String.format("leaffile%04d.bin", i),
                        1024, 100_000 + i));
            }
            if (!Wait.until(() -> up.node().snapshot().leaves() == 2, Duration.ofSeconds(20))) {
                throw new IllegalStateException("leaves did not connect: " + up.statusLine());
            }
            // Let the sharer's route table (all its files) reach the ultrapeer.
            Thread.sleep(1500);
            report("2 nodes: leaf -> ultrapeer sharing the file", measure(searcher, "upfile", rounds, warmup));
            report("3 nodes: leaf -> ultrapeer -> leaf (QRP)", measure(searcher, "leaffile", rounds, warmup));
        } finally {
            adapters.forEach(GnutellaAdapter::close);
            contexts.forEach(TestAdapterContext::close);
            try (var list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static GnutellaAdapter start(GnutellaConfig config, List<TestAdapterContext> contexts,
                                         List<GnutellaAdapter> adapters) {
        TestAdapterContext c = TestAdapterContext.forNetwork("gnutella");
        contexts.add(c);
        GnutellaAdapter a = (GnutellaAdapter) new GnutellaAdapterFactory().create(config, c);
        adapters.add(a);
        a.start();
        return a;
    }

    private static List<Long> measure(GnutellaAdapter searcher, String prefix, int rounds, int warmup)
            throws InterruptedException {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < rounds + warmup; i++) {
            RecordingSearchSink sink = new RecordingSearchSink();
            long t0 = System.nanoTime();
            var handle = searcher.searcher().orElseThrow().search(SearchQuery.ofKeywords(String.format("%s%04d",
                    prefix, i)), sink);
            // Busy-wait with a short sleep: the sink's own await polls every 5 ms, too coarse here.
            while (sink.receivedHits().isEmpty()) {
                if (System.nanoTime() - t0 > 10_000_000_000L) {
                    throw new IllegalStateException("no hit for " + prefix + i + " within 10 s");
                }
                Thread.onSpinWait();
            }
            long took = (System.nanoTime() - t0) / 1000;
            handle.cancel();
            if (i >= warmup) {
                micros.add(took);
            }
            // The leaf's query rate limit (5/s, bursts of 10) is part of the protocol: stay under it.
            Thread.sleep(210);
        }
        return micros;
    }

    private static void report(String label, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("%-48s n=%d  min %.2f ms  median %.2f ms  p90 %.2f ms  max %.2f ms%n", label, sorted.size(),
                sorted.get(0) / 1000.0, sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.9)) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
