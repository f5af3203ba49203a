package org.crossnet.adapter.bittorrent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.crossnet.adapter.bittorrent.BitTorrentConfig;
import org.crossnet.adapter.bittorrent.codec.Handshake;
import org.crossnet.adapter.bittorrent.codec.HandshakeDecoder;
import org.crossnet.adapter.bittorrent.codec.PeerMessage;
import org.crossnet.adapter.bittorrent.codec.PeerMessageEncoder;
import org.crossnet.adapter.bittorrent.support.TestTorrents;
import org.crossnet.adapter.bittorrent.swarm.Torrent;
import org.crossnet.adapter.bittorrent.swarm.TorrentHost;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.torrent.Metainfo;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

/** One incoming connection in an EmbeddedChannel against a real seeding torrent: routing, replies and every close. */
class PeerConnectionTest {
    private static final byte[] DATA = TestTorrents.data(5 * 16_384 + 100, 5);
    private static final Metainfo META = TestTorrents.meta(TestTorrents.info("f.bin", DATA, 16_384));
    private static final Bytes OUR_ID = Bytes.of("-CN0010-000000000000".getBytes());
    private static final Bytes THEIR_ID = Bytes.of("-XX0001-111111111111".getBytes());

    private final List<String> debug = new ArrayList<>();
    private final Host host = new Host();
    private final Torrent torrent = Torrent.seed(host, META, (offset, dst) -> dst.put(DATA, (int) offset,
            dst.remaining()));

    private PeerConnection connection;

    private EmbeddedChannel channel() {
        connection = PeerConnection.incoming(host);
        return new EmbeddedChannel(new io.netty.channel.ChannelInitializer<>() {
            @Override
            protected void initChannel(io.netty.channel.Channel ch) {
                ch.pipeline().addLast(PeerConnection.HANDSHAKE, new HandshakeDecoder());
                ch.pipeline().addLast("encoder", PeerMessageEncoder.INSTANCE);
                ch.pipeline().addLast("peer", PeerConnectionTest.this.connection);
            }
        });
    }

    private static byte[] handshake(InfoHash hash, Bytes id) {
        ByteBuf buf = Unpooled.buffer();
        new Handshake(Handshake.ourReserved(), hash, id).encode(buf);
        byte[] b = ByteBufUtil.getBytes(buf);
        buf.release();
        return b;
    }

    private static byte[] wire(PeerMessage... messages) {
        ByteBuf all = Unpooled.buffer();
        for (PeerMessage m : messages) {
            ByteBuf one = PeerMessageEncoder.encode(Unpooled.buffer().alloc(), m);
            all.writeBytes(one);
            one.release();
        }
        byte[] b = ByteBufUtil.getBytes(all);
        all.release();
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private record Outcome(boolean open, CloseReason reason, byte[] sent) {
    }

    private Outcome feed(List<byte[]> chunks) {
        EmbeddedChannel ch = channel();
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
            ch.runPendingTasks();
        }
        ByteBuf out = Unpooled.buffer();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            out.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        byte[] sent = ByteBufUtil.getBytes(out);
        out.release();
        boolean open = ch.isOpen();
        CloseReason reason = connection.closeReason();
        ch.finishAndReleaseAll();
        return new Outcome(open, reason, sent);
    }

    private Outcome feed(byte[] bytes) {
        return feed(List.of(bytes));
    }

    @Test
    void routesByInfohashAndAnswersHandshakeBitfieldAndPiecesAtEverySplit() {
        byte[] input = concat(handshake(META.infoHash(), THEIR_ID),
                wire(new PeerMessage.HaveNone(), new PeerMessage.Interested(), new PeerMessage.Request(1, 0, 16_384)));
        Outcome whole = feed(input);
        assertThat(whole.open()).as("closed with %s", whole.reason()).isTrue();
        assertThat(Arrays.copyOf(whole.sent(), 68)).isEqualTo(handshake(META.infoHash(), OUR_ID));
        byte[] expectedPiece = wire(new PeerMessage.Piece(1, 0, Unpooled.wrappedBuffer(DATA, 16_384, 16_384)));
        assertThat(ByteBufUtil.hexDump(whole.sent())).as("have-all, extended handshake, unchoke, then the block")
                .startsWith(ByteBufUtil.hexDump(concat(handshake(META.infoHash(), OUR_ID),
                        wire(new PeerMessage.HaveAll()))))
                .contains(ByteBufUtil.hexDump(wire(new PeerMessage.Unchoke())))
                .endsWith(ByteBufUtil.hexDump(expectedPiece));
        for (ProtocolVectors.Split split : ProtocolVectors.splitAtEveryOffset(input)) {
            Outcome o = feed(split.chunks());
            assertThat(o.open()).as("%s", split).isTrue();
            assertThat(o.sent()).as("%s", split).isEqualTo(whole.sent());
        }
    }

    @Test
    void badHandshakeCloses() {
        byte[] bad = handshake(META.infoHash(), THEIR_ID);
        bad[5] = 'x';
        Outcome o = feed(bad);
        assertThat(o.open()).isFalse();
        assertThat(o.reason()).isEqualTo(CloseReason.BAD_HANDSHAKE);
        assertThat(o.sent()).as("nothing sent to a bad handshake").isEmpty();
    }

    @Test
    void unknownTorrentCloses() {
        Outcome o = feed(handshake(new InfoHash(Bytes.of(new byte[20])), THEIR_ID));
        assertThat(o.reason()).isEqualTo(CloseReason.UNKNOWN_TORRENT);
        assertThat(o.open()).isFalse();
    }

    @Test
    void selfConnectionCloses() {
        assertThat(feed(handshake(META.infoHash(), OUR_ID)).reason()).isEqualTo(CloseReason.SELF_CONNECTION);
    }

    private CloseReason afterHandshake(byte[] messages) {
        Outcome o = feed(concat(handshake(META.infoHash(), THEIR_ID), messages));
        assertThat(o.open()).as("connection open after %s", ByteBufUtil.hexDump(messages)).isFalse();
        return o.reason();
    }

    @Test
    void oversizedLengthClosesBeforeAllocating() {
        assertThat(afterHandshake(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 7}))
                .isEqualTo(CloseReason.FRAME_TOO_LONG);
    }

    @Test
    void unknownMessageIdCloses() {
        assertThat(afterHandshake(new byte[] {0, 0, 0, 1, 42})).isEqualTo(CloseReason.PROTOCOL_VIOLATION);
    }

    @Test
    void badBitfieldLengthAndSpareBitsClose() {
        assertThat(afterHandshake(wire(new PeerMessage.Bitfield(Bytes.of(new byte[2])))))
                .isEqualTo(CloseReason.BAD_BITFIELD);
        // 6 pieces: the low two bits of the one byte are spare.
        assertThat(afterHandshake(wire(new PeerMessage.Bitfield(Bytes.of(new byte[] {0x01})))))
                .isEqualTo(CloseReason.BAD_BITFIELD);
    }

    @Test
    void haveAndRequestOutsideTheTorrentClose() {
        assertThat(afterHandshake(wire(new PeerMessage.Have(6)))).isEqualTo(CloseReason.PIECE_OUT_OF_RANGE);
        assertThat(afterHandshake(wire(new PeerMessage.Request(5, 0, 16_384)))).isEqualTo(CloseReason.INVALID_REQUEST);
        assertThat(afterHandshake(wire(new PeerMessage.Request(9, 0, 16_384))))
                .isEqualTo(CloseReason.PIECE_OUT_OF_RANGE);
    }

    @Test
    void unrequestedPieceOutsideTheTorrentCloses() {
        assertThat(afterHandshake(wire(new PeerMessage.Piece(77, 0, Unpooled.wrappedBuffer(new byte[10])))))
                .isEqualTo(CloseReason.PIECE_OUT_OF_RANGE);
    }

    @Test
    void malformedBencodeInExtendedMessagesCloses() {
        assertThat(afterHandshake(wire(new PeerMessage.Extended(0, Bytes.of("d1:md".getBytes())))))
                .isEqualTo(CloseReason.MALFORMED_EXTENSION);
        assertThat(afterHandshake(wire(new PeerMessage.Extended(0, Bytes.of("de".getBytes())),
                new PeerMessage.Extended(1, Bytes.of("d8:msg_typei0e5:piece".getBytes())))))
                .isEqualTo(CloseReason.MALFORMED_EXTENSION);
    }

    @Test
    void extendedMessageOnAnIdWeNeverAnnouncedCloses() {
        assertThat(afterHandshake(wire(new PeerMessage.Extended(9, Bytes.of("de".getBytes())))))
                .isEqualTo(CloseReason.PROTOCOL_VIOLATION);
    }

    @Test
    void servesMetadataPiecesOverUtMetadata() {
        byte[] ext = wire(new PeerMessage.Extended(0, Bytes.of("d1:md11:ut_metadatai3eee".getBytes())),
                new PeerMessage.Extended(1, Bytes.of("d8:msg_typei0e5:piecei0ee".getBytes())),
                new PeerMessage.Extended(1, Bytes.of("d8:msg_typei0e5:piecei5ee".getBytes())));
        Outcome o = feed(concat(handshake(META.infoHash(), THEIR_ID), ext));
        assertThat(o.open()).isTrue();
        String sent = new String(o.sent(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(sent).contains("d8:msg_typei1e5:piecei0e10:total_sizei" + META.infoBytes().length() + "ee"
                + new String(META.infoBytes().toArray(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(sent).contains("d8:msg_typei2e5:piecei5ee");
    }

    @Test
    void sendsAKeepAliveAfterOneHundredSecondsOfSilenceOnly() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(concat(handshake(META.infoHash(), THEIR_ID),
                wire(new PeerMessage.HaveNone()))));
        ch.runPendingTasks();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ((ByteBuf) o).release();
        }
        ch.advanceTimeBy(90, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).as("90 s of silence: nothing yet").isNull();
        ch.advanceTimeBy(20, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ByteBuf keepAlive = ch.readOutbound();
        assertThat(keepAlive).as("after 100 s: <len=0000>").isNotNull();
        assertThat(ByteBufUtil.hexDump(keepAlive)).isEqualTo("00000000");
        keepAlive.release();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(50, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).as("the next one only after another 100 s").isNull();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    /** The adapter's services, minimal: direct executor, no dialling. */
    private final class Host implements TorrentHost, PeerConnection.Directory {
        @Override
        public Torrent find(InfoHash infoHash) {
            return infoHash.equals(META.infoHash()) ? torrent : null;
        }

        @Override
        public Bytes peerId() {
            return OUR_ID;
        }

        @Override
        public int maxFrameLength() {
            return BitTorrentConfig.MIN_FRAME_LENGTH;
        }

        @Override
        public long handshakeTimeoutMillis() {
            return 10_000;
        }

        @Override
        public BitTorrentConfig config() {
            return BitTorrentConfig.defaults();
        }

        @Override
        public NetworkId network() {
            return new NetworkId("bittorrent");
        }

        @Override
        public int listenPort() {
            return 6881;
        }

        @Override
        public void dial(Torrent t, InetSocketAddress address) {
            t.dialFailed(address);
        }

        @Override
        public int totalPeers() {
            return 0;
        }

        @Override
        public Executor blocking() {
            return Runnable::run;
        }

        @Override
        public void debug(String message) {
            debug.add(message);
        }

        @Override
        public void notice(String message) {
            debug.add(message);
        }

        @Override
        public boolean isSelf(InetSocketAddress address) {
            return false;
        }

        @Override
        public org.crossnet.adapter.bittorrent.webseed.WebSeedClient webSeedClient() {
            return null;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            debug.add("scheduled in " + delayNanos + " ns");
        }

        @Override
        public void closed(Torrent t) {
        }
    }
}
