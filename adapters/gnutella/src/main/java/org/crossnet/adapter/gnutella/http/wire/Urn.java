package org.crossnet.adapter.gnutella.http.wire;

import java.util.Locale;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The URN forms Gnutella servents put in {@code /uri-res/} requests and headers.
 *
 * <pre>
 *   urn:sha1:&lt;32 base32&gt;                    HUGE v0.94 §3 (SHA-1)
 *   urn:bitprint:&lt;32 base32&gt;.&lt;39 base32&gt;    SHA-1 then TTH root
 *   urn:tree:tiger/:&lt;39 base32&gt;              THEX §5 (also seen without the "/")
 * </pre>
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/gnutella/huge">HUGE v0.94</a>
 */
public final class Urn {
    private static final String SHA1 = "urn:sha1:";
    private static final String BITPRINT = "urn:bitprint:";
    private static final String TIGER_SLASH = "urn:tree:tiger/:";
    private static final String TIGER = "urn:tree:tiger:";
    private static final String EXPECTED = "urn:sha1:<32 base32>, urn:bitprint:<sha1>.<tth> or urn:tree:tiger/:<39 base32>";

    private Urn() {
    }

    /**
     * Parses one URN; the scheme and namespace are case-insensitive, as HUGE allows.
     *
     * @return a {@link Sha1} (sha1 and bitprint) or a {@link TigerTreeRoot}
     * @throws HttpWireException reading {@code "field: … (expected: …)"}
     */
    public static ContentHash parse(String field, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith(SHA1)) {
                return sha1(field, text, text.substring(SHA1.length()));
            }
            if (lower.startsWith(BITPRINT)) {
                String rest = text.substring(BITPRINT.length());
                int dot = rest.indexOf('.');
                if (dot != 32 || rest.length() != 32 + 1 + 39) {
                    throw new HttpWireException(field, text, "urn:bitprint:<32 base32>.<39 base32>");
                }
                TigerTreeRoot.parse(rest.substring(dot + 1)); // both halves must be well formed
                return sha1(field, text, rest.substring(0, dot));
            }
            if (lower.startsWith(TIGER_SLASH)) {
                return tiger(field, text, text.substring(TIGER_SLASH.length()));
            }
            if (lower.startsWith(TIGER)) {
                return tiger(field, text, text.substring(TIGER.length()));
            }
        } catch (IllegalArgumentException e) {
            throw new HttpWireException(field, text, EXPECTED);
        }
        throw new HttpWireException(field, text, EXPECTED);
    }

    /** Parses a URN that must name a SHA-1 ({@code urn:sha1} or {@code urn:bitprint}). */
    public static Sha1 parseSha1(String field, String text) {
        ContentHash hash = parse(field, text);
        if (hash instanceof Sha1 sha1) {
            return sha1;
        }
        throw new HttpWireException(field, text, "urn:sha1:<32 base32>");
    }

    /** {@code urn:sha1:<base32>}. */
    public static String of(Sha1 sha1) {
        return SHA1 + sha1.bytes().base32();
    }

    /** {@code urn:tree:tiger/:<base32>}. */
    public static String of(TigerTreeRoot root) {
        return TIGER_SLASH + root.bytes().base32();
    }

    private static Sha1 sha1(String field, String whole, String base32) {
        if (base32.length() != 32) {
            throw new HttpWireException(field, whole, "urn:sha1: followed by 32 base32 characters");
        }
        return Sha1.parse(base32);
    }

    private static TigerTreeRoot tiger(String field, String whole, String base32) {
        if (base32.length() != 39) {
            throw new HttpWireException(field, whole, "urn:tree:tiger/: followed by 39 base32 characters");
        }
        return TigerTreeRoot.parse(base32);
    }
}
