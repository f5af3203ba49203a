package org.crossnet.adapter.edonkey.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * An eD2k server search as a boolean expression tree, written in prefix order. Wire layout (little-endian):
 * <pre>
 * boolean:  0x00 &lt;op u8: 0x00 AND, 0x01 OR, 0x02 AND NOT&gt; &lt;left&gt; &lt;right&gt;
 * keyword:  0x01 &lt;len u16&gt;&lt;utf-8&gt;
 * meta:     0x02 &lt;len u16&gt;&lt;value&gt; &lt;name len u16&gt;&lt;name&gt;         (e.g. file type "Audio", name 0x03)
 * numeric:  0x03 &lt;value u32&gt; &lt;op u8&gt; &lt;name len u16&gt;&lt;name&gt;   (0x08 with a u64 value for large files)
 * </pre>
 * Numeric operators: 0 =, 1 &gt;, 2 &lt;, 3 &gt;=, 4 &lt;=, 5 ≠. Immutable.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/SearchList.cpp">aMule SearchList.cpp
 *      (CSearchExprTarget)</a>
 */
public sealed interface SearchExpr {
    /** Deepest tree accepted: guards the recursive reader against a stack-exhausting input. */
    int MAX_DEPTH = 32;
    /** Most nodes accepted in one tree. */
    int MAX_NODES = 256;

    int OP_EQUAL = 0;
    int OP_GREATER = 1;
    int OP_LESS = 2;
    int OP_GREATER_EQUAL = 3;
    int OP_LESS_EQUAL = 4;
    int OP_NOT_EQUAL = 5;

    /** Writes the tree in prefix order. */
    void write(ByteBuf out);

    /** The boolean operators. */
    enum BoolOp {
        AND, OR, AND_NOT
    }

    /** {@code 0x00 <op>} followed by both operands. */
    record Bool(BoolOp op, SearchExpr left, SearchExpr right) implements SearchExpr {
        public void write(ByteBuf out) {
            out.writeByte(0x00);
            out.writeByte(op.ordinal());
            left.write(out);
            right.write(out);
        }
    }

    /** {@code 0x01 <string>}: a word the file name must contain. */
    record Keyword(String word) implements SearchExpr {
        public void write(ByteBuf out) {
            out.writeByte(0x01);
            Wire.writeString16(out, word);
        }
    }

    /** {@code 0x02 <string value><name>}: a string tag equal to value (e.g. FT_FILETYPE "Video"). */
    record Meta(String value, Tag.Name name) implements SearchExpr {
        public void write(ByteBuf out) {
            out.writeByte(0x02);
            Wire.writeString16(out, value);
            writeName(out, name);
        }
    }

    /**
     * {@code 0x03|0x08 <value><op><name>}: an integer tag compared with value (e.g. FT_FILESIZE greater than).
     *
     * @param wide written with a u64 value (0x08)
     */
    record Numeric(long value, int op, Tag.Name name, boolean wide) implements SearchExpr {
        public Numeric {
            if (op < 0 || op > 5 || value < 0 || (!wide && value > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("numeric term: value=" + value + " op=" + op + " wide=" + wide
                        + " (expected: op 0..5, a value that fits its width)");
            }
        }

        /** True when {@code actual} satisfies the comparison. */
        public boolean test(long actual) {
            switch (op) {
                case OP_EQUAL:
                    return actual == value;
                case OP_GREATER:
                    return actual > value;
                case OP_LESS:
                    return actual < value;
                case OP_GREATER_EQUAL:
                    return actual >= value;
                case OP_LESS_EQUAL:
                    return actual <= value;
                default:
                    return actual != value;
            }
        }

        public void write(ByteBuf out) {
            if (wide) {
                out.writeByte(0x08);
                out.writeLongLE(value);
            } else {
                out.writeByte(0x03);
                Wire.u32(out, value);
            }
            out.writeByte(op);
            writeName(out, name);
        }
    }

    /** {@code l AND r}. */
    static SearchExpr and(SearchExpr l, SearchExpr r) {
        return new Bool(BoolOp.AND, l, r);
    }

    /**
     * Reads one tree; the whole input need not be consumed (UDP requests may carry more).
     *
     * @throws Ed2kWireException on truncation, an unknown node type, or a tree over {@link #MAX_DEPTH} or
     *                           {@link #MAX_NODES}
     */
    static SearchExpr read(ByteBuf in) {
        return read(in, 0, new int[1]);
    }

    private static SearchExpr read(ByteBuf in, int depth, int[] nodes) {
        if (depth > MAX_DEPTH) {
            throw new Ed2kWireException("search tree depth", depth, "at most " + MAX_DEPTH);
        }
        if (++nodes[0] > MAX_NODES) {
            throw new Ed2kWireException("search tree nodes", nodes[0], "at most " + MAX_NODES);
        }
        int type = Wire.u8(in, "search node type");
        switch (type) {
            case 0x00: {
                int op = Wire.u8(in, "search boolean operator");
                if (op > 2) {
                    throw new Ed2kWireException("search boolean operator", op, "0 AND, 1 OR, 2 NOT");
                }
                SearchExpr l = read(in, depth + 1, nodes);
                SearchExpr r = read(in, depth + 1, nodes);
                return new Bool(BoolOp.values()[op], l, r);
            }
            case 0x01:
                return new Keyword(Wire.string16(in, "search keyword"));
            case 0x02: {
                String value = Wire.string16(in, "search meta value");
                return new Meta(value, readName(in));
            }
            case 0x03:
            case 0x08: {
                long value = type == 0x03 ? Wire.u32(in, "search numeric value") : Wire.u64(in, "search numeric value");
                int op = Wire.u8(in, "search numeric operator");
                if (op > 5) {
                    throw new Ed2kWireException("search numeric operator", op, "0..5");
                }
                return new Numeric(value, op, readName(in), type == 0x08);
            }
            default:
                throw new Ed2kWireException("search node type", String.format("0x%02X", type),
                        "0x00, 0x01, 0x02, 0x03 or 0x08");
        }
    }

    private static Tag.Name readName(ByteBuf in) {
        int len = Wire.u16(in, "search tag name length");
        Wire.need(in, len, "search tag name");
        if (len == 1) {
            return new Tag.Id(in.readUnsignedByte());
        }
        return new Tag.Text(in.readCharSequence(len, StandardCharsets.ISO_8859_1).toString());
    }

    private static void writeName(ByteBuf out, Tag.Name name) {
        if (name instanceof Tag.Id id) {
            out.writeShortLE(1);
            out.writeByte(id.id());
        } else {
            String t = ((Tag.Text) name).text();
            out.writeShortLE(t.length());
            out.writeCharSequence(t, StandardCharsets.ISO_8859_1);
        }
    }
}
