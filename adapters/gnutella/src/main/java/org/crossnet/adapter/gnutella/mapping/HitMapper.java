package org.crossnet.adapter.gnutella.mapping;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crossnet.adapter.gnutella.codec.QueryHit;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchHit;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * Turns a query hit into SPI search hits: one per result that has a SHA-1 (Gnutella downloads by
 * {@code urn:sha1}; a result without one cannot be fetched or merged) and satisfies the query. The handle carries
 * what a download needs: the responder's address ({@link SearchHit#PEER_HANDLE_KEY}), its servent GUID and file
 * index (for {@code /get/} and PUSH), and whether it must be pushed. Stateless.
 */
public final class HitMapper {
    /** Handle keys besides {@link SearchHit#PEER_HANDLE_KEY}. */
    public static final String SERVENT_KEY = "servent";
    public static final String INDEX_KEY = "index";
    public static final String PUSH_KEY = "push";
    public static final String VENDOR_KEY = "vendor";

    private HitMapper() {
    }

    public static List<SearchHit> map(QueryHit hit, SearchQuery query, NetworkId network) {
        List<SearchHit> out = new ArrayList<>(hit.results().size());
        boolean push = hit.trailer() != null && hit.trailer().push() || !routable(hit.address());
        for (QueryHit.Result r : hit.results()) {
            Optional<Sha1> sha1 = r.sha1();
            String name = r.name().text();
            long size = r.fileSize();
            if (sha1.isEmpty() || name.isEmpty() || !query.accepts(name, size)) {
                continue;
            }
            TigerTreeRoot tth = r.tth().orElse(null);
            Map<String, String> handle = new LinkedHashMap<>();
            handle.put(SearchHit.PEER_HANDLE_KEY, hit.address().getHostAddress() + ":" + hit.port());
            handle.put(SERVENT_KEY, hit.servent().toString());
            handle.put(INDEX_KEY, Long.toString(r.index()));
            handle.put(PUSH_KEY, Boolean.toString(push));
            if (hit.trailer() != null) {
                handle.put(VENDOR_KEY, hit.trailer().vendor().toString());
            }
            out.add(new SearchHit(name, size, new ContentId(size, name, sha1.get(), null, null, tth, null), network, 1,
                    handle));
        }
        return out;
    }

    /** Whether an address can be dialled at all (0.0.0.0 and multicast cannot). */
    private static boolean routable(Inet4Address address) {
        return !address.isAnyLocalAddress() && !address.isMulticastAddress() && address.getAddress()[0] != 0;
    }
}
