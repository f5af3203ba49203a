package org.crossnet.adapter.edonkey.kad.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.crossnet.adapter.edonkey.codec.Ed2kWireException;
import org.crossnet.adapter.edonkey.codec.Tag;

/**
 * The search expression tree of KADEMLIA2_SEARCH_KEY_REQ: which of the entries stored under the keyword to return.
 * Immutable.
 *
 * <pre>
 * boolean:  &lt;0x00&gt;&lt;op u8: 0 AND, 1 OR, 2 AND NOT&gt;&lt;left&gt;&lt;right&gt;
 * string:   &lt;0x01&gt;&lt;len u16&gt;&lt;utf-8&gt;                        words the file name must contain
 * meta tag: &lt;0x02&gt;&lt;len u16&gt;&lt;utf-8 value&gt;&lt;len u16&gt;&lt;tag name&gt;   e.g. file type "Audio"
 * numeric:  &lt;0x03&gt;&lt;value u32&gt;&lt;op u8&gt;&lt;len u16&gt;&lt;tag name&gt;      or 0x08 with a u64 value;
 *           op 0 =, 1 &gt;, 2 &lt;, 3 &gt;=, 4 &lt;=, 5 &lt;&gt;
 * </pre>
 * Depth is limited to {@link #MAX_DEPTH} levels as in aMule.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/net/KademliaUDPListener.cpp">aMule
 *      KademliaUDPListener.cpp, CreateSearchExpressionTree</a>
 */
public sealed interface SearchExpression {
    /** aMule refuses deeper trees. */
    int MAX_DEPTH = 24;

    /** How two sub-expressions combine. */
    enum BooleanOperator {
        AND, OR, AND_NOT
    }

    /** A numeric relation's operator, in wire order. */
    enum Relation {
        EQUAL, GREATER, LESS, GREATER_EQUAL, LESS_EQUAL, NOT_EQUAL;

        /** True when {@code actual} (unsigned) relates to {@code bound} (unsigned) by this operator. */
        public boolean holds(long actual, long bound) {
            int c = Long.compareUnsigned(actual, bound);
            switch (this) {
                case EQUAL:
                    return c == 0;
                case GREATER:
                    return c > 0;
                case LESS:
                    return c < 0;
                case GREATER_EQUAL:
                    return c >= 0;
                case LESS_EQUAL:
                    return c <= 0;
                default:
                    return c != 0;
            }
        }
    }

    /** Two sub-expressions. */
    record Bool(BooleanOperator operator, SearchExpression left, SearchExpression right) implements SearchExpression {
        public Bool {
            if (operator == null || left == null || right == null) {
                throw new IllegalArgumentException("boolean term: null part (expected: operator, left and right)");
            }
        }
    }

    /** Words the file name must contain (aMule lowercases and splits them on the keyword separators). */
    record Words(String text) implements SearchExpression {
        public Words {
            requireUtf16(text, "string term");
        }
    }

    /** A string tag of the entry must equal {@code value} (case-insensitive). */
    record MetaTag(String value, Tag.Name tag) implements SearchExpression {
        public MetaTag {
            requireUtf16(value, "meta tag value");
            if (tag == null) {
                throw new IllegalArgumentException("meta tag name: null (expected: a tag name)");
            }
        }
    }

    /**
     * An integer tag of the entry ({@link KadTags#FILESIZE} usually) relates to {@code value}.
     *
     * @param wide true for the 64-bit form (op 0x08), false for the 32-bit form (op 0x03)
     */
    record Numeric(long value, boolean wide, Relation relation, Tag.Name tag) implements SearchExpression {
        public Numeric {
            if (!wide && (value < 0 || value > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("numeric term: " + value + " (expected: 0..4294967295 in the"
                        + " 32-bit form)");
            }
            if (relation == null || tag == null) {
                throw new IllegalArgumentException("numeric term: null part (expected: relation and tag)");
            }
        }
    }

    /** {@code a AND b}. */
    static SearchExpression and(SearchExpression a, SearchExpression b) {
        return new Bool(BooleanOperator.AND, a, b);
    }

    /**
     * Reads one expression.
     *
     * @throws Ed2kWireException on truncation, an unknown operator, invalid UTF-8 or a tree deeper than
     *                           {@link #MAX_DEPTH}
     */
    static SearchExpression read(ByteBuf in) {
        return read(in, 0);
    }

    private static SearchExpression read(ByteBuf in, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new Ed2kWireException("search expression depth", depth + 1, "at most " + MAX_DEPTH);
        }
        need(in, 1, "search term type");
        int op = in.readUnsignedByte();
        switch (op) {
            case 0x00: {
                need(in, 1, "search boolean operator");
                int b = in.readUnsignedByte();
                if (b > 2) {
                    throw new Ed2kWireException("search boolean operator", b, "0 (AND), 1 (OR) or 2 (NOT)");
                }
                SearchExpression left = read(in, depth + 1);
                SearchExpression right = read(in, depth + 1);
                return new Bool(BooleanOperator.values()[b], left, right);
            }
            case 0x01:
                return new Words(readUtf8(in, "search string"));
            case 0x02: {
                String value = readUtf8(in, "search meta tag value");
                return new MetaTag(value, readName(in));
            }
            case 0x03:
            case 0x08: {
                boolean wide = op == 0x08;
                need(in, wide ? 8 : 4, "search numeric value");
                long value = wide ? in.readLongLE() : in.readUnsignedIntLE();
                need(in, 1, "search numeric operator");
                int relation = in.readUnsignedByte();
                if (relation >= Relation.values().length) {
                    throw new Ed2kWireException("search numeric operator", relation, "0..5");
                }
                return new Numeric(value, wide, Relation.values()[relation], readName(in));
            }
            default:
                throw new Ed2kWireException("search term type", String.format("0x%02X", op),
                        "0x00, 0x01, 0x02, 0x03 or 0x08");
        }
    }

    /** Writes this expression; the layout is in the interface comment. */
    default void write(ByteBuf out) {
        if (this instanceof Bool b) {
            out.writeByte(0x00);
            out.writeByte(b.operator().ordinal());
            b.left().write(out);
            b.right().write(out);
        } else if (this instanceof Words w) {
            out.writeByte(0x01);
            writeUtf8(out, w.text());
        } else if (this instanceof MetaTag m) {
            out.writeByte(0x02);
            writeUtf8(out, m.value());
            writeName(out, m.tag());
        } else if (this instanceof Numeric n) {
            out.writeByte(n.wide() ? 0x08 : 0x03);
            if (n.wide()) {
                out.writeLongLE(n.value());
            } else {
                out.writeIntLE((int) n.value());
            }
            out.writeByte(n.relation().ordinal());
            writeName(out, n.tag());
        }
    }

    /** Levels of this tree (a leaf is 1). */
    default int depth() {
        if (this instanceof Bool b) {
            return 1 + Math.max(b.left().depth(), b.right().depth());
        }
        return 1;
    }

    private static String readUtf8(ByteBuf in, String field) {
        need(in, 2, field + " length");
        int length = in.readUnsignedShortLE();
        need(in, length, field);
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new Ed2kWireException(field, "invalid UTF-8", "UTF-8 text");
        }
    }

    private static Tag.Name readName(ByteBuf in) {
        need(in, 2, "search tag name length");
        int length = in.readUnsignedShortLE();
        need(in, length, "search tag name");
        String name = in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
        return Tag.name(name);
    }

    private static void writeUtf8(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeShortLE(bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeName(ByteBuf out, Tag.Name name) {
        if (name instanceof Tag.Id id) {
            out.writeShortLE(1);
            out.writeByte(id.id());
        } else {
            String text = ((Tag.Text) name).text();
            out.writeShortLE(text.length());
            out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        }
    }

    private static void requireUtf16(String text, String field) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException(field + ": " + (text == null ? "null" : text.length() + " chars")
                    + " (expected: at most 65535 UTF-8 bytes)");
        }
    }

    private static void need(ByteBuf in, int n, String field) {
        if (in.readableBytes() < n) {
            throw new Ed2kWireException(field, "truncated, " + in.readableBytes() + " bytes left", n + " bytes");
        }
    }
}
