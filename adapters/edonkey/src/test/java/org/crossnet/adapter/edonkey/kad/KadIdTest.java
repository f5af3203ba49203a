package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.junit.jupiter.api.Test;

class KadIdTest {
    @Test
    void wireOrderIsFourLittleEndianWordsMostSignificantFirst() {
        KadId id = KadId.fromHex("befdfd2747860a067e8a01a1ceedf10e");
        ByteBuf out = Unpooled.buffer();
        try {
            id.write(out);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("27fdfdbe060a8647a1018a7e0ef1edce");
            assertThat(KadId.read(out, "id")).isEqualTo(id);
        } finally {
            out.release();
        }
        assertThat(id.word(0)).isEqualTo(0xbefdfd27L);
        assertThat(id.word(3)).isEqualTo(0xceedf10eL);
        assertThat(HexFormat.of().formatHex(id.toHashBytes())).isEqualTo("befdfd2747860a067e8a01a1ceedf10e");
    }

    @Test
    void comparesUnsignedAndXorsAsDistance() {
        KadId small = KadId.of(0x7FFF_FFFF_FFFF_FFFFL, 0);
        KadId large = KadId.of(0x8000_0000_0000_0000L, 0);
        assertThat(small).isLessThan(large);
        assertThat(KadId.of(0, -1L)).isGreaterThan(KadId.of(0, 1));
        assertThat(small.xor(large)).isEqualTo(KadId.of(-1L, 0));
        assertThat(large.bit(0)).isEqualTo(1);
        assertThat(small.bit(0)).isZero();
        assertThat(KadId.of(0, 1).bit(127)).isEqualTo(1);
        assertThat(KadId.of(0, 1L << 63).bit(64)).isEqualTo(1);
    }

    @Test
    void randomWithPrefixKeepsThePrefixBits() {
        Random random = new Random(1);
        KadId prefix = KadId.fromHex("abcdef0123456789abcdef0123456789");
        for (int bits : List.of(0, 1, 7, 63, 64, 65, 100, 128)) {
            KadId r = KadId.randomWithPrefix(prefix, bits, random);
            for (int i = 0; i < bits; i++) {
                assertThat(r.bit(i)).as(bits + " bits, bit " + i).isEqualTo(prefix.bit(i));
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> KadId.fromHex("abc")).hasMessage("kad id: abc (expected: 32 hex digits)");
        ByteBuf in = Unpooled.wrappedBuffer(new byte[15]);
        try {
            assertThatThrownBy(() -> KadId.read(in, "target")).isInstanceOf(Ed2kWireException.class)
                    .hasMessage("target: truncated, 15 bytes left (expected: 16 bytes)");
        } finally {
            in.release();
        }
    }
}
