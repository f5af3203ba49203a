package org.crossnet.adapter.gnutella.mapping;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.Extensions;
import org.crossnet.adapter.gnutella.codec.Ggep;
import org.crossnet.adapter.gnutella.codec.GgepExtension;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Query;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.adapter.gnutella.codec.VendorCode;
import org.crossnet.adapter.gnutella.codec.WireText;
import org.crossnet.adapter.gnutella.share.SharedLibrary;
import org.crossnet.spi.model.Bytes;

/**
 * Builds our query hit for shared files answering a query. The SHA-1 goes as GGEP "H" when the query says it reads
 * it (flag 0x0800: type 1, or type 2 with the Tiger tree root when we know it), else as a HUGE {@code urn:sha1:}
 * string; files of 4 GiB and more carry their size in GGEP "LF". The trailer names our vendor code and says
 * whether we must be pushed. Stateless.
 */
public final class HitBuilder {
    private HitBuilder() {
    }

    public static QueryHit build(Query query, List<SharedLibrary.Entry> entries, Inet4Address address, int port,
                                 long speed, boolean firewalled, Guid servent) {
        List<QueryHit.Result> results = new ArrayList<>(entries.size());
        for (SharedLibrary.Entry e : entries) {
            List<Extensions.Item> items = new ArrayList<>();
            List<GgepExtension> ggep = new ArrayList<>();
            if (query.hasFlag(Query.FLAG_GGEP_H)) {
                byte[] h;
                if (e.content().tth() != null) {
                    h = new byte[45];
                    h[0] = 2;
                    System.arraycopy(e.content().tth().bytes().toArray(), 0, h, 21, 24);
                } else {
                    h = new byte[21];
                    h[0] = 1;
                }
                System.arraycopy(e.sha1().bytes().toArray(), 0, h, 1, 20);
                ggep.add(GgepExtension.nulFree("H", h));
            } else {
                items.add(Extensions.Urn.sha1(e.sha1()));
            }
            long size = e.size();
            if (size > 0xFFFFFFFFL) {
                ggep.add(GgepExtension.nulFree("LF", bigEndian(size)));
                size = 0xFFFFFFFFL;
            }
            if (!ggep.isEmpty()) {
                items.add(new Extensions.GgepItem(new Ggep(ggep)));
            }
            results.add(new QueryHit.Result(e.index(), size, WireText.of(e.name()), Extensions.of(items)));
        }
        QueryHit.Trailer trailer = new QueryHit.Trailer(VendorCode.CROSSNET,
                QueryHit.Trailer.openData(firewalled, false, false), Bytes.of(new byte[0]));
        return new QueryHit(port, address, speed, results, trailer, servent);
    }

    private static byte[] bigEndian(long value) {
        int n = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (value >>> (8 * (n - 1 - i)));
        }
        return out;
    }
}
