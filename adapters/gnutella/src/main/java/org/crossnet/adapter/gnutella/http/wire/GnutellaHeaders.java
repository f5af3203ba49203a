package org.crossnet.adapter.gnutella.http.wire;

import io.netty.util.AsciiString;

/**
 * Names of the Gnutella-specific HTTP headers, spelt as gtk-gnutella 1.2.3 sends them (recorded in
 * {@code vectors/gnutella/http/}). Lookups through Netty's headers are case-insensitive.
 *
 * @see <a href="http://getenvy.com/archives/the-gdf.org/Known_HTTP_Download_Headers.html">GDF: Known HTTP download
 *      headers</a>
 */
public final class GnutellaHeaders {
    /** The content's HUGE URN, {@code urn:sha1:<base32>} (HUGE v0.94 §4). */
    public static final AsciiString X_GNUTELLA_CONTENT_URN = AsciiString.cached("X-Gnutella-Content-URN");
    /** Where the THEX tree is served and its root: {@code <path>;<tth base32>}. */
    public static final AsciiString X_THEX_URI = AsciiString.cached("X-Thex-URI");
    /** Compact alternate locations, {@code ip[:port]} separated by commas (gtk-gnutella doc/gnutella/x-alt). */
    public static final AsciiString X_ALT = AsciiString.cached("X-Alt");
    /** Request: the queueing version the client speaks; response: the legacy active-queue status. */
    public static final AsciiString X_QUEUE = AsciiString.cached("X-Queue");
    /** PARQ status ({@code position=…; ID=…}) in both directions (gtk-gnutella doc/gnutella/PARQ). */
    public static final AsciiString X_QUEUED = AsciiString.cached("X-Queued");
    /** The requester's listening address, {@code ip:port}. */
    public static final AsciiString X_NODE = AsciiString.cached("X-Node");
    /** Feature list such as {@code queue/1.0} (gtk-gnutella doc/gnutella/x-features). */
    public static final AsciiString X_FEATURES = AsciiString.cached("X-Features");

    // Standard headers spelt as gtk-gnutella writes them: Netty's HttpHeaderNames are lower case, which HTTP allows
    // but which no Gnutella servent sends; ours look like theirs on the wire.
    public static final AsciiString USER_AGENT = AsciiString.cached("User-Agent");
    public static final AsciiString SERVER = AsciiString.cached("Server");
    public static final AsciiString HOST = AsciiString.cached("Host");
    public static final AsciiString DATE = AsciiString.cached("Date");
    public static final AsciiString RANGE = AsciiString.cached("Range");
    public static final AsciiString CONTENT_RANGE = AsciiString.cached("Content-Range");
    public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    public static final AsciiString CONTENT_DISPOSITION = AsciiString.cached("Content-Disposition");
    public static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
    public static final AsciiString CONNECTION = AsciiString.cached("Connection");
    public static final AsciiString RETRY_AFTER = AsciiString.cached("Retry-After");

    private GnutellaHeaders() {
    }
}
