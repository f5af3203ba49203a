package org.crossnet.adapter.bittorrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.bencode.BDictionary;
import org.crossnet.spi.bencode.BInteger;
import org.crossnet.spi.bencode.BList;
import org.crossnet.spi.bencode.BString;
import org.crossnet.spi.bencode.BencodeDecoder;
import org.crossnet.spi.bencode.BencodeEncoder;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.Test;

class HttpTrackerCodecTest {
    private static final BencodeDecoder DECODER = new BencodeDecoder();
    private static final InfoHash HASH = InfoHash.parse("00ff2e7e41207f8025263fc0aa7e5f2d9b1c3a4d");
    private static final Bytes PEER_ID = Bytes.of("-CN0001-ab cd/ef+gh%".getBytes(StandardCharsets.US_ASCII));

    private static AnnounceRequest request(AnnounceEvent event, int numWant) {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 10, 20, 30, event, numWant);
    }

    @Test
    void percentEncodesEveryNonUnreservedByteAndRoundTripsAllByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String encoded = HttpTrackerCodec.percentEncode(Bytes.of(all));
        assertThat(encoded).matches("[A-Za-z0-9._~%-]*");
        assertThat(encoded).contains("%00", "%FF", "%20", "%25", "%2B", "%2F", "-.", "_", "~", "0123456789",
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(all);
    }

    @Test
    void announceUriCarriesEveryParameterWithBinaryValuesEncoded() {
        URI uri = HttpTrackerCodec.announceUri("http://t.example:8080/announce", request(AnnounceEvent.STARTED, 50),
                0x0badcafe, null);
        assertThat(uri.getRawQuery()).isEqualTo("info_hash=%00%FF.~A%20%7F%80%25%26%3F%C0%AA~_-%9B%1C%3AM"
                + "&peer_id=-CN0001-ab%20cd%2Fef%2Bgh%25&port=6881&uploaded=10&downloaded=20&left=30&compact=1"
                + "&numwant=50&event=started&key=0BADCAFE");
        assertThat(uri.getHost()).isEqualTo("t.example");
    }

    @Test
    void announceUriOmitsDefaultsAndAppendsToAnExistingQuery() {
        URI uri = HttpTrackerCodec.announceUri("https://t.example/announce.php?passkey=abc",
                request(AnnounceEvent.NONE, -1), 1, Bytes.of(new byte[] {'x', 0}));
        assertThat(uri.getRawQuery()).startsWith("passkey=abc&info_hash=")
                .doesNotContain("event=").doesNotContain("numwant=").endsWith("&key=00000001&trackerid=x%00");
    }

    @Test
    void announceUriNamesEachEvent() {
        assertThat(HttpTrackerCodec.announceUri("http://h/a", request(AnnounceEvent.COMPLETED, 0), 0, null)
                .getRawQuery()).contains("&event=completed&");
        assertThat(HttpTrackerCodec.announceUri("http://h/a", request(AnnounceEvent.STOPPED, 0), 0, null)
                .getRawQuery()).contains("&event=stopped&");
    }

    @Test
    void scrapeUriFollowsBep48Convention() {
        InfoHash other = InfoHash.parse("0000000000000000000000000000000000000001");
        assertThat(HttpTrackerCodec.scrapeUri("http://h:1/announce", List.of(HASH, other)).toString())
                .isEqualTo("http://h:1/scrape?info_hash=%00%FF.~A%20%7F%80%25%26%3F%C0%AA~_-%9B%1C%3AM"
                        + "&info_hash=%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%01");
        assertThat(HttpTrackerCodec.scrapeUri("http://h/x/announce.php?k=1", List.of(other)).toString())
                .startsWith("http://h/x/scrape.php?k=1&info_hash=");
        assertThatThrownBy(() -> HttpTrackerCodec.scrapeUri("http://h/a/b", List.of(HASH)))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.UNSUPPORTED))
                .hasMessage("scrape: http://h/a/b (expected: an announce URL whose last path segment starts with"
                        + " 'announce')");
    }

    @Test
    void parsesCompactAnswer() {
        byte[] body = bencode(BDictionary.builder().put("interval", 1800).put("min interval", 900)
                .put("complete", 3).put("incomplete", 4)
                .put("peers", new BString(Bytes.fromHex("7f0000011388" + "0a000002c8d5")))
                .put("peers6", new BString(Bytes.fromHex("00000000000000000000000000000001" + "1a2b")))
                .put("tracker id", "tid").put("warning message", "be nice").build());
        HttpTrackerCodec.Reply reply = HttpTrackerCodec.parseAnnounce(body, DECODER);
        AnnounceResponse r = reply.response();
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(r.minInterval()).isEqualTo(Duration.ofSeconds(900));
        assertThat(r.seeders()).isEqualTo(3);
        assertThat(r.leechers()).isEqualTo(4);
        assertThat(r.warning()).isEqualTo("be nice");
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 5000),
                new InetSocketAddress("10.0.0.2", 51413), new InetSocketAddress("::1", 0x1a2b));
        assertThat(reply.trackerId()).isEqualTo(Bytes.of("tid".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void parsesOriginalDictionaryPeerListAndSkipsHostNames() {
        BList peers = BList.of(
                BDictionary.builder().put("ip", "192.168.1.7").put("peer id", "x".repeat(20)).put("port", 6881)
                        .build(),
                BDictionary.builder().put("ip", "2001:db8::5").put("port", 1).build(),
                BDictionary.builder().put("ip", "peer.example.org").put("port", 2).build());
        AnnounceResponse r = HttpTrackerCodec.parseAnnounce(bencode(BDictionary.builder().put("interval", 60)
                .put("peers", peers).build()), DECODER).response();
        assertThat(r.peers()).containsExactly(new InetSocketAddress("192.168.1.7", 6881),
                new InetSocketAddress("2001:db8::5", 1));
        assertThat(r.seeders()).isEqualTo(-1);
        assertThat(r.leechers()).isEqualTo(-1);
        assertThat(r.minInterval()).isNull();
        assertThat(r.warning()).isNull();
    }

    @Test
    void failureReasonBecomesARejection() {
        byte[] body = "d14:failure reason63:Requested download is not authorized for use with this tracker.e"
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> HttpTrackerCodec.parseAnnounce(body, DECODER))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.REJECTED))
                .hasMessage("Requested download is not authorized for use with this tracker.");
        assertThatThrownBy(() -> HttpTrackerCodec.parseScrape(body, DECODER))
                .hasMessage("Requested download is not authorized for use with this tracker.");
    }

    @Test
    void rejectsMalformedAnswersPrecisely() {
        assertProtocol("i5e", "response: an integer (expected: a bencoded dictionary)");
        assertProtocol("d8:intervali5e5:peers5:abcdee",
                "peers: 5 bytes (expected: a multiple of 6)");
        assertProtocol("d5:peers0:e", "interval: missing (expected: an integer number of seconds)");
        assertProtocol("d8:intervali-1ee", "interval: -1 (expected: 0..2147483647 seconds)");
        assertProtocol("d8:interval2:60e", "interval: a string (expected: an integer)");
        assertProtocol("d8:intervali5e5:peersi3ee",
                "peers: an integer (expected: a compact string or a list of dictionaries)");
        assertProtocol("d8:intervali5e6:peers63:abce", "peers6: 3 bytes (expected: a multiple of 18)");
        assertProtocol("d8:intervali5e5:peersli1eee", "peers[0]: an integer (expected: a dictionary)");
        assertProtocol("d8:intervali5e5:peersld2:ip3:1.24:porti70000eeee",
                "peers[0].port: 70000 (expected: an integer 1..65535)");
        assertProtocol("d8:intervali5e5:peersld4:porti1eeee", "peers[0].ip: missing (expected: an address string)");
        assertProtocol("d8:completei-2e8:intervali5ee", "complete: -2 (expected: >= 0)");
        assertProtocol("d8:intervali5e", "response: offset 14: end of input (expected: a key or 'e')");
        assertProtocol("d8:intervali5ee?", "response: offset 15: 1 trailing bytes (expected: end of input)");
        // the strict decoder refuses unsorted keys, which a sloppy tracker might send
        assertProtocol("d8:intervali5e8:completei1ee",
                "response: offset 14: dictionary key 'complete' after 'interval' (expected: keys in ascending byte"
                        + " order)");
    }

    @Test
    void refusesOversizedBodiesBeforeParsing() {
        BencodeDecoder small = new BencodeDecoder(new BencodeDecoder.Limits(32, 64, 64));
        byte[] body = bencode(BDictionary.builder().put("interval", 5)
                .put("peers", new BString(Bytes.of(new byte[120]))).build());
        assertThatThrownBy(() -> HttpTrackerCodec.parseAnnounce(body, small))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.PROTOCOL))
                .hasMessage("response: offset 0: input of " + body.length + " bytes (expected: at most 64 bytes)");
    }

    @Test
    void parsesScrape() {
        InfoHash other = InfoHash.parse("0000000000000000000000000000000000000001");
        byte[] body = bencode(BDictionary.builder().put("files", BDictionary.of(Map.of(
                new BString(HASH.bytes()), BDictionary.builder().put("complete", 2).put("downloaded", 7)
                        .put("incomplete", 1).build(),
                new BString(other.bytes()), BDictionary.builder().put("complete", 1).build()))).build());
        assertThat(HttpTrackerCodec.parseScrape(body, DECODER)).containsOnly(
                Map.entry(HASH, new ScrapeResult(2, 7, 1)), Map.entry(other, new ScrapeResult(1, 0, 0)));
    }

    @Test
    void rejectsMalformedScrape() {
        assertThatThrownBy(() -> HttpTrackerCodec.parseScrape("de".getBytes(StandardCharsets.US_ASCII), DECODER))
                .hasMessage("files: missing (expected: a dictionary)");
        assertThatThrownBy(() -> HttpTrackerCodec.parseScrape("d5:filesd3:abcdeee".getBytes(StandardCharsets.US_ASCII),
                DECODER)).hasMessage("files key: 3 bytes (expected: a 20-byte info-hash)");
        byte[] body = bencode(BDictionary.builder().put("files", BDictionary.of(Map.of(new BString(HASH.bytes()),
                new BInteger(3)))).build());
        assertThatThrownBy(() -> HttpTrackerCodec.parseScrape(body, DECODER))
                .hasMessage("files[" + HASH.bytes().hex() + "]: an integer (expected: a dictionary)");
    }

    @Test
    void literalAddressesNeverResolveNames() {
        assertThat(HttpTrackerCodec.literalAddress("1.2.3.4")).isNotNull();
        assertThat(HttpTrackerCodec.literalAddress("::ffff:1.2.3.4")).isNotNull();
        assertThat(HttpTrackerCodec.literalAddress("256.1.1.1")).isNull();
        assertThat(HttpTrackerCodec.literalAddress("1.2.3")).isNull();
        assertThat(HttpTrackerCodec.literalAddress("localhost")).isNull();
        assertThat(HttpTrackerCodec.literalAddress("")).isNull();
        assertThat(HttpTrackerCodec.literalAddress("de:ad:be:ef:zz")).isNull();
    }

    private static void assertProtocol(String body, String message) {
        assertThatThrownBy(() -> HttpTrackerCodec.parseAnnounce(body.getBytes(StandardCharsets.ISO_8859_1), DECODER))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.PROTOCOL))
                .hasMessage(message);
    }

    private static byte[] bencode(BDictionary dict) {
        return BencodeEncoder.encode(dict);
    }
}
