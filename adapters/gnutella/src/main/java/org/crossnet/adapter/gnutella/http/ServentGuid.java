package org.crossnet.adapter.gnutella.http;

import java.util.Locale;
import org.crossnet.spi.model.Bytes;

/**
 * A servent's 16-byte identifier: the GUID at the end of its query hits, the target of a PUSH and the identifier in
 * the GIV line it sends back. The messaging layer's own GUID type converts with {@code new ServentGuid(guid.bytes())}.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, sections 2.2.7 and 3.2</a>
 */
public record ServentGuid(Bytes bytes) {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    public ServentGuid {
        if (bytes == null || bytes.length() != LENGTH) {
            throw new IllegalArgumentException("servent: " + (bytes == null ? "null" : bytes.length() + " bytes")
                    + " (expected: " + LENGTH + " bytes)");
        }
    }

    /**
     * Parses 32 hex digits, either case (the GIV line's form).
     *
     * @throws IllegalArgumentException reading {@code "servent: … (expected: 32 hex digits)"}
     */
    public static ServentGuid parseHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("servent: " + hex + " (expected: 32 hex digits)");
        }
        return new ServentGuid(Bytes.fromHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** Uppercase hex, as servents write it in GIV lines. */
    public String hex() {
        return bytes.hex().toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return hex();
    }
}
