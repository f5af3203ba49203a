package org.crossnet.adapter.edonkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.SearchHandle;
import org.crossnet.spi.SharedFile;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.testkit.RecordingSearchSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kad inside the adapter: several adapters with {@code kad-enabled} on 127.0.0.1 bootstrap from the first one's UDP
 * port, one publishes a shared file through its {@link org.crossnet.spi.Publisher}, another finds it by keyword through
 * its {@link org.crossnet.spi.Searcher} (no ed2k server anywhere, so the hit can only come from Kad), and Kad state
 * (our ID, nodes.dat) is kept in the adapter's state directory across a restart.
 */
class KadAdapterTest {
    private final List<Nodes.Running> running = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        running.forEach(Nodes.Running::close);
    }

    @Test
    void publishedFileIsFoundByKeywordThroughKad() throws Exception {
        Nodes.Running first = Nodes.start(Nodes.config("127.0.0.1").withKad(true, List.of()));
        running.add(first);
        assertThat(first.adapter().capabilities()).contains(AdapterCapability.DHT);
        String entry = "127.0.0.1:" + first.adapter().udpPort();
        for (int i = 0; i < 4; i++) {
            running.add(Nodes.start(Nodes.config("127.0.0.1").withKad(true, List.of(entry))));
        }
        Path file = Nodes.randomFile(dir, "kingfisher-dawn-chorus.bin", 300_000, 7);
        SharedFile shared = Nodes.shared(file);
        running.get(1).adapter().publisher().orElseThrow().publish(shared);

        Nodes.Running searcher = running.get(3);
        List<SearchHit> found = new ArrayList<>();
        boolean hit = Nodes.await(() -> {
            RecordingSearchSink sink = new RecordingSearchSink();
            SearchHandle h = searcher.adapter().searcher().orElseThrow().search(SearchQuery.ofKeywords("kingfisher"), sink);
            boolean any = Nodes.await(() -> sink.receivedHits().stream()
                    .anyMatch(x -> shared.content().ed2k().equals(x.content().ed2k())), Duration.ofSeconds(3));
            h.cancel();
            found.addAll(sink.receivedHits());
            return any;
        }, Duration.ofSeconds(45));
        assertThat(hit).as("Kad keyword hits seen: %s", found).isTrue();
        SearchHit h = found.stream().filter(x -> shared.content().ed2k().equals(x.content().ed2k())).findFirst()
                .orElseThrow();
        assertThat(h.size()).isEqualTo(300_000);
        assertThat(h.name()).isEqualTo("kingfisher-dawn-chorus.bin");
        // the status line (the API's network detail) names the Kad state and the ports
        assertThat(searcher.adapter().statusLine()).contains(", bootstrapped")
                .contains("tcp " + searcher.tcpPort()).contains("udp " + searcher.adapter().udpPort())
                .containsPattern("kad [1-9][0-9]* contacts");

        // the Kad ID and the contacts are kept in the adapter's state directory
        Path state = searcher.context().stateDirectory().resolve("kad");
        searcher.adapter().close();
        assertThat(state.resolve("preferencesKad.dat")).isRegularFile();
        assertThat(state.resolve("nodes.dat")).isRegularFile();
        assertThat(Files.size(state.resolve("nodes.dat"))).isGreaterThan(25);
    }
}
