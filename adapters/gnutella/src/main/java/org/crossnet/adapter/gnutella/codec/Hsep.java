package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * HSEP (horizon size estimation): {@code <triple 24>{1..MAX}}, each triple
 * {@code <nodes 8, LE><files 8, LE><KiB 8, LE>} for 1, 2, … hops.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/HSEP">HSEP 0.2</a>
 */
public record Hsep(List<Triple> triples) implements Payload {
    /** Most triples we accept: HSEP's horizon is 7 hops; a few more are tolerated. */
    public static final int MAX_TRIPLES = 16;

    /** Hosts, files and KiB reachable within one more hop. */
    public record Triple(long nodes, long files, long kibibytes) {
    }

    public Hsep {
        if (triples == null || triples.isEmpty() || triples.size() > MAX_TRIPLES) {
            throw new GnutellaCodecException("hsep.triples", triples == null ? "null" : triples.size(),
                    "1.." + MAX_TRIPLES);
        }
        triples = List.copyOf(triples);
    }

    @Override
    public int type() {
        return GnutellaWire.HSEP;
    }

    @Override
    public void write(ByteBuf out) {
        for (Triple t : triples) {
            out.writeLongLE(t.nodes()).writeLongLE(t.files()).writeLongLE(t.kibibytes());
        }
    }

    /** Decodes the whole readable payload. */
    public static Hsep read(ByteBuf in) {
        int n = in.readableBytes();
        if (n == 0 || n % 24 != 0 || n / 24 > MAX_TRIPLES) {
            throw new GnutellaCodecException("hsep.length", n, "a multiple of 24, 24.." + 24 * MAX_TRIPLES);
        }
        List<Triple> triples = new ArrayList<>(n / 24);
        while (in.isReadable()) {
            triples.add(new Triple(in.readLongLE(), in.readLongLE(), in.readLongLE()));
        }
        return new Hsep(triples);
    }
}
