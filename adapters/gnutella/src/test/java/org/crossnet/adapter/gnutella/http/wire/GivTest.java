package org.crossnet.adapter.gnutella.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crossnet.adapter.gnutella.http.ServentGuid;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

class GivTest {
    private static final ServentGuid GUID = ServentGuid.parseHex("A1623102C32EB39FFFA52339CF759503");

    @Test
    void encodesTheSpecLayout() {
        GivLine giv = new GivLine(7, GUID, "crossnet test.bin");
        assertThat(new String(giv.encode(), StandardCharsets.UTF_8))
                .isEqualTo("GIV 7:A1623102C32EB39FFFA52339CF759503/crossnet test.bin\n\n");
        assertThat(GivLine.parse("GIV 7:a1623102c32eb39fffa52339cf759503/crossnet test.bin")).isEqualTo(giv);
    }

    @Test
    void decoderReadsOneGivAtEverySplitAndPassesTheRestOn() {
        byte[] input = "GIV 42:A1623102C32EB39FFFA52339CF759503/f.bin\r\n\r\nGET".getBytes(StandardCharsets.UTF_8);
        List<Object> whole = ProtocolVectors.readInbound(() -> new ChannelHandler[] {new GivDecoder()},
                List.of(input));
        assertThat(whole).hasSize(2);
        assertThat(whole.get(0)).isEqualTo(new GivLine(42, GUID, "f.bin"));
        assertThat((byte[]) whole.get(1)).isEqualTo("GET".getBytes(StandardCharsets.UTF_8));

        byte[] exact = "GIV 42:A1623102C32EB39FFFA52339CF759503/f.bin\n\n".getBytes(StandardCharsets.UTF_8);
        // Once the decoder has removed itself an empty chunk passes through as an empty read: not a message.
        assertThat(ProtocolVectors.decodesAlikeAtEveryOffset(exact, chunks -> ProtocolVectors.readInbound(
                () -> new ChannelHandler[] {new GivDecoder()}, chunks).stream()
                .filter(m -> !(m instanceof byte[] b && b.length == 0)).toList())).isEmpty();
    }

    @Test
    void decoderRefusesMalformedAndEndlessLines() {
        assertThatThrownBy(() -> ProtocolVectors.readInbound(() -> new ChannelHandler[] {new GivDecoder()},
                List.of("GIV x:A1623102C32EB39FFFA52339CF759503/f\n\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DecoderException.class).hasMessageContaining("giv.index: x");
        assertThatThrownBy(() -> ProtocolVectors.readInbound(() -> new ChannelHandler[] {new GivDecoder()},
                List.of("GIV 1:A1623102C32EB39FFFA52339CF759503/f\nX\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DecoderException.class).hasMessageContaining("(expected: GIV line followed by an empty");
        byte[] endless = ("GIV 1:A1623102C32EB39FFFA52339CF759503/" + "a".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolVectors.readInbound(() -> new ChannelHandler[] {new GivDecoder()},
                List.of(endless))).isInstanceOf(DecoderException.class).hasMessageContaining("without an end");
        assertThatThrownBy(() -> GivLine.parse("GIV 1:SHORT/f")).hasMessageStartingWith("giv.servent: SHORT");
        assertThatThrownBy(() -> GivLine.parse("GET / HTTP/1.1")).hasMessageStartingWith("giv: GET");
    }
}
