package org.crossnet.adapter.gnutella.http.wire;

import org.crossnet.spi.model.TigerTreeRoot;

/**
 * Where a servent serves a file's THEX tree, and the tree's root.
 *
 * <pre>
 *   X-Thex-URI: /uri-res/N2X?urn:sha1:&lt;32 base32&gt;;&lt;39 base32 TTH root&gt;
 * </pre>
 *
 * @param path the request-target to fetch the tree with (origin form, printable ASCII)
 * @param root the TTH root the servent claims
 * @see <a href="https://adc.sourceforge.io/draft-jchapweske-thex-02.html">THEX §4</a>
 */
public record ThexUri(String path, TigerTreeRoot root) {
    private static final String EXPECTED = "<path>;<39 base32 TTH root>, the path starting with '/'";

    public ThexUri {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.length() > RequestTarget.MAX_LENGTH
                || !path.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ';')) {
            throw new HttpWireException("x-thex-uri.path", path, "printable ASCII starting with '/', no ';'");
        }
        if (root == null) {
            throw new HttpWireException("x-thex-uri.root", null, "a TTH root");
        }
    }

    /**
     * Parses a header value.
     *
     * @throws HttpWireException reading {@code "x-thex-uri: … (expected: …)"}
     */
    public static ThexUri parse(String value) {
        if (value == null) {
            throw new HttpWireException("x-thex-uri", null, EXPECTED);
        }
        String v = value.trim();
        int semicolon = v.lastIndexOf(';');
        if (semicolon <= 0 || v.length() - semicolon - 1 != 39) {
            throw new HttpWireException("x-thex-uri", value, EXPECTED);
        }
        try {
            return new ThexUri(v.substring(0, semicolon), TigerTreeRoot.parse(v.substring(semicolon + 1)));
        } catch (IllegalArgumentException e) {
            throw new HttpWireException("x-thex-uri", value, EXPECTED);
        }
    }

    /** The header value. */
    public String headerValue() {
        return path + ";" + root.bytes().base32();
    }
}
