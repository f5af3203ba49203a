package org.crossnet.adapter.bittorrent.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossnet.spi.model.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The stream splitter in front of the swarm: piece messages (header parsed as it arrives, block sliced or gathered)
 * and every other message, in reads cut anywhere; nothing leaks, and an error ends the connection's decoding.
 */
class PeerFrameDecoderTest {
    private static final int MAX_FRAME = 1 << 18;

    private static byte[] piece(int index, int begin, byte[] block) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(9 + block.length).writeByte(PeerWire.PIECE).writeInt(index).writeInt(begin).writeBytes(block);
        return ByteBufUtil.getBytes(b);
    }

    /** The read buffers the last {@link #feed} wrote: all released once the messages out of them are. */
    private final List<ByteBuf> written = new ArrayList<>();

    /** Feeds {@code wire} in chunks whose sizes come from {@code seed}; returns what came out, in order. */
    private List<Object> feed(byte[] wire, long seed, int maxChunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new PeerFrameDecoder(MAX_FRAME));
        Random random = new Random(seed);
        written.clear();
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(maxChunk));
            ByteBuf chunk = Unpooled.directBuffer(n).writeBytes(wire, at, n);
            written.add(chunk);
            ch.writeInbound(chunk);
            at += n;
        }
        List<Object> out = new ArrayList<>();
        for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
            out.add(m);
        }
        assertThat(ch.finish()).isFalse();
        return out;
    }

    private void assertReadBuffersReleased() {
        assertThat(written).as("every read buffer released once the messages out of it are")
                .allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void blocksAndMessagesInterleavedSurviveAnyCutOfTheReads() {
        Random random = new Random(5);
        List<byte[]> blocks = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(PeerMessageCodecTest.encode(new PeerMessage.Extended(0, Bytes.of("de".getBytes()))));
        for (int i = 0; i < 12; i++) {
            byte[] block = new byte[i == 11 ? 1_234 : 16_384];
            random.nextBytes(block);
            blocks.add(block);
            wire.writeBytes(piece(3, i * 16_384, block));
            if (i % 4 == 1) {
                wire.writeBytes(PeerMessageCodecTest.encode(new PeerMessage.Have(i)));
                wire.writeBytes(PeerMessageCodecTest.encode(new PeerMessage.KeepAlive()));
            }
        }
        byte[] bytes = wire.toByteArray();
        for (int maxChunk : new int[] {3, 13, 100, 16_393, 65_536, bytes.length}) {
            for (long seed = 0; seed < (maxChunk < 100 ? 1 : 3); seed++) {
                List<Object> out = feed(bytes, seed, maxChunk);
                List<PeerMessage.Piece> pieces = new ArrayList<>();
                for (Object o : out) {
                    if (o instanceof PeerMessage.Piece p) {
                        pieces.add(p);
                    }
                }
                assertThat(out).as("chunks up to %d", maxChunk).hasSize(1 + 12 + 6);
                assertThat(out.get(0)).isEqualTo(new PeerMessage.Extended(0, Bytes.of("de".getBytes())));
                assertThat(out).contains(new PeerMessage.Have(1), new PeerMessage.Have(5), new PeerMessage.Have(9),
                        new PeerMessage.KeepAlive());
                for (int i = 0; i < pieces.size(); i++) {
                    PeerMessage.Piece p = pieces.get(i);
                    assertThat(p.piece()).isEqualTo(3);
                    assertThat(p.begin()).isEqualTo(i * 16_384);
                    assertThat(ByteBufUtil.getBytes(p.data())).as("block %d, chunks up to %d", i, maxChunk)
                            .isEqualTo(blocks.get(i));
                    p.release();
                }
                assertReadBuffersReleased();
            }
        }
    }

    @Test
    void aPieceHeaderOutOfRangeIsAnErrorAndLaterBytesAreDropped() {
        ByteBuf bad = Unpooled.buffer().writeInt(9 + 4).writeByte(PeerWire.PIECE).writeInt(-1).writeInt(0)
                .writeInt(7);
        byte[] wire = ByteBufUtil.getBytes(bad);
        for (int cut = 1; cut < wire.length; cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new PeerFrameDecoder(MAX_FRAME));
            int at = cut;
            assertThatThrownBy(() -> {
                ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, at));
                ch.writeInbound(Unpooled.wrappedBuffer(wire, at, wire.length - at));
                ch.checkException();
            }).as("cut at %d", cut).isInstanceOf(DecoderException.class)
                    .hasRootCauseMessage("piece.piece: 4294967295 (expected: 0..2147483647)");
            ByteBuf after = Unpooled.wrappedBuffer(PeerMessageCodecTest.encode(new PeerMessage.Have(1)));
            ch.writeInbound(after);
            assertThat((Object) ch.readInbound()).as("nothing decoded after an error").isNull();
            assertThat(after.refCnt()).isZero();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aFrameOverTheLimitIsRefusedOnItsPrefix() {
        EmbeddedChannel ch = new EmbeddedChannel(new PeerFrameDecoder(MAX_FRAME));
        ByteBuf prefix = Unpooled.buffer().writeInt(MAX_FRAME + 1).writeByte(PeerWire.PIECE);
        assertThatThrownBy(() -> ch.writeInbound(prefix)).isInstanceOf(TooLongFrameException.class)
                .hasMessage("frame.length: " + (MAX_FRAME + 1) + " (expected: at most " + MAX_FRAME + ")");
        assertThat(prefix.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void aPieceLargerThanARequestGoesThroughTheGeneralPathAndAShortOneIsWordedAsBefore() {
        byte[] big = new byte[PeerWire.MAX_REQUEST_LENGTH + 1];
        new Random(1).nextBytes(big);
        List<Object> out = feed(piece(0, 0, big), 2, 40_000);
        assertThat(out).hasSize(1);
        PeerMessage.Piece p = (PeerMessage.Piece) out.get(0);
        assertThat(ByteBufUtil.getBytes(p.data())).isEqualTo(big);
        p.release();
        assertReadBuffersReleased();

        EmbeddedChannel ch = new EmbeddedChannel(new PeerFrameDecoder(MAX_FRAME));
        ByteBuf shortPiece = Unpooled.buffer().writeInt(5).writeByte(PeerWire.PIECE).writeInt(1);
        assertThatThrownBy(() -> {
            ch.writeInbound(shortPiece);
            ch.checkException();
        }).isInstanceOf(DecoderException.class)
                .hasRootCauseMessage("piece.length: 4 (expected: at least 8 payload bytes)");
        ch.finishAndReleaseAll();
    }

    @Test
    void anEmptyBlockIsPassedOnForTheSwarmToRefuse() {
        List<Object> out = feed(piece(2, 16_384, new byte[0]), 3, 4);
        assertThat(out).hasSize(1);
        PeerMessage.Piece p = (PeerMessage.Piece) out.get(0);
        assertThat(p.piece()).isEqualTo(2);
        assertThat(p.data().readableBytes()).isZero();
        p.release();
        assertReadBuffersReleased();
    }
}
