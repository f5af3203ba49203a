package org.crossnet.adapter.gnutella.http.wire;

import java.nio.charset.StandardCharsets;
import org.crossnet.adapter.gnutella.http.ServentGuid;

/**
 * The line a firewalled servent sends after connecting back in answer to a PUSH; the downloader then sends its GET on
 * the same connection.
 *
 * <pre>
 *   GIV &lt;file index&gt;:&lt;servent GUID, 32 hex digits&gt;/&lt;file name&gt;\n\n
 * </pre>
 *
 * The name is informational (the downloader matches the GUID and the index); it is kept as sent, UTF-8.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 3.2 (push)</a>
 */
public record GivLine(long index, ServentGuid servent, String name) {
    /** Longest GIV line (without its terminating blank line) accepted. */
    public static final int MAX_LENGTH = 1024;
    private static final String EXPECTED = "GIV <index>:<32 hex digits>/<name>";

    public GivLine {
        if (index < 0 || index > RequestTarget.MAX_INDEX) {
            throw new HttpWireException("giv.index", index, "0.." + RequestTarget.MAX_INDEX);
        }
        if (servent == null) {
            throw new HttpWireException("giv.servent", null, "a servent GUID");
        }
        if (name == null || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new HttpWireException("giv.name", name, "a name without line breaks");
        }
    }

    /** The bytes on the wire, terminating blank line included. */
    public byte[] encode() {
        return ("GIV " + index + ":" + servent.hex() + "/" + name + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses the line without its line terminator.
     *
     * @throws HttpWireException reading {@code "giv: … (expected: …)"}
     */
    public static GivLine parse(String line) {
        if (line == null || !line.startsWith("GIV ") || line.length() > MAX_LENGTH) {
            throw new HttpWireException("giv", line, EXPECTED);
        }
        int colon = line.indexOf(':', 4);
        int slash = colon < 0 ? -1 : line.indexOf('/', colon);
        if (colon < 0 || slash < 0) {
            throw new HttpWireException("giv", line, EXPECTED);
        }
        String digits = line.substring(4, colon).trim();
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpWireException("giv.index", digits, "a decimal 0.." + RequestTarget.MAX_INDEX);
        }
        ServentGuid servent;
        try {
            servent = ServentGuid.parseHex(line.substring(colon + 1, slash));
        } catch (IllegalArgumentException e) {
            throw new HttpWireException("giv.servent", line.substring(colon + 1, slash), "32 hex digits");
        }
        return new GivLine(Long.parseLong(digits), servent, line.substring(slash + 1));
    }
}
