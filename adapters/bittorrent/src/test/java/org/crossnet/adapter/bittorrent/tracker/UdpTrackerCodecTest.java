package org.crossnet.adapter.bittorrent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.junit.jupiter.api.Test;

class UdpTrackerCodecTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final InfoHash HASH = InfoHash.parse("0102030405060708090a0b0c0d0e0f1011121314");
    private static final Bytes PEER_ID = Bytes.of("-CN0001-000000000000".getBytes(StandardCharsets.US_ASCII));

    @Test
    void encodesConnectWithTheMagic() {
        assertThat(hexOf(UdpTrackerCodec.encodeConnect(ALLOC, 0x11223344)))
                .isEqualTo("0000041727101980" + "00000000" + "11223344");
    }

    @Test
    void encodesAnnounceInBep15FieldOrder() {
        AnnounceRequest request = new AnnounceRequest(HASH, PEER_ID, 0xC8D5, 3, 2, 1, AnnounceEvent.STARTED, -1);
        String hex = hexOf(UdpTrackerCodec.encodeAnnounce(ALLOC, 0x0102030405060708L, 0x0a0b0c0d, request, 0x55aa));
        assertThat(hex).isEqualTo("0102030405060708" + "00000001" + "0a0b0c0d" + HASH.bytes().hex() + PEER_ID.hex()
                + "0000000000000002" + "0000000000000001" + "0000000000000003" + "00000002" + "00000000"
                + "000055aa" + "ffffffff" + "c8d5");
        assertThat(hex).hasSize(UdpTrackerCodec.ANNOUNCE_LENGTH * 2);
    }

    @Test
    void encodesEventCodesAndNumWant() {
        AnnounceRequest stopped = new AnnounceRequest(HASH, PEER_ID, 1, 0, 0, 0, AnnounceEvent.STOPPED, 7);
        String hex = hexOf(UdpTrackerCodec.encodeAnnounce(ALLOC, 0, 0, stopped, 0));
        assertThat(hex.substring(160, 168)).isEqualTo("00000003");
        assertThat(hex.substring(184, 192)).isEqualTo("00000007");
        AnnounceRequest completed = new AnnounceRequest(HASH, PEER_ID, 1, 0, 0, 0, AnnounceEvent.COMPLETED, 0);
        assertThat(hexOf(UdpTrackerCodec.encodeAnnounce(ALLOC, 0, 0, completed, 0)).substring(160, 168))
                .isEqualTo("00000001");
    }

    @Test
    void encodesScrapeAndBoundsItsSize() {
        assertThat(hexOf(UdpTrackerCodec.encodeScrape(ALLOC, 9, 8, List.of(HASH))))
                .isEqualTo("0000000000000009" + "00000002" + "00000008" + HASH.bytes().hex());
        assertThatThrownBy(() -> UdpTrackerCodec.encodeScrape(ALLOC, 0, 0, List.of()))
                .hasMessage("hashes: 0 (expected: 1..74 per UDP scrape)");
        assertThatThrownBy(() -> UdpTrackerCodec.encodeScrape(ALLOC, 0, 0, Collections.nCopies(75, HASH)))
                .hasMessage("hashes: 75 (expected: 1..74 per UDP scrape)");
    }

    @Test
    void decodesConnectReply() {
        UdpTrackerCodec.Reply reply = decode("00000000" + "cafebabe" + "0123456789abcdef", 4);
        assertThat(reply).isEqualTo(new UdpTrackerCodec.ConnectReply(0xcafebabe, 0x0123456789abcdefL));
    }

    @Test
    void decodesAnnounceReplyWithIpv4AndIpv6Peers() {
        UdpTrackerCodec.Reply v4 = decode("00000001" + "00000005" + "00000708" + "00000002" + "00000003"
                + "7f0000011388" + "0a0000020000", 4);
        assertThat(v4).isEqualTo(new UdpTrackerCodec.AnnounceReply(5, new AnnounceResponse(Duration.ofSeconds(1800),
                null, List.of(new InetSocketAddress("127.0.0.1", 5000)), 3, 2, null)));
        UdpTrackerCodec.Reply v6 = decode("00000001" + "00000005" + "0000003c" + "00000000" + "00000000"
                + "00000000000000000000000000000001" + "1a2b", 16);
        assertThat(((UdpTrackerCodec.AnnounceReply) v6).response().peers())
                .containsExactly(new InetSocketAddress("::1", 0x1a2b));
    }

    @Test
    void decodesScrapeAndErrorReplies() {
        assertThat(decode("00000002" + "00000009" + "00000001" + "00000002" + "00000003", 4)).isEqualTo(
                new UdpTrackerCodec.ScrapeReply(9, List.of(new ScrapeResult(1, 2, 3))));
        assertThat(decode("00000003" + "00000009" + ByteBufUtil.hexDump("not whitelisted".getBytes(
                StandardCharsets.US_ASCII)) + "00", 4)).isEqualTo(new UdpTrackerCodec.ErrorReply(9, "not whitelisted"));
    }

    @Test
    void readsAHeaderOnlyAnnounceReplyAsARefusal() {
        // recorded from opentracker (Debian 12 build) for an info-hash off its whitelist
        assertThat(decode("00000001" + "00000008", 4))
                .isEqualTo(new UdpTrackerCodec.ErrorReply(8, UdpTrackerCodec.NOT_SERVED));
    }

    @Test
    void rejectsShortAndMalformedPackets() {
        assertMalformed("000000", "packet: 3 bytes (expected: at least 8)");
        assertMalformed("00000000" + "00000001" + "0102", "connect reply: 10 bytes (expected: at least 16)");
        assertMalformed("00000001" + "00000001" + "00000708", "announce reply: 12 bytes (expected: 20 + 6 per peer)");
        assertMalformed("00000001" + "00000001" + "00000708" + "00000000" + "00000000" + "7f00000113",
                "announce reply: 25 bytes (expected: 20 + 6 per peer)");
        assertMalformed("00000001" + "00000001" + "80000000" + "00000000" + "00000000",
                "interval: 2147483648 (expected: 0..2147483647 seconds)");
        assertMalformed("00000001" + "00000001" + "00000001" + "ffffffff" + "00000000",
                "leechers: 4294967295 (expected: 0..2147483647)");
        assertMalformed("00000002" + "00000001" + "00000001", "scrape reply: 12 bytes (expected: 8 + 12 per torrent)");
        assertMalformed("00000007" + "00000001", "action: 7 (expected: 0..3)");
    }

    @Test
    void decodingLeavesTheBufferUntouched() {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000000" + "00000001" + "0000000000000002"));
        UdpTrackerCodec.decode(in, 4);
        assertThat(in.readerIndex()).isZero();
        assertThat(in.release()).isTrue();
    }

    private static void assertMalformed(String hex, String message) {
        assertThatThrownBy(() -> decode(hex, 4)).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.PROTOCOL)).hasMessage(message);
    }

    private static UdpTrackerCodec.Reply decode(String hex, int addressLength) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            return UdpTrackerCodec.decode(in, addressLength);
        } finally {
            in.release();
        }
    }

    private static String hexOf(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }
}
