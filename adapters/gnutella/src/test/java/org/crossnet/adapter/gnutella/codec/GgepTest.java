package org.crossnet.adapter.gnutella.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GGEP blocks (length encoding boundary cases from GGEP 0.51 "Boundary Cases"), COBS and compressed data. */
class GgepTest {
    @ParameterizedTest
    @CsvSource({"0,40", "63,7f", "64,8140", "4095,bf7f", "4096,818040", "262143,bfbf7f"})
    void lengthBoundaryCases(int length, String encodedLength) {
        Ggep block = Ggep.of(GgepExtension.of("X", new byte[length]));
        byte[] bytes = block.toBytes();
        String hex = HexFormat.of().formatHex(bytes, 3, 3 + encodedLength.length() / 2);
        assertThat(hex).isEqualTo(encodedLength);
        assertThat(bytes).hasSize(block.encodedLength());
        assertThat(Ggep.read(Unpooled.wrappedBuffer(bytes))).isEqualTo(block);
    }

    @Test
    void refusesMalformedBlocks() {
        assertThatThrownBy(() -> read("c3 11 41 40")).hasMessageContaining("reserved bit 0x10");
        assertThatThrownBy(() -> read("c3 80 40")).hasMessageContaining("id length of 1..15");
        assertThatThrownBy(() -> read("c3 81 41 c0")).hasMessageContaining("exactly one of the more");
        assertThatThrownBy(() -> read("c3 81 41 80 41 00")).hasMessageContaining("shortest length encoding");
        assertThatThrownBy(() -> read("c3 81 41 81 81 81 40")).hasMessageContaining("1..3 length chunks");
        assertThatThrownBy(() -> read("c3 81 41 45 01 02")).hasMessageContaining("ggep.A.data");
        assertThatThrownBy(() -> read("c3 01 41 40")).hasMessageContaining("ggep.flags");
        assertThatThrownBy(() -> read("c2 81 41 40")).hasMessageContaining("ggep.magic: 0xc2 (expected: 0xc3)");
    }

    private static Ggep read(String hex) {
        return Ggep.read(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    @Test
    void cobsRoundTripsAndKeepsNulsOut() {
        Random random = new Random(4);
        for (int n : new int[] {0, 1, 2, 253, 254, 255, 256, 508, 509, 1000}) {
            for (int zeros : new int[] {0, 1, 50}) {
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (byte) (random.nextInt(zeros == 0 ? 255 : 5) + (zeros == 0 ? 1 : 0));
                }
                byte[] encoded = Cobs.encode(data);
                for (byte b : encoded) {
                    assertThat(b).isNotZero();
                }
                assertThat(encoded.length).isLessThanOrEqualTo(n + n / 254 + 1);
                assertThat(Cobs.decode(encoded, "t")).as("n=%d", n).isEqualTo(data);
            }
        }
        // Examples from the COBS paper: 00 -> 01 01; 11 22 00 33 -> 03 11 22 02 33.
        assertThat(Cobs.encode(new byte[] {0})).containsExactly(1, 1);
        assertThat(Cobs.encode(new byte[] {0x11, 0x22, 0, 0x33})).containsExactly(3, 0x11, 0x22, 2, 0x33);
        assertThatThrownBy(() -> Cobs.decode(new byte[] {3, 1}, "t")).hasMessageContaining("t: COBS block");
        assertThatThrownBy(() -> Cobs.decode(new byte[] {2, 0}, "t")).hasMessageContaining("t: NUL at 1");
    }

    @Test
    void nulFreeExtensionsAreCobsEncodedOnlyWhenNeeded() {
        GgepExtension plain = GgepExtension.nulFree("H", new byte[] {1, 2, 3});
        assertThat(plain.cobs()).isFalse();
        GgepExtension escaped = GgepExtension.nulFree("H", new byte[] {1, 0, 3});
        assertThat(escaped.cobs()).isTrue();
        assertThat(escaped.wireData().toArray()).doesNotContain((byte) 0);
        assertThat(escaped.value()).containsExactly(1, 0, 3);
        byte[] block = Ggep.of(escaped).toBytes();
        assertThat(block).doesNotContain((byte) 0);
        assertThat(Ggep.read(Unpooled.wrappedBuffer(block)).get("H").orElseThrow().value()).containsExactly(1, 0, 3);
    }

    @Test
    void compressedAndCobsEncodedDataDecodesInOrder() {
        byte[] value = new byte[3000];
        Arrays.fill(value, (byte) 7);
        // Writing: compress, then COBS; reading undoes COBS first (GGEP 0.51, implementation notes).
        byte[] wire = Cobs.encode(Zlib.deflate(value));
        GgepExtension e = new GgepExtension("ALT", true, true, org.crossnet.spi.model.Bytes.of(wire));
        assertThat(e.value()).isEqualTo(value);
    }

    @Test
    void inflationStopsAtTheCap() {
        byte[] bomb = Zlib.deflate(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);
        GgepExtension e = new GgepExtension("Z", false, true, org.crossnet.spi.model.Bytes.of(bomb));
        assertThatThrownBy(e::value).isInstanceOf(GnutellaCodecException.class)
                .hasMessage("ggep.Z.deflate: inflates to more than 65536 bytes (expected: at most 65536 bytes)");
        assertThatThrownBy(() -> Zlib.inflate(Arrays.copyOf(bomb, 10), 100, "f"))
                .hasMessageContaining("f: zlib stream truncated");
        assertThatThrownBy(() -> Zlib.inflate(new byte[] {1, 2, 3}, 100, "f")).hasMessageContaining("corrupt");
    }
}
