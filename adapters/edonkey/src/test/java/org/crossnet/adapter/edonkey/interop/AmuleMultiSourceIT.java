package org.crossnet.adapter.edonkey.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * (e) The adapter downloads one file from three amuleds at once, every part MD4-verified, faster than the same
 * file from one of them (measured side by side in one run).
 */
class AmuleMultiSourceIT {
    @Test
    void threeSourcesBeatOne(@TempDir Path tmp) throws Exception {
        Path file = Nodes.randomFile(tmp, "multi-source-sample.bin", (int) (4 * 9_728_000L + 1_000_000), 17);
        SharedFile shared = Nodes.shared(file);
        byte[] expected = Files.readAllBytes(file);
        int parts = 5;
        long started = System.nanoTime();
        try (AmuleTestNet net = AmuleTestNet.create()) {
            List<AmuleNode> amules = new ArrayList<>();
            for (String name : List.of("s1", "s2", "s3")) {
                amules.add(net.start(name, o -> o.share(file)));
            }
            for (AmuleNode a : amules) {
                assertThat(a.awaitShared(shared.content().ed2k().bytes().hex(), Duration.ofSeconds(90))).isTrue();
            }
            try (Nodes.Running gw = Nodes.start(Nodes.config(net.gatewayAddress()))) {
                double one = download(gw, shared, List.of(amules.get(0)), expected, parts);
                double three = download(gw, shared, amules, expected, parts);
                System.out.printf("AmuleMultiSourceIT: %d bytes from 1 source %.1f s (%.2f MB/s), from 3 sources "
                        + "%.1f s (%.2f MB/s)%n", expected.length, one, expected.length / one / 1e6, three,
                        expected.length / three / 1e6);
                assertThat(three).as("3 sources (%.1f s) faster than 1 (%.1f s)", three, one).isLessThan(one);
            }
        }
        System.out.printf("AmuleMultiSourceIT: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static double download(Nodes.Running gw, SharedFile shared, List<AmuleNode> sources, byte[] expected,
                                   int parts) {
        long size = expected.length;
        TransferId id = TransferId.random();
        InMemoryStoredContent store = gw.context().store().addTransfer(id, size);
        RecordingDownloadSink sink = gw.context().newDownloadSink();
        List<String> peers = new ArrayList<>();
        for (AmuleNode a : sources) {
            peers.add(a.address() + ":" + a.tcpPort());
        }
        long t0 = System.nanoTime();
        DownloadSession session = gw.adapter().downloader().orElseThrow().download(new DownloadRequest(id,
                shared.content(), store, peers, List.of(), null), sink);
        boolean done = Nodes.await(() -> store.verifiedBytes() == size || sink.failure().isPresent(),
                Duration.ofSeconds(300));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(done).as("verified %d of %d from %s; %s", store.verifiedBytes(), size, peers,
                gw.adapter().statusLine()).isTrue();
        assertThat(store.data()).isEqualTo(expected);
        assertThat(store.verifiedUnits()).hasSize(parts);
        assertThat(store.corruptUnits()).isEmpty();
        session.close();
        return seconds;
    }
}
