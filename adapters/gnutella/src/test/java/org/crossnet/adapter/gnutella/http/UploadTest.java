package org.crossnet.adapter.gnutella.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.crossnet.adapter.gnutella.http.thex.HashTree;
import org.crossnet.adapter.gnutella.http.thex.ThexDocument;
import org.crossnet.adapter.gnutella.http.wire.QueueStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uploading side, driven by a raw HTTP client over 127.0.0.1. */
class UploadTest {
    private static final int SIZE = 300 * 1024 + 7;

    @TempDir
    Path dir;
    private LoopbackPeer peer;
    private TestContent content;
    private ServedFile served;
    private String n2r;

    @BeforeEach
    void start() throws IOException {
        content = TestContent.random(dir, "some file.bin", SIZE, 9);
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    private void serve(HttpSettings settings) {
        peer = new LoopbackPeer("gnutella", settings, PushRequester.NONE);
        served = peer.share(content.path(), content.id());
        peer.listen();
        n2r = "/uri-res/N2R?urn:sha1:" + content.id().sha1().bytes().base32();
    }

    @Test
    void servesRangesWholeFilesAndHeadsOnOneKeepAliveConnection() throws IOException {
        serve(HttpSettings.defaults());
        try (RawHttp http = new RawHttp(peer.address())) {
            RawHttp.Response partial = http.get(n2r, "Range: bytes=100-199", "X-Queue: 1.1");
            assertThat(partial.status()).isEqualTo(206);
            assertThat(partial.header("Content-Range")).isEqualTo("bytes 100-199/" + SIZE);
            assertThat(partial.header("Content-Length")).isEqualTo("100");
            assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(content.bytes(), 100, 200));
            assertThat(partial.header("X-Gnutella-Content-URN"))
                    .isEqualTo("urn:sha1:" + content.id().sha1().bytes().base32());
            assertThat(partial.header("X-Thex-URI")).isEqualTo("/uri-res/N2X?urn:sha1:"
                    + content.id().sha1().bytes().base32() + ";" + content.id().tth().bytes().base32());
            assertThat(partial.header("Server")).isEqualTo("Crossnet/0.1");
            assertThat(partial.header("Content-Disposition")).isEqualTo("inline; filename*=UTF-8''some%20file.bin");

            RawHttp.Response tail = http.get(n2r, "Range: bytes=-7");
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content.bytes(), SIZE - 7, SIZE));

            http.send("HEAD " + n2r + " HTTP/1.1");
            RawHttp.Response head = http.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(SIZE));

            RawHttp.Response whole = http.get("/get/" + served.index() + "/some%20file.bin");
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(content.bytes());
        }
        assertThat(peer.endpoint.stats().bytesSent()).isEqualTo(100 + 7 + SIZE);
    }

    @Test
    void unknownTargetsAreNotFoundWithAReason() throws IOException {
        serve(HttpSettings.defaults());
        try (RawHttp http = new RawHttp(peer.address())) {
            RawHttp.Response unknown = http.get("/uri-res/N2R?urn:sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.text()).startsWith("target: /uri-res/N2R?urn:sha1:AAAA")
                    .contains("(expected: a shared file)");
            RawHttp.Response traversal = http.get("/get/" + served.index() + "/..%2F..%2Fetc%2Fpasswd");
            assertThat(traversal.status()).isEqualTo(404);
            assertThat(http.get("/get/" + served.index() + "/other.bin").status()).isEqualTo(404);
            assertThat(http.get("/get/99/some%20file.bin").status()).isEqualTo(404);
            RawHttp.Response malformed = http.get("/etc/passwd");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.text()).startsWith("target: /etc/passwd (expected: ");
            // Still usable after all of these.
            assertThat(http.get(n2r, "Range: bytes=0-0").body()).containsExactly(content.bytes()[0]);
        }
    }

    @Test
    void aRangePastTheEndIs416() throws IOException {
        serve(HttpSettings.defaults());
        try (RawHttp http = new RawHttp(peer.address())) {
            RawHttp.Response r = http.get(n2r, "Range: bytes=" + SIZE + "-");
            assertThat(r.status()).isEqualTo(416);
            assertThat(r.header("Content-Range")).isEqualTo("bytes */" + SIZE);
        }
    }

    @Test
    void servesTheThexTreeInItsDimeEnvelope() throws IOException {
        serve(HttpSettings.defaults());
        try (RawHttp http = new RawHttp(peer.address())) {
            RawHttp.Response r = http.get("/uri-res/N2X?urn:sha1:" + content.id().sha1().bytes().base32());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/dime");
            HashTree tree = ThexDocument.decode(r.body(), SIZE, content.id().tth());
            assertThat(tree.depth()).isEqualTo(HashTree.goodDepth(SIZE)).isEqualTo(1);
        }
    }

    @Test
    void queuesWhenTheSlotsAreTakenAndRefusesWhenTheQueueIsFull() throws IOException, InterruptedException {
        serve(HttpSettings.defaults().withUploads(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(3)));
        try (RawHttp holder = new RawHttp(peer.address()); RawHttp waiting = new RawHttp(peer.address());
             RawHttp late = new RawHttp(peer.address())) {
            assertThat(holder.get(n2r, "Range: bytes=0-9").status()).isEqualTo(206);

            RawHttp.Response queued = waiting.get(n2r, "Range: bytes=0-9", "X-Queue: 1.0");
            assertThat(queued.statusLine()).isEqualTo("HTTP/1.1 503 Queued");
            assertThat(queued.header("X-Queue")).isEqualTo("position=1,length=1,limit=1,pollMin=1,pollMax=3");
            QueueStatus parq = QueueStatus.parse(queued.header("X-Queued"));
            assertThat(parq.position()).isEqualTo(1);
            assertThat(parq.id()).hasSize(32);
            assertThat(queued.header("Retry-After")).isEqualTo("1");

            RawHttp.Response full = late.get(n2r, "Range: bytes=0-9");
            assertThat(full.statusLine()).isEqualTo("HTTP/1.1 503 Queue full");
            assertThat(full.header("Connection")).isEqualTo("close");
            assertThat(late.closedByPeer()).isTrue();

            holder.close();
            Thread.sleep(1100);
            RawHttp.Response served = waiting.get(n2r, "Range: bytes=0-9", "X-Queue: 1.0", "X-Queued: ID=" + parq.id());
            assertThat(served.status()).isEqualTo(206);
            assertThat(served.body()).isEqualTo(Arrays.copyOf(content.bytes(), 10));
        }
    }

    @Test
    void refusesOversizedHeadsAndOtherMethods() throws IOException {
        serve(HttpSettings.defaults());
        try (RawHttp http = new RawHttp(peer.address())) {
            RawHttp.Response r = http.get(n2r, "X-Padding: " + "a".repeat(20_000));
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.text()).startsWith("request head: longer than 16384 bytes");
            assertThat(http.closedByPeer()).isTrue();
        }
        try (RawHttp http = new RawHttp(peer.address())) {
            http.send("POST " + n2r + " HTTP/1.1", "Content-Length: 0");
            RawHttp.Response r = http.read(false);
            assertThat(r.status()).isEqualTo(501);
            assertThat(http.closedByPeer()).isTrue();
        }
    }
}
