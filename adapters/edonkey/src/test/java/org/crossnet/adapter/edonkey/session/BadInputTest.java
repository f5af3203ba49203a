package org.crossnet.adapter.edonkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.ClientMessageEncoder;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kZlib;
import org.crossnet.adapter.edonkey.support.Nodes;
import org.crossnet.adapter.edonkey.support.ScriptedPeer;
import org.crossnet.spi.model.Ed2kHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input over a real connection: each case closes the connection with its reason, and the adapter keeps
 * answering other peers.
 */
class BadInputTest {
    private static Nodes.Running node;

    @BeforeAll
    static void start() {
        node = Nodes.start(Nodes.config("127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void overLongPacketIsRefusedFromItsHeader() {
        // E3, length 1 GiB, opcode 0x01: refused before a byte of the body is buffered
        expectClose(CloseReason.FRAME_TOO_LONG, p -> p.raw(HexFormat.of().parseHex("e30000004001")));
    }

    @Test
    void badProtocolByteIsRefused() {
        expectClose(CloseReason.BAD_FRAME, p -> p.raw(HexFormat.of().parseHex("4101000000010000")));
    }

    @Test
    void zlibBombInAPackedPacketIsStoppedAtTheCap() {
        ByteBuf zeros = Unpooled.wrappedBuffer(new byte[64 << 20]);
        ByteBuf bomb = Ed2kZlib.deflate(zeros, ByteBufAllocator.DEFAULT);
        zeros.release();
        ByteBuf frame = Unpooled.buffer();
        ClientMessageEncoder.frame(Ed2kWire.PROT_PACKED, Ed2kWire.OP_MULTIPACKETANSWER, frame, b -> b.writeBytes(bomb));
        byte[] bytes = ByteBufUtil.getBytes(frame);
        bomb.release();
        frame.release();
        expectClose(CloseReason.BAD_COMPRESSION, p -> {
            p.hello(4662);
            p.raw(bytes);
        });
    }

    @Test
    void malformedTagTypeIsRefused() {
        // OP_HELLO with one tag of type 0x0C (no such type: its length is unknown)
        String hello = "10" + "00".repeat(16) + "00000000" + "2e16" + "01000000" + "0c" + "0100" + "01" + "00000000"
                + "00000000" + "0000";
        expectClose(CloseReason.PROTOCOL_VIOLATION, p -> p.raw(frame(0xE3, 0x01, hello)));
    }

    @Test
    void tagCountOverTheLimitIsRefused() {
        String hello = "10" + "00".repeat(16) + "00000000" + "2e16" + "ffffff00";
        expectClose(CloseReason.PROTOCOL_VIOLATION, p -> p.raw(frame(0xE3, 0x01, hello)));
    }

    @Test
    void invertedRangeIsRefused() {
        Ed2kHash h = Ed2kHash.parse("00112233445566778899aabbccddeeff");
        // OP_REQUESTPARTS with start 200 > end 100 in the first slot
        String payload = h.bytes().hex() + "c8000000" + "00000000" + "00000000" + "64000000" + "00000000"
                + "00000000";
        expectClose(CloseReason.PROTOCOL_VIOLATION, p -> {
            p.hello(4662);
            p.raw(frame(0xE3, Ed2kWire.OP_REQUESTPARTS, payload));
        });
    }

    @Test
    void aichAnswerWithTooManyHashesIsRefused() {
        Ed2kHash h = Ed2kHash.parse("00112233445566778899aabbccddeeff");
        // OP_AICHANSWER: hash, part 0, root, a 16-bit count of 69 (at most 68) and nothing after it
        String payload = h.bytes().hex() + "0000" + "00".repeat(20) + "4500";
        expectClose(CloseReason.PROTOCOL_VIOLATION, p -> {
            p.hello(4662);
            p.raw(frame(0xC5, Ed2kWire.OP_AICHANSWER, payload));
        });
    }

    @Test
    void aichRequestOfTheWrongSizeIsRefused() {
        Ed2kHash h = Ed2kHash.parse("00112233445566778899aabbccddeeff");
        // OP_AICHREQUEST is exactly <hash 16><part u16><root 20>: one byte more is refused, as aMule refuses it
        String payload = h.bytes().hex() + "0100" + "00".repeat(21);
        expectClose(CloseReason.PROTOCOL_VIOLATION, p -> {
            p.hello(4662);
            p.raw(frame(0xC5, Ed2kWire.OP_AICHREQUEST, payload));
        });
    }

    @Test
    void unknownOpcodeIsRefused() {
        expectClose(CloseReason.UNKNOWN_OPCODE, p -> {
            p.hello(4662);
            p.raw(frame(0xE3, 0x7F, "0102"));
        });
    }

    @Test
    void messageBeforeHelloIsRefused() {
        expectClose(CloseReason.BAD_HANDSHAKE, p -> p.send(new ClientMessage.CancelTransfer()));
    }

    private static void expectClose(CloseReason reason, Consumer<ScriptedPeer> script) {
        long before = node.adapter().node().closeCounts().getOrDefault(reason, 0L);
        try (ScriptedPeer p = new ScriptedPeer("127.0.0.1", node.tcpPort())) {
            try {
                script.accept(p);
            } catch (java.io.UncheckedIOException e) {
                // a reset while we were still writing: the adapter closed early, which is the point
            }
            assertThat(p.closedByPeer(Duration.ofSeconds(5))).as("connection closed").isTrue();
        }
        assertThat(Nodes.await(() -> node.adapter().node().closeCounts().getOrDefault(reason, 0L) == before + 1,
                Duration.ofSeconds(5))).as("close reason %s in %s", reason, node.adapter().node().closeCounts())
                .isTrue();
        // and the adapter still serves others
        try (ScriptedPeer other = new ScriptedPeer("127.0.0.1", node.tcpPort())) {
            assertThat(other.hello(4662).port()).isEqualTo(node.tcpPort());
        }
        assertThat(node.adapter().statusLine()).isNotNull();
    }

    private static byte[] frame(int protocol, int opcode, String payloadHex) {
        byte[] payload = HexFormat.of().parseHex(payloadHex);
        ByteBuf f = Unpooled.buffer();
        ClientMessageEncoder.frame(protocol, opcode, f, b -> b.writeBytes(payload));
        byte[] out = ByteBufUtil.getBytes(f);
        f.release();
        return out;
    }

}
