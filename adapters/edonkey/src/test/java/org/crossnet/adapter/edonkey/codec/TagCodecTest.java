package org.crossnet.adapter.edonkey.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.crossnet.spi.model.Bytes;
import org.crossnet.testkit.ProtocolVectors;
import org.junit.jupiter.api.Test;

class TagCodecTest {
    private static final TagCodec CODEC = TagCodec.standard();

    /** The 7 tags of aMule's hello (vector run1-0001), old form, u32 count: offset 6 + 16 hash + 4 id + 2 port. */
    @Test
    void readsHelloTagsOfAmule() {
        byte[] frame = ProtocolVectors.load("edonkey", "run1-0001_tcp_ED2K_OP_HELLO.bin");
        ByteBuf in = Unpooled.wrappedBuffer(frame, 6 + 1 + 16 + 4 + 2, frame.length - 29);
        List<Tag> tags = CODEC.readList(in, TagCodec.CountWidth.U32);
        assertThat(tags).hasSize(7);
        assertThat(Tag.find(tags, 0x01).orElseThrow().asString()).isEqualTo("harness-K3");
        assertThat(Tag.find(tags, 0x11).orElseThrow().asLong()).isEqualTo(60);
        assertThat(Tag.find(tags, 0xF9).orElseThrow().value()).isEqualTo(new Tag.UInt32(306582086L));
        assertThat(in.readableBytes()).isEqualTo(6); // the server ip and port follow the tags
        ByteBuf out = Unpooled.buffer();
        CODEC.writeList(tags, out, TagCodec.CountWidth.U32, TagCodec.Form.OLD);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(java.util.Arrays.copyOfRange(frame, 29, frame.length - 6));
    }

    @Test
    void everyValueTypeRoundTripsInBothForms() {
        List<Tag> tags = List.of(
                Tag.hash(0x28, Bytes.fromHex("00112233445566778899aabbccddeeff")),
                Tag.string(0x01, "short"),
                Tag.string(0x01, "a string longer than sixteen bytes"),
                Tag.string(0x01, ""),
                Tag.string("text-name", "v"),
                Tag.uint32(0x02, 0xFFFF_FFFFL),
                Tag.float32(0x33, 1.5f),
                new Tag(new Tag.Id(0x40), new Tag.Bool(true)),
                new Tag(new Tag.Id(0x41), new Tag.BoolArray(9, Bytes.fromHex("ff01"))),
                Tag.blob(0x42, Bytes.fromHex("0102")),
                Tag.uint16(0x43, 0xFFFF),
                Tag.uint8(0x44, 0xFF),
                Tag.bsob(0x45, Bytes.fromHex("aabb")),
                Tag.uint64(0x3A, -1L),
                Tag.string(0x01, "ünïcödé"));
        for (TagCodec.Form form : TagCodec.Form.values()) {
            ByteBuf out = Unpooled.buffer();
            CODEC.writeList(tags, out, TagCodec.CountWidth.U8, form);
            assertThat(CODEC.readList(out, TagCodec.CountWidth.U8)).as(form.name()).isEqualTo(tags);
            assertThat(out.isReadable()).isFalse();
            out.release();
        }
    }

    @Test
    void newFormUsesCompactNamesAndShortStrings() {
        ByteBuf out = Unpooled.buffer();
        CODEC.write(Tag.string(0x01, "abc"), out, TagCodec.Form.NEW);
        CODEC.write(Tag.integer(0x02, 300), out, TagCodec.Form.NEW);
        // STR3|0x80, id 01, "abc"; UINT16|0x80, id 02, 300 LE
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("930161626388022c01");
        out.release();
    }

    @Test
    void oldFormWritesTwoByteNameLength() {
        ByteBuf out = Unpooled.buffer();
        CODEC.write(Tag.string(0x01, "abc"), out, TagCodec.Form.OLD);
        CODEC.write(Tag.integer(new Tag.Text("ab"), 7), out, TagCodec.Form.OLD);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("02010001030061626309020061620" + "7");
        out.release();
    }

    @Test
    void integerPicksTheSmallestWidth() {
        assertThat(Tag.integer(1, 255).value()).isInstanceOf(Tag.UInt8.class);
        assertThat(Tag.integer(1, 256).value()).isInstanceOf(Tag.UInt16.class);
        assertThat(Tag.integer(1, 65536).value()).isInstanceOf(Tag.UInt32.class);
        assertThat(Tag.integer(1, 1L << 32).value()).isInstanceOf(Tag.UInt64.class);
        assertThat(Tag.integer(1, 1L << 32).asLong()).isEqualTo(1L << 32);
    }

    @Test
    void rejectsUnknownType() {
        assertThatThrownBy(() -> CODEC.read(hex("0c0100aa00")))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("type: 0x0C (expected:");
    }

    @Test
    void rejectsTruncationAtEveryOffset() {
        ByteBuf full = Unpooled.buffer();
        CODEC.write(Tag.string(0x01, "a string longer than sixteen bytes"), full, TagCodec.Form.OLD);
        byte[] bytes = ByteBufUtil.getBytes(full);
        full.release();
        for (byte[] prefix : ProtocolVectors.truncations(bytes)) {
            assertThatThrownBy(() -> CODEC.read(Unpooled.wrappedBuffer(prefix)))
                    .as("%d bytes", prefix.length).isInstanceOf(Ed2kWireException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void rejectsTagCountOverTheLimitBeforeReading() {
        TagCodec small = new TagCodec(new TagCodec.Limits(2, 16));
        assertThatThrownBy(() -> small.readList(hex("03000000"), TagCodec.CountWidth.U32))
                .isInstanceOf(Ed2kWireException.class).hasMessage("tag count: 3 (expected: 0..2)");
        assertThatThrownBy(() -> CODEC.readList(hex("ffffffff"), TagCodec.CountWidth.U32))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("tag count: 4294967295");
    }

    @Test
    void rejectsBlobOverTheLimitBeforeAllocating() {
        TagCodec small = new TagCodec(new TagCodec.Limits(2, 16));
        assertThatThrownBy(() -> small.read(hex("870111000000")))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("blob length: 17 (expected: at most 16)");
        // a declared length beyond the readable bytes fails as truncated, without allocating it
        assertThatThrownBy(() -> CODEC.read(hex("8701ffffff00")))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("blob length: 16777215");
        assertThatThrownBy(() -> CODEC.read(hex("870100010000")))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsStringLongerThanItsFrame() {
        assertThatThrownBy(() -> CODEC.read(hex("820110006162")))
                .isInstanceOf(Ed2kWireException.class).hasMessageContaining("truncated");
    }

    @Test
    void readsInvalidUtf8AsLatin1() {
        assertThat(CODEC.read(hex("9101e9")).asString()).isEqualTo("é");
    }

    @Test
    void wrongKindAccessFails() {
        assertThatThrownBy(() -> Tag.string(1, "x").asLong()).isInstanceOf(Ed2kWireException.class)
                .hasMessageContaining("expected: an integer");
        assertThatThrownBy(() -> Tag.uint8(1, 1).asString()).isInstanceOf(Ed2kWireException.class);
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }
}
