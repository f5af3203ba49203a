package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The extension area of a query or of a query hit result: HUGE URNs, GGEP blocks and legacy items (XML, vendor
 * text), in the "peaceful co-existence" layout of GGEP appendix B. What follows each item is kept
 * ({@link #separators}: 0x1C, 0x00, or {@link #NONE} when the next item starts at once or the area ends), so a
 * forwarded message keeps its exact bytes.
 *
 * <pre>
 * area: item (separator item)* [separator]     item: GGEP block (starts 0xC3) | bytes up to 0x1C / 0x00 / the end
 * </pre>
 *
 * @param items      the items in order
 * @param separators one entry per item: the byte after it
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/GGEP">GGEP 0.51, appendix B</a>
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/huge">HUGE 0.94</a>
 */
public record Extensions(List<Item> items, List<Integer> separators) {
    /** Separator value: nothing follows the item. */
    public static final int NONE = -1;
    public static final Extensions EMPTY = new Extensions(List.of(), List.of());

    /** One item of the area. */
    public sealed interface Item permits Urn, GgepItem, Other {
        void write(ByteBuf out);
    }

    /** A HUGE URN such as {@code urn:sha1:<base32>}, {@code urn:bitprint:<sha1>.<tth>}, or a bare {@code urn:}. */
    public record Urn(String text) implements Item {
        public Urn {
            if (text == null || !text.regionMatches(true, 0, "urn:", 0, 4) || !isPrintableAscii(text)) {
                throw new GnutellaCodecException("urn", text, "urn:<nid>:<nss> in printable ASCII");
            }
        }

        public static Urn sha1(Sha1 sha1) {
            return new Urn("urn:sha1:" + sha1.bytes().base32());
        }

        @Override
        public void write(ByteBuf out) {
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        /** The SHA-1 of {@code urn:sha1:} and {@code urn:bitprint:}, when well formed. */
        public Optional<Sha1> sha1() {
            String lower = text.toLowerCase(Locale.ROOT);
            try {
                if (lower.startsWith("urn:sha1:") && text.length() == 9 + 32) {
                    return Optional.of(Sha1.parse(text.substring(9)));
                }
                if (lower.startsWith("urn:bitprint:") && text.length() == 13 + 32 + 1 + 39) {
                    return Optional.of(Sha1.parse(text.substring(13, 45)));
                }
            } catch (IllegalArgumentException malformed) {
                // a URN with a bad base32 value identifies nothing
            }
            return Optional.empty();
        }

        /** The TTH of {@code urn:bitprint:} and {@code urn:tree:tiger/:}, when well formed. */
        public Optional<TigerTreeRoot> tth() {
            String lower = text.toLowerCase(Locale.ROOT);
            try {
                if (lower.startsWith("urn:bitprint:") && text.length() == 13 + 32 + 1 + 39) {
                    return Optional.of(TigerTreeRoot.parse(text.substring(46)));
                }
                if (lower.startsWith("urn:tree:tiger/:") && text.length() == 16 + 39) {
                    return Optional.of(TigerTreeRoot.parse(text.substring(16)));
                }
                if (lower.startsWith("urn:tree:tiger:") && text.length() == 15 + 39) {
                    return Optional.of(TigerTreeRoot.parse(text.substring(15)));
                }
            } catch (IllegalArgumentException malformed) {
                // as above
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A GGEP block. */
    public record GgepItem(Ggep ggep) implements Item {
        public GgepItem {
            if (ggep == null || ggep.isEmpty()) {
                throw new GnutellaCodecException("ggep", "empty", "at least one extension");
            }
        }

        @Override
        public void write(ByteBuf out) {
            ggep.write(out);
        }

        @Override
        public String toString() {
            return ggep.toString();
        }
    }

    /** Anything else (rich-query XML, legacy vendor text); may be empty between two separators. */
    public record Other(Bytes bytes) implements Item {
        @Override
        public void write(ByteBuf out) {
            out.writeBytes(bytes.toArray());
        }

        @Override
        public String toString() {
            return "other(" + bytes.length() + ")";
        }
    }

    public Extensions {
        items = items == null ? List.of() : List.copyOf(items);
        separators = separators == null ? List.of() : List.copyOf(separators);
        if (items.size() != separators.size()) {
            throw new GnutellaCodecException("extensions.separators", separators.size() + " entries",
                    items.size() + " entries, one per item");
        }
        for (int i = 0; i < separators.size(); i++) {
            int s = separators.get(i);
            if (s != NONE && s != GnutellaWire.EXTENSION_SEPARATOR && s != 0) {
                throw new GnutellaCodecException("extensions.separators[" + i + "]", s, "0x1c, 0x00 or none");
            }
            // A legacy item ends only at a separator or at the end, so nothing may follow it directly.
            if (s == NONE && i < items.size() - 1 && !(items.get(i) instanceof GgepItem)) {
                throw new GnutellaCodecException("extensions.separators[" + i + "]", "none",
                        "a separator after an item that is not a GGEP block");
            }
        }
    }

    /** The items separated by 0x1C, nothing after the last. */
    public static Extensions of(List<Item> items) {
        List<Integer> separators = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            separators.add(i == items.size() - 1 ? NONE : GnutellaWire.EXTENSION_SEPARATOR);
        }
        return new Extensions(items, separators);
    }

    public static Extensions of(Item... items) {
        return of(List.of(items));
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The URNs in order. */
    public List<Urn> urns() {
        List<Urn> urns = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Urn u) {
                urns.add(u);
            }
        }
        return urns;
    }

    /** The extensions of every GGEP block, merged into one view, in order. */
    public Ggep ggep() {
        List<GgepExtension> all = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof GgepItem g) {
                all.addAll(g.ggep().extensions());
            }
        }
        return new Ggep(all);
    }

    /** Writes the items and their separators. */
    public void write(ByteBuf out) {
        for (int i = 0; i < items.size(); i++) {
            items.get(i).write(out);
            if (separators.get(i) != NONE) {
                out.writeByte(separators.get(i));
            }
        }
    }

    /**
     * Reads the area between the reader index and {@code end} (exclusive). Reads exactly to {@code end}.
     *
     * @param nulSeparates whether a NUL separates items (queries); in a hit result the area ends at the NUL
     */
    public static Extensions read(ByteBuf in, int end, boolean nulSeparates) {
        List<Item> items = new ArrayList<>();
        List<Integer> separators = new ArrayList<>();
        ByteBuf area = in.readSlice(end - in.readerIndex());
        while (area.isReadable()) {
            Item item;
            if ((area.getByte(area.readerIndex()) & 0xFF) == Ggep.MAGIC) {
                item = new GgepItem(Ggep.read(area));
            } else {
                int stop = area.readerIndex();
                while (stop < area.writerIndex()) {
                    int b = area.getByte(stop) & 0xFF;
                    if (b == GnutellaWire.EXTENSION_SEPARATOR || (b == 0 && nulSeparates)) {
                        break;
                    }
                    stop++;
                }
                byte[] raw = new byte[stop - area.readerIndex()];
                area.readBytes(raw);
                item = legacy(raw);
            }
            items.add(item);
            int separator = NONE;
            if (area.isReadable()) {
                int b = area.getByte(area.readerIndex()) & 0xFF;
                if (b == GnutellaWire.EXTENSION_SEPARATOR || (b == 0 && nulSeparates)) {
                    separator = b;
                    area.skipBytes(1);
                }
            }
            separators.add(separator);
        }
        return new Extensions(items, separators);
    }

    private static Item legacy(byte[] raw) {
        if (raw.length >= 4) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            if (text.regionMatches(true, 0, "urn:", 0, 4) && isPrintableAscii(text)) {
                return new Urn(text);
            }
        }
        return new Other(Bytes.of(raw));
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
