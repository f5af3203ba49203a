package org.crossnet.adapter.gnutella.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crossnet.adapter.gnutella.http.download.HttpDownload;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PUSH and GIV: a firewalled servent (no listener) answers the PUSH our download asks for by connecting to us and
 * sending GIV, and then serves the file over that connection. The PushRequester plays the messaging layer: it
 * delivers the PUSH straight to the firewalled servent's endpoint.
 */
class PushGivTest {
    private static final int SIZE = 700 * 1024;
    private static final ServentGuid FIREWALLED = new ServentGuid(Bytes.fromHex("00112233445566778899aabbccddeeff"));

    @TempDir
    Path dir;
    private final List<String> pushes = new CopyOnWriteArrayList<>();
    private LoopbackPeer uploader;
    private LoopbackPeer downloader;

    @AfterEach
    void stop() {
        if (downloader != null) {
            downloader.close();
        }
        if (uploader != null) {
            uploader.close();
        }
    }

    private PushRequester routeTo(LoopbackPeer target) {
        return (servent, index) -> {
            pushes.add(servent + "/" + index);
            target.endpoint.push(downloader.address(), index, servent);
            return true;
        };
    }

    @Test
    void aFirewalledSourceServesThroughGiv() throws IOException {
        TestContent content = TestContent.random(dir, "behind firewall.bin", SIZE, 11);
        uploader = new LoopbackPeer("gnutella");
        ServedFile served = uploader.share(content.path(), content.id());
        downloader = new LoopbackPeer("gnutella", HttpSettings.defaults(), (servent, index) ->
                routeTo(uploader).requestPush(servent, index));
        downloader.listen();

        Fetch f = fetch(content);
        // A firewalled hit's address is private: it is never dialled.
        f.download.addSources(List.of(new HttpSource(new InetSocketAddress("127.0.0.1", 1), FIREWALLED,
                served.index(), true)));

        assertThat(LoopbackPeer.await(f.download::finished, Duration.ofSeconds(20))).as("%s", f.download.sources())
                .isTrue();
        assertThat(f.store.data()).isEqualTo(content.bytes());
        assertThat(pushes).containsExactly(FIREWALLED + "/" + served.index());
        assertThat(uploader.endpoint.stats().bytesSent()).isEqualTo(SIZE);
    }

    @Test
    void anUnreachableSourceIsAskedForAPush() throws IOException {
        TestContent content = TestContent.random(dir, "f.bin", SIZE, 12);
        uploader = new LoopbackPeer("gnutella");
        ServedFile served = uploader.share(content.path(), content.id());
        downloader = new LoopbackPeer("gnutella", HttpSettings.defaults(), (servent, index) ->
                routeTo(uploader).requestPush(servent, index));
        downloader.listen();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        Fetch f = fetch(content);
        f.download.addSources(List.of(new HttpSource(new InetSocketAddress("127.0.0.1", closedPort), FIREWALLED,
                served.index(), false)));

        assertThat(LoopbackPeer.await(f.download::finished, Duration.ofSeconds(20))).as("%s", f.download.sources())
                .isTrue();
        assertThat(f.store.data()).isEqualTo(content.bytes());
        assertThat(pushes).hasSize(1);
    }

    @Test
    void anUnexpectedGivIsClosed() throws IOException {
        downloader = new LoopbackPeer("gnutella");
        downloader.listen();
        try (RawHttp raw = new RawHttp(downloader.address())) {
            raw.sendRaw("GIV 3:00112233445566778899AABBCCDDEEFF/x.bin\n\n".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.closedByPeer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(downloader.address())) {
            raw.sendRaw("GIV nonsense\n\n".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aPushForAnUnsharedIndexIsIgnored() throws IOException {
        uploader = new LoopbackPeer("gnutella");
        try (ServerSocket requester = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            requester.setSoTimeout(700);
            uploader.endpoint.push((InetSocketAddress) requester.getLocalSocketAddress(), 42, FIREWALLED);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(requester::accept))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    private record Fetch(HttpDownload download, InMemoryStoredContent store) {
    }

    private Fetch fetch(TestContent content) {
        InMemoryStoredContent store = downloader.context.store().addTransfer(TransferId.random(), SIZE);
        RecordingDownloadSink sink = downloader.context.newDownloadSink();
        HttpDownload download = downloader.endpoint.download(new DownloadRequest(store.transfer(), content.id(), store,
                List.of(), List.of(), null), sink);
        return new Fetch(download, store);
    }
}
