package org.crossnet.adapter.gnutella.http.wire;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What an uploader reads from a download request, typed.
 *
 * <pre>
 *   GET /uri-res/N2R?urn:sha1:&lt;base32&gt; HTTP/1.1         (or HEAD, or /get/&lt;index&gt;/&lt;name&gt;)
 *   Range: bytes=&lt;first&gt;-&lt;last&gt;
 *   X-Queue: 1.1                                   the client's queueing version
 *   X-Queued: position=…; ID=…                     its PARQ token, when it was queued before
 *   X-Alt: ip:port, …                              other sources it knows
 *   X-Node: ip:port                                where it listens
 * </pre>
 *
 * @param range        the raw Range value (resolved later against the file size), null when absent
 * @param queueVersion major version of the client's X-Queue, -1 when absent
 * @param queueId      the PARQ ID the client echoes, null when absent
 * @param node         the client's X-Node, null when absent or malformed
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 3.2</a>
 */
public record UploadRequest(HttpMethod method, RequestTarget target, String range, int queueVersion, String queueId,
                            List<InetSocketAddress> alternates, InetSocketAddress node, boolean keepAlive,
                            String userAgent) {
    public UploadRequest {
        alternates = List.copyOf(alternates);
    }

    /**
     * Reads a decoded request head.
     *
     * @throws HttpWireException when the method is not GET or HEAD or the target does not parse
     */
    public static UploadRequest of(HttpRequest request) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            throw new HttpWireException("method", method, "GET or HEAD");
        }
        HttpHeaders h = request.headers();
        RequestTarget target = RequestTarget.parse(request.uri());
        String queued = h.get(GnutellaHeaders.X_QUEUED);
        String queueId = null;
        if (queued != null) {
            try {
                queueId = QueueStatus.parse(queued).id();
            } catch (HttpWireException e) {
                queueId = null; // a garbled token only costs the client its place
            }
        }
        String node = h.get(GnutellaHeaders.X_NODE);
        return new UploadRequest(method, target, h.get(HttpHeaderNames.RANGE),
                QueueStatus.clientMajorVersion(h.get(GnutellaHeaders.X_QUEUE)), queueId,
                AltLocations.parse(h.get(GnutellaHeaders.X_ALT)),
                node == null ? null : AltLocations.parseEntry(node.trim()), HttpUtil.isKeepAlive(request),
                h.get(HttpHeaderNames.USER_AGENT));
    }

    /** True for HEAD: headers only. */
    public boolean headOnly() {
        return HttpMethod.HEAD.equals(method);
    }
}
