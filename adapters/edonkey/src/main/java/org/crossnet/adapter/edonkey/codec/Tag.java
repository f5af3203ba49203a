package org.crossnet.adapter.edonkey.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.crossnet.spi.model.Bytes;

/**
 * One eMule tag: a name (a one-byte id such as {@code CT_NAME = 0x01}, or a text name) and a typed value. Used by
 * eD2k hello/info messages, server messages, search results and Kad. Immutable; the wire format is
 * {@link TagCodec}'s.
 *
 * <p>Integer values keep the width they had on the wire (a uint8 stays a {@link UInt8}) so that re-encoding reproduces
 * the bytes; readers should use {@link #asLong()}, which accepts any integer width, because peers send integers in
 * whatever width fits (aMule's "new" tags pick the smallest).
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/include/tags/TagTypes.h">aMule TagTypes.h</a>
 */
public record Tag(Name name, Value value) {
    public Tag {
        if (name == null || value == null) {
            throw new IllegalArgumentException("tag: name or value null (expected: both present)");
        }
    }

    /** A tag name. */
    public sealed interface Name permits Id, Text {
    }

    /**
     * A one-byte name id (aMule's {@code m_uName}); on the wire either {@code <type|0x80><id>} or a one-byte text
     * name {@code <len=0001><id>}.
     */
    public record Id(int id) implements Name {
        public Id {
            if (id < 0 || id > 0xFF) {
                throw new IllegalArgumentException("tag id: " + id + " (expected: 0..255)");
            }
        }

        @Override
        public String toString() {
            return String.format("0x%02X", id);
        }
    }

    /**
     * A text name of any length but one (a one-byte name is an {@link Id} on the wire). Names are raw bytes; they are
     * kept as ISO-8859-1 characters so any byte sequence round-trips.
     */
    public record Text(String text) implements Name {
        public Text {
            if (text == null || text.length() == 1 || text.length() > 0xFFFF
                    || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
                throw new IllegalArgumentException("tag name: " + text
                        + " (expected: 0 or 2..65535 ISO-8859-1 characters; one-byte names are ids)");
            }
        }

        @Override
        public String toString() {
            return '"' + text + '"';
        }
    }

    /** A typed tag value; the permitted records map one-to-one to eMule's TAGTYPE_* constants. */
    public sealed interface Value permits Hash16, Str, UInt32, Float32, Bool, BoolArray, Blob, UInt16, UInt8, Bsob,
            UInt64 {
    }

    /** TAGTYPE_HASH16 (0x01): 16 bytes. */
    public record Hash16(Bytes bytes) implements Value {
        public Hash16 {
            if (bytes == null || bytes.length() != 16) {
                throw new IllegalArgumentException("hash16: " + bytes + " (expected: 16 bytes)");
            }
        }
    }

    /**
     * TAGTYPE_STRING (0x02) or, in the short form, TAGTYPE_STR1..STR16 (0x11..0x20); UTF-8 on the wire, at most
     * 65,535 bytes.
     */
    public record Str(String value) implements Value {
        public Str {
            if (value == null || value.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
                throw new IllegalArgumentException("string: " + (value == null ? "null" : value.length() + " chars")
                        + " (expected: at most 65535 UTF-8 bytes)");
            }
        }
    }

    /** TAGTYPE_UINT32 (0x03). */
    public record UInt32(long value) implements Value {
        public UInt32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("uint32: " + value + " (expected: 0..4294967295)");
            }
        }
    }

    /** TAGTYPE_FLOAT32 (0x04): IEEE 754, little-endian. */
    public record Float32(float value) implements Value {
    }

    /** TAGTYPE_BOOL (0x05): one byte, 0 or 1. */
    public record Bool(boolean value) implements Value {
    }

    /** TAGTYPE_BOOLARRAY (0x06): a bit count and {@code bits / 8 + 1} bytes (eMule's formula, one byte too many). */
    public record BoolArray(int bits, Bytes data) implements Value {
        public BoolArray {
            if (bits < 0 || bits > 0xFFFF || data == null || data.length() != bits / 8 + 1) {
                throw new IllegalArgumentException("bool array: " + bits + " bits in "
                        + (data == null ? "null" : data.length() + " bytes") + " (expected: 0..65535 bits in bits/8+1 bytes)");
            }
        }
    }

    /** TAGTYPE_BLOB (0x07): u32 length and bytes. */
    public record Blob(Bytes bytes) implements Value {
        public Blob {
            if (bytes == null) {
                throw new IllegalArgumentException("blob: null (expected: bytes)");
            }
        }
    }

    /** TAGTYPE_UINT16 (0x08). */
    public record UInt16(int value) implements Value {
        public UInt16 {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("uint16: " + value + " (expected: 0..65535)");
            }
        }
    }

    /** TAGTYPE_UINT8 (0x09). */
    public record UInt8(int value) implements Value {
        public UInt8 {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("uint8: " + value + " (expected: 0..255)");
            }
        }
    }

    /** TAGTYPE_BSOB (0x0A): u8 length and bytes (Kad). */
    public record Bsob(Bytes bytes) implements Value {
        public Bsob {
            if (bytes == null || bytes.length() > 0xFF) {
                throw new IllegalArgumentException("bsob: " + (bytes == null ? "null" : bytes.length() + " bytes")
                        + " (expected: at most 255 bytes)");
            }
        }
    }

    /** TAGTYPE_UINT64 (0x0B); the full unsigned range, read as a Java long (use Long.toUnsignedString to show). */
    public record UInt64(long value) implements Value {
    }

    // ---- factories ----

    /** A uint32 tag with an id name. */
    public static Tag uint32(int id, long value) {
        return new Tag(new Id(id), new UInt32(value));
    }

    /** A uint16 tag with an id name. */
    public static Tag uint16(int id, int value) {
        return new Tag(new Id(id), new UInt16(value));
    }

    /** A uint8 tag with an id name. */
    public static Tag uint8(int id, int value) {
        return new Tag(new Id(id), new UInt8(value));
    }

    /** A uint64 tag with an id name. */
    public static Tag uint64(int id, long value) {
        return new Tag(new Id(id), new UInt64(value));
    }

    /**
     * An integer tag of the smallest width that holds {@code value} (uint8, uint16, uint32, else uint64), as aMule's
     * new-form writer and Kad's variable-size integer tags do. {@code value} is unsigned; negative means above 2^63.
     */
    public static Tag integer(Name name, long value) {
        Value v;
        if (value >= 0 && value <= 0xFF) {
            v = new UInt8((int) value);
        } else if (value >= 0 && value <= 0xFFFF) {
            v = new UInt16((int) value);
        } else if (value >= 0 && value <= 0xFFFF_FFFFL) {
            v = new UInt32(value);
        } else {
            v = new UInt64(value);
        }
        return new Tag(name, v);
    }

    /** {@link #integer(Name, long)} with an id name. */
    public static Tag integer(int id, long value) {
        return integer(new Id(id), value);
    }

    /** A string tag with an id name. */
    public static Tag string(int id, String value) {
        return new Tag(new Id(id), new Str(value));
    }

    /** A string tag with a text name. */
    public static Tag string(String name, String value) {
        return new Tag(name(name), new Str(value));
    }

    /** A hash16 tag with an id name. */
    public static Tag hash(int id, Bytes value) {
        return new Tag(new Id(id), new Hash16(value));
    }

    /** A blob tag with an id name. */
    public static Tag blob(int id, Bytes value) {
        return new Tag(new Id(id), new Blob(value));
    }

    /** A bsob tag with an id name. */
    public static Tag bsob(int id, Bytes value) {
        return new Tag(new Id(id), new Bsob(value));
    }

    /** A float tag with an id name. */
    public static Tag float32(int id, float value) {
        return new Tag(new Id(id), new Float32(value));
    }

    /** The name for {@code text}: an {@link Id} when it is one character (as on the wire), else a {@link Text}. */
    public static Name name(String text) {
        return text.length() == 1 ? new Id(text.charAt(0)) : new Text(text);
    }

    // ---- accessors ----

    /** True when the name is the one-byte id {@code id}. */
    public boolean hasId(int id) {
        return name instanceof Id i && i.id() == id;
    }

    /** The name id, or -1 for a text name. */
    public int id() {
        return name instanceof Id i ? i.id() : -1;
    }

    /** True for any integer width. */
    public boolean isInteger() {
        return value instanceof UInt8 || value instanceof UInt16 || value instanceof UInt32 || value instanceof UInt64;
    }

    /**
     * The integer value whatever its wire width (uint64 above 2^63 comes out negative: compare unsigned).
     *
     * @throws Ed2kWireException when the value is not an integer
     */
    public long asLong() {
        if (value instanceof UInt8 v) {
            return v.value();
        } else if (value instanceof UInt16 v) {
            return v.value();
        } else if (value instanceof UInt32 v) {
            return v.value();
        } else if (value instanceof UInt64 v) {
            return v.value();
        }
        throw new Ed2kWireException("tag " + name, value, "an integer");
    }

    /**
     * The string value.
     *
     * @throws Ed2kWireException when the value is not a string
     */
    public String asString() {
        if (value instanceof Str s) {
            return s.value();
        }
        throw new Ed2kWireException("tag " + name, value, "a string");
    }

    /**
     * The 16 bytes of a hash16 value.
     *
     * @throws Ed2kWireException when the value is not a hash16
     */
    public Bytes asHash() {
        if (value instanceof Hash16 h) {
            return h.bytes();
        }
        throw new Ed2kWireException("tag " + name, value, "a hash16");
    }

    /** The first tag named {@code id} in {@code tags}. */
    public static Optional<Tag> find(List<Tag> tags, int id) {
        for (Tag t : tags) {
            if (t.hasId(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The first tag named {@code name} in {@code tags} (a one-character name matches the id). */
    public static Optional<Tag> find(List<Tag> tags, String name) {
        Name wanted = name(name);
        for (Tag t : tags) {
            if (t.name().equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
