package org.crossnet.adapter.gnutella.http.wire;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.Sha1;

/**
 * What a downloader reads from an uploader's response head, typed. Fields a transfer depends on
 * (Content-Length, Content-Range, X-Gnutella-Content-URN) are parsed strictly; advisory ones (X-Thex-URI, X-Queue,
 * X-Alt, Retry-After) are null or empty when malformed, because a servent that garbles a hint can still serve data.
 *
 * <pre>
 *   HTTP/1.1 206 Partial Content
 *   Content-Length: &lt;n&gt;
 *   Content-Range: bytes &lt;first&gt;-&lt;last&gt;/&lt;size&gt;
 *   X-Gnutella-Content-URN: urn:sha1:&lt;base32&gt;[, urn:…]
 *   X-Thex-URI: &lt;path&gt;;&lt;root&gt;
 *   X-Queue: position=…,pollMin=…,pollMax=…  |  X-Queued: position=…; ID=…
 *   X-Alt: ip:port, …
 *   Retry-After: &lt;seconds&gt;
 * </pre>
 *
 * @param contentLength -1 when absent
 * @param contentRange  null when absent
 * @param contentUrn    null when absent
 * @param thexUri       null when absent or malformed
 * @param queue         the X-Queued (preferred) or X-Queue report; null when absent or malformed
 * @param retryAfter    seconds, -1 when absent or not a number
 * @param server        the Server header, null when absent
 * @see <a href="http://getenvy.com/archives/the-gdf.org/Known_HTTP_Download_Headers.html">GDF: Known HTTP download
 *      headers</a>
 */
public record ResponseHead(int status, long contentLength, ContentRange contentRange, Sha1 contentUrn, ThexUri thexUri,
                           QueueStatus queue, List<InetSocketAddress> alternates, int retryAfter, boolean keepAlive,
                           String server) {
    public ResponseHead {
        alternates = List.copyOf(alternates);
    }

    /**
     * Reads a decoded response head.
     *
     * @throws HttpWireException when Content-Length, Content-Range or X-Gnutella-Content-URN is malformed
     */
    public static ResponseHead of(HttpResponse response) {
        HttpHeaders h = response.headers();
        long contentLength = -1;
        String cl = h.get(HttpHeaderNames.CONTENT_LENGTH);
        if (cl != null) {
            String v = cl.trim();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpWireException("content-length", cl, "a decimal byte count");
            }
            contentLength = Long.parseLong(v);
        }
        String cr = h.get(HttpHeaderNames.CONTENT_RANGE);
        ContentRange range = cr == null ? null : ContentRange.parse(cr);
        return new ResponseHead(response.status().code(), contentLength, range, contentUrn(h), thex(h), queue(h),
                AltLocations.parse(h.get(GnutellaHeaders.X_ALT)), retryAfter(h), HttpUtil.isKeepAlive(response),
                h.get(HttpHeaderNames.SERVER));
    }

    private static Sha1 contentUrn(HttpHeaders h) {
        String value = h.get(GnutellaHeaders.X_GNUTELLA_CONTENT_URN);
        if (value == null) {
            return null;
        }
        Sha1 found = null;
        for (String item : value.split(",")) {
            String urn = item.trim();
            if (urn.isEmpty()) {
                continue;
            }
            ContentHash hash = Urn.parse("x-gnutella-content-urn", urn);
            if (hash instanceof Sha1 sha1) {
                if (found != null && !found.equals(sha1)) {
                    throw new HttpWireException("x-gnutella-content-urn", value, "one SHA-1");
                }
                found = sha1;
            }
        }
        return found;
    }

    private static ThexUri thex(HttpHeaders h) {
        String value = h.get(GnutellaHeaders.X_THEX_URI);
        if (value == null) {
            return null;
        }
        try {
            return ThexUri.parse(value);
        } catch (HttpWireException e) {
            return null;
        }
    }

    /** X-Queued (PARQ) and X-Queue (active queuing) merged: PARQ's fields win, the other fills the gaps. */
    private static QueueStatus queue(HttpHeaders h) {
        QueueStatus parq = lenient(h.get(GnutellaHeaders.X_QUEUED));
        QueueStatus legacy = lenient(h.get(GnutellaHeaders.X_QUEUE));
        if (parq == null || legacy == null) {
            return parq != null ? parq : legacy;
        }
        return new QueueStatus(pick(parq.position(), legacy.position()), pick(parq.length(), legacy.length()),
                pick(parq.limit(), legacy.limit()), pick(parq.pollMin(), legacy.pollMin()),
                pick(parq.pollMax(), legacy.pollMax()), pick(parq.lifetime(), legacy.lifetime()),
                parq.id() != null ? parq.id() : legacy.id());
    }

    private static int pick(int preferred, int fallback) {
        return preferred >= 0 ? preferred : fallback;
    }

    private static QueueStatus lenient(String value) {
        if (value == null) {
            return null;
        }
        try {
            return QueueStatus.parse(value);
        } catch (HttpWireException e) {
            return null;
        }
    }

    private static int retryAfter(HttpHeaders h) {
        String value = h.get(HttpHeaderNames.RETRY_AFTER);
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(v);
    }
}
