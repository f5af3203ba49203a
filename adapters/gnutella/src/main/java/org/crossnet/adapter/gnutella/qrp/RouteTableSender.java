package org.crossnet.adapter.gnutella.qrp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.RouteTableUpdate;
import org.crossnet.adapter.gnutella.codec.Zlib;
import org.crossnet.spi.model.Bytes;

/**
 * Builds the updates that bring a neighbour from the table it last got to the current one: a RESET when it has
 * none (or the size changed), then PATCH messages of 4-bit signed deltas, zlib-compressed and cut into chunks. A
 * present slot has the value 1, an absent one {@link #INFINITY}, so a delta is ±6. Nothing when nothing changed.
 * Stateless apart from its settings.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/QRP">QRP 1.0, section 4 and appendix B</a>
 */
public final class RouteTableSender {
    /** Infinity as LimeWire sends it: one more than the maximum TTL it used. */
    public static final int INFINITY = 7;
    /** Compressed bytes per PATCH message. */
    public static final int DEFAULT_CHUNK = 4096;

    private final int chunk;

    public RouteTableSender(int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: " + chunk + " (expected: >= 1)");
        }
        this.chunk = chunk;
    }

    public RouteTableSender() {
        this(DEFAULT_CHUNK);
    }

    /**
     * The updates from {@code previous} (null: the neighbour has no table of ours) to {@code current}.
     *
     * @return RESET + PATCHes, PATCHes only, or nothing when the tables are the same
     */
    public List<RouteTableUpdate> updates(QueryRouteTable previous, QueryRouteTable current) {
        List<RouteTableUpdate> out = new ArrayList<>();
        boolean reset = previous == null || previous.bits() != current.bits();
        if (!reset && previous.sameAs(current)) {
            return out;
        }
        if (reset) {
            out.add(new RouteTableUpdate.Reset(current.slots(), INFINITY));
        }
        // 4-bit entries, two per byte, high nibble first: present-now-absent-before -6 (0xA), the reverse +6.
        byte[] patch = new byte[current.slots() / 2];
        for (int slot = 0; slot < current.slots(); slot++) {
            boolean before = !reset && previous.get(slot);
            boolean now = current.get(slot);
            int nibble = before == now ? 0 : now ? (1 - INFINITY) & 0x0F : (INFINITY - 1);
            patch[slot >> 1] |= (byte) ((slot & 1) == 0 ? nibble << 4 : nibble);
        }
        byte[] compressed = Zlib.deflate(patch);
        int count = Math.max(1, (compressed.length + chunk - 1) / chunk);
        if (count > 255) {
            throw new IllegalStateException("qrp.patch: " + count + " messages (expected: at most 255; raise the chunk)");
        }
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(compressed, i * chunk, Math.min(compressed.length, (i + 1) * chunk));
            out.add(new RouteTableUpdate.Patch(i + 1, count, RouteTableUpdate.COMPRESSOR_ZLIB, 4, Bytes.of(part)));
        }
        return out;
    }
}
