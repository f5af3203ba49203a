package org.crossnet.adapter.gnutella.http.wire;

import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * What a Gnutella HTTP request asks for: the request-target of its request line.
 *
 * <pre>
 *   /uri-res/N2R?&lt;urn&gt;        the file (HUGE v0.94 §4, "N2R" = name to resource)
 *   /uri-res/N2X?&lt;urn&gt;        its THEX hash tree (THEX §4; the path gtk-gnutella puts in X-Thex-URI)
 *   /get/&lt;index&gt;/&lt;name&gt;      the file by the index and name of a query hit (Gnutella 0.6 §3.2)
 * </pre>
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 3.2</a>
 */
public sealed interface RequestTarget {
    /** Longest request-target accepted; gtk-gnutella's requests are far below it. */
    int MAX_LENGTH = 4096;
    /** A query hit's file index is an unsigned 32-bit field. */
    long MAX_INDEX = 0xFFFF_FFFFL;

    /** The request-target as it goes on the request line. */
    String uri();

    /** The file named by a URN. */
    record Resource(ContentHash hash) implements RequestTarget {
        public Resource {
            if (hash == null) {
                throw new IllegalArgumentException("hash: null (expected: a urn:sha1 or urn:tree:tiger identity)");
            }
        }

        @Override
        public String uri() {
            return "/uri-res/N2R?" + urn(hash);
        }
    }

    /** The THEX tree of the file named by a URN. */
    record Tree(ContentHash hash) implements RequestTarget {
        public Tree {
            if (hash == null) {
                throw new IllegalArgumentException("hash: null (expected: a urn:sha1 or urn:tree:tiger identity)");
            }
        }

        @Override
        public String uri() {
            return "/uri-res/N2X?" + urn(hash);
        }
    }

    /** The file with this index and name in the servent's query hits. */
    record Indexed(long index, String name) implements RequestTarget {
        public Indexed {
            if (index < 0 || index > MAX_INDEX) {
                throw new HttpWireException("index", index, "0.." + MAX_INDEX);
            }
            if (name == null || name.isEmpty()) {
                throw new HttpWireException("name", name, "a non-empty file name");
            }
        }

        @Override
        public String uri() {
            return "/get/" + index + "/" + UriText.encodeSegment(name);
        }
    }

    /**
     * Parses a request-target in origin form.
     *
     * @throws HttpWireException reading {@code "target: … (expected: …)"}
     */
    static RequestTarget parse(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_LENGTH) {
            throw new HttpWireException("target", uri, "1.." + MAX_LENGTH + " characters");
        }
        if (uri.regionMatches(true, 0, "/uri-res/N2R?", 0, 13)) {
            return new Resource(Urn.parse("target", uri.substring(13)));
        }
        if (uri.regionMatches(true, 0, "/uri-res/N2X?", 0, 13)) {
            // THEX §4 leaves room for ";<root>" after the URN (it is how X-Thex-URI carries the root); ignore it.
            String urn = uri.substring(13);
            int semicolon = urn.indexOf(';');
            return new Tree(Urn.parse("target", semicolon < 0 ? urn : urn.substring(0, semicolon)));
        }
        if (uri.startsWith("/get/")) {
            int slash = uri.indexOf('/', 5);
            if (slash < 0) {
                throw new HttpWireException("target", uri, "/get/<index>/<name>");
            }
            String digits = uri.substring(5, slash);
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpWireException("index", digits, "a decimal file index 0.." + MAX_INDEX);
            }
            long index = Long.parseLong(digits);
            String name = UriText.decode("name", uri.substring(slash + 1));
            return new Indexed(index, name);
        }
        throw new HttpWireException("target", uri, "/uri-res/N2R?<urn>, /uri-res/N2X?<urn> or /get/<index>/<name>");
    }

    private static String urn(ContentHash hash) {
        if (hash instanceof Sha1 sha1) {
            return Urn.of(sha1);
        }
        if (hash instanceof TigerTreeRoot root) {
            return Urn.of(root);
        }
        throw new IllegalArgumentException("hash: " + hash + " (expected: sha1 or tth)");
    }
}
