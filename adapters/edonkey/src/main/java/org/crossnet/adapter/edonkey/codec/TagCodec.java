package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.Bytes;

/**
 * Reads and writes eMule tags and tag lists, with limits checked before anything is allocated. Stateless and
 * thread-safe.
 *
 * <p>Wire layout (little-endian), as aMule 2.3.3 {@code CTag(const CFileDataIO&)} reads it:
 * <pre>
 * old form:  &lt;type u8 (0x01..0x0B, 0x11..0x20)&gt;&lt;name length u16&gt;&lt;name&gt;&lt;value&gt;
 *            (a name of length 1 is an id byte)
 * new form:  &lt;type | 0x80&gt;&lt;name id u8&gt;&lt;value&gt;
 * values:    HASH16 0x01 &lt;16 bytes&gt; | STRING 0x02 &lt;len u16&gt;&lt;utf-8&gt; | UINT32 0x03 &lt;u32&gt;
 *            | FLOAT32 0x04 &lt;4 bytes&gt; | BOOL 0x05 &lt;u8&gt; | BOOLARRAY 0x06 &lt;bits u16&gt;&lt;bits/8+1 bytes&gt;
 *            | BLOB 0x07 &lt;len u32&gt;&lt;bytes&gt; | UINT16 0x08 &lt;u16&gt; | UINT8 0x09 &lt;u8&gt;
 *            | BSOB 0x0A &lt;len u8&gt;&lt;bytes&gt; | UINT64 0x0B &lt;u64&gt;
 *            | STR1..STR16 0x11..0x20 &lt;1..16 bytes of utf-8, the length given by the type&gt;
 * </pre>
 * Both forms are accepted on input, whatever {@link Form} the caller writes. Kad uses the old form with a u8 tag
 * count; eD2k hello, server and search messages a u32 count.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/Tag.cpp">aMule Tag.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SafeFile.cpp">aMule SafeFile.cpp (WriteTag)</a>
 */
public final class TagCodec {
    /** TAGTYPE_* constants (aMule src/include/tags/TagTypes.h). */
    public static final int HASH16 = 0x01;
    public static final int STRING = 0x02;
    public static final int UINT32 = 0x03;
    public static final int FLOAT32 = 0x04;
    public static final int BOOL = 0x05;
    public static final int BOOLARRAY = 0x06;
    public static final int BLOB = 0x07;
    public static final int UINT16 = 0x08;
    public static final int UINT8 = 0x09;
    public static final int BSOB = 0x0A;
    public static final int UINT64 = 0x0B;
    public static final int STR1 = 0x11;
    public static final int STR16 = 0x20;
    /** Type bit of the new form: the name is a single id byte. */
    public static final int COMPACT_NAME = 0x80;

    /** How {@link #write} encodes names and short strings; integers always keep their value's width. */
    public enum Form {
        /**
         * Names as {@code <len u16><name>} (an id as length 1), strings as STRING. What aMule writes in hello,
         * eMule info, server login, offer files and Kad packets.
         */
        OLD,
        /**
         * Id names as {@code <type|0x80><id>} and 1..16-byte strings as STR1..STR16 (aMule's
         * {@code WriteNewEd2kTag}: servers with SRV_TCPFLG_NEWTAGS, search results of newer servers).
         */
        NEW
    }

    /** How a tag list's count is written. */
    public enum CountWidth {
        /** u8 (Kad). */
        U8,
        /** u32 LE (eD2k). */
        U32
    }

    /**
     * Limits applied while decoding.
     *
     * @param maxTags      most tags in one list
     * @param maxBlobBytes largest BLOB value
     */
    public record Limits(int maxTags, int maxBlobBytes) {
        public Limits {
            if (maxTags < 1 || maxBlobBytes < 0) {
                throw new IllegalArgumentException("limits: maxTags=" + maxTags + " maxBlobBytes=" + maxBlobBytes
                        + " (expected: maxTags >= 1, maxBlobBytes >= 0)");
            }
        }
    }

    /** 256 tags per list (aMule hellos carry about 10, search results about 15), blobs up to 64 KiB. */
    public static final Limits DEFAULT_LIMITS = new Limits(256, 64 * 1024);

    private static final TagCodec STANDARD = new TagCodec(DEFAULT_LIMITS);

    private final Limits limits;

    public TagCodec(Limits limits) {
        this.limits = limits;
    }

    /** A codec with {@link #DEFAULT_LIMITS}. */
    public static TagCodec standard() {
        return STANDARD;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Reads {@code count} tags. The count is checked against {@link Limits#maxTags} before any tag is read.
     *
     * @throws Ed2kWireException on a count over the limit, a truncated tag, an unknown type or an oversized value
     */
    public List<Tag> read(ByteBuf in, long count) {
        if (count < 0 || count > limits.maxTags()) {
            throw new Ed2kWireException("tag count", count, "0.." + limits.maxTags());
        }
        List<Tag> tags = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            tags.add(read(in));
        }
        return tags;
    }

    /**
     * Reads a tag list: {@code <count u8 or u32><tag>*}.
     *
     * @throws Ed2kWireException as {@link #read(ByteBuf, long)}
     */
    public List<Tag> readList(ByteBuf in, CountWidth width) {
        need(in, width == CountWidth.U8 ? 1 : 4, "tag count");
        long count = width == CountWidth.U8 ? in.readUnsignedByte() : in.readUnsignedIntLE();
        return read(in, count);
    }

    /**
     * Reads one tag in either form.
     *
     * @throws Ed2kWireException on truncation, an unknown type or an oversized value
     */
    public Tag read(ByteBuf in) {
        need(in, 1, "tag type");
        int type = in.readUnsignedByte();
        Tag.Name name;
        if ((type & COMPACT_NAME) != 0) {
            type &= 0x7F;
            need(in, 1, "tag name id");
            name = new Tag.Id(in.readUnsignedByte());
        } else {
            need(in, 2, "tag name length");
            int length = in.readUnsignedShortLE();
            need(in, length, "tag name");
            if (length == 1) {
                name = new Tag.Id(in.readUnsignedByte());
            } else {
                name = new Tag.Text(in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString());
            }
        }
        return new Tag(name, readValue(in, type, name));
    }

    private Tag.Value readValue(ByteBuf in, int type, Tag.Name name) {
        String field = "tag " + name;
        switch (type) {
            case HASH16:
                need(in, 16, field);
                return new Tag.Hash16(bytes(in, 16));
            case STRING: {
                need(in, 2, field + " length");
                int length = in.readUnsignedShortLE();
                need(in, length, field);
                return new Tag.Str(utf8(in, length));
            }
            case UINT32:
                need(in, 4, field);
                return new Tag.UInt32(in.readUnsignedIntLE());
            case FLOAT32:
                need(in, 4, field);
                return new Tag.Float32(Float.intBitsToFloat(in.readIntLE()));
            case BOOL: {
                need(in, 1, field);
                int b = in.readUnsignedByte();
                if (b > 1) {
                    throw new Ed2kWireException(field + " bool", b, "0 or 1");
                }
                return new Tag.Bool(b == 1);
            }
            case BOOLARRAY: {
                need(in, 2, field + " bits");
                int bits = in.readUnsignedShortLE();
                need(in, bits / 8 + 1, field);
                return new Tag.BoolArray(bits, bytes(in, bits / 8 + 1));
            }
            case BLOB: {
                need(in, 4, field + " length");
                long length = in.readUnsignedIntLE();
                if (length > limits.maxBlobBytes()) {
                    throw new Ed2kWireException(field + " blob length", length, "at most " + limits.maxBlobBytes());
                }
                need(in, (int) length, field);
                return new Tag.Blob(bytes(in, (int) length));
            }
            case UINT16:
                need(in, 2, field);
                return new Tag.UInt16(in.readUnsignedShortLE());
            case UINT8:
                need(in, 1, field);
                return new Tag.UInt8(in.readUnsignedByte());
            case BSOB: {
                need(in, 1, field + " length");
                int length = in.readUnsignedByte();
                need(in, length, field);
                return new Tag.Bsob(bytes(in, length));
            }
            case UINT64:
                need(in, 8, field);
                return new Tag.UInt64(in.readLongLE());
            default:
                if (type >= STR1 && type <= STR16) {
                    int length = type - STR1 + 1;
                    need(in, length, field);
                    return new Tag.Str(utf8(in, length));
                }
                // The value's length is unknown, so nothing after it can be read: the whole message is lost.
                throw new Ed2kWireException(field + " type", String.format("0x%02X", type),
                        "one of 0x01..0x0B, 0x11..0x20");
        }
    }

    /** Writes {@code <count><tag>*}. */
    public void writeList(List<Tag> tags, ByteBuf out, CountWidth width, Form form) {
        if (width == CountWidth.U8) {
            if (tags.size() > 0xFF) {
                throw new IllegalArgumentException("tags: " + tags.size() + " (expected: at most 255 with a u8 count)");
            }
            out.writeByte(tags.size());
        } else {
            out.writeIntLE(tags.size());
        }
        for (Tag t : tags) {
            write(t, out, form);
        }
    }

    /** Writes one tag; the layout is in the class comment. */
    public void write(Tag tag, ByteBuf out, Form form) {
        Tag.Value v = tag.value();
        byte[] utf8 = v instanceof Tag.Str s ? s.value().getBytes(StandardCharsets.UTF_8) : null;
        int type = typeOf(v);
        if (form == Form.NEW && utf8 != null && utf8.length >= 1 && utf8.length <= 16) {
            type = STR1 + utf8.length - 1;
        }
        if (form == Form.NEW && tag.name() instanceof Tag.Id id) {
            out.writeByte(type | COMPACT_NAME);
            out.writeByte(id.id());
        } else {
            out.writeByte(type);
            if (tag.name() instanceof Tag.Id id) {
                out.writeShortLE(1);
                out.writeByte(id.id());
            } else {
                String text = ((Tag.Text) tag.name()).text();
                out.writeShortLE(text.length());
                out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
            }
        }
        if (v instanceof Tag.Hash16 h) {
            out.writeBytes(h.bytes().toArray());
        } else if (v instanceof Tag.Str) {
            if (type == STRING) {
                out.writeShortLE(utf8.length);
            }
            out.writeBytes(utf8);
        } else if (v instanceof Tag.UInt32 i) {
            out.writeIntLE((int) i.value());
        } else if (v instanceof Tag.Float32 f) {
            out.writeIntLE(Float.floatToRawIntBits(f.value()));
        } else if (v instanceof Tag.Bool b) {
            out.writeByte(b.value() ? 1 : 0);
        } else if (v instanceof Tag.BoolArray a) {
            out.writeShortLE(a.bits());
            out.writeBytes(a.data().toArray());
        } else if (v instanceof Tag.Blob b) {
            out.writeIntLE(b.bytes().length());
            out.writeBytes(b.bytes().toArray());
        } else if (v instanceof Tag.UInt16 i) {
            out.writeShortLE(i.value());
        } else if (v instanceof Tag.UInt8 i) {
            out.writeByte(i.value());
        } else if (v instanceof Tag.Bsob b) {
            out.writeByte(b.bytes().length());
            out.writeBytes(b.bytes().toArray());
        } else if (v instanceof Tag.UInt64 i) {
            out.writeLongLE(i.value());
        }
    }

    /** The TAGTYPE_* of a value in the old form. */
    public static int typeOf(Tag.Value v) {
        if (v instanceof Tag.Hash16) {
            return HASH16;
        } else if (v instanceof Tag.Str) {
            return STRING;
        } else if (v instanceof Tag.UInt32) {
            return UINT32;
        } else if (v instanceof Tag.Float32) {
            return FLOAT32;
        } else if (v instanceof Tag.Bool) {
            return BOOL;
        } else if (v instanceof Tag.BoolArray) {
            return BOOLARRAY;
        } else if (v instanceof Tag.Blob) {
            return BLOB;
        } else if (v instanceof Tag.UInt16) {
            return UINT16;
        } else if (v instanceof Tag.UInt8) {
            return UINT8;
        } else if (v instanceof Tag.Bsob) {
            return BSOB;
        }
        return UINT64;
    }

    /**
     * Decodes UTF-8; bytes that are not valid UTF-8 are read as ISO-8859-1, as aMule falls back to the local code
     * page for pre-Unicode clients (such a string re-encodes as UTF-8, so its bytes change).
     */
    static String utf8(ByteBuf in, int length) {
        ByteBuffer nio = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(nio.duplicate()).toString();
        } catch (CharacterCodingException e) {
            return StandardCharsets.ISO_8859_1.decode(nio).toString();
        }
    }

    private static Bytes bytes(ByteBuf in, int length) {
        byte[] b = new byte[length];
        in.readBytes(b);
        return Bytes.of(b);
    }

    /** Fails unless {@code n} bytes are readable: checked before every read and allocation. */
    static void need(ByteBuf in, int n, String field) {
        if (in.readableBytes() < n) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", n + " bytes");
        }
    }
}
