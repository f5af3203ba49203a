package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One block of the 0.6 handshake: a start line, header lines, an empty line, all CRLF-terminated.
 *
 * <pre>
 * 1 (connector): GNUTELLA CONNECT/0.6 CRLF headers CRLF
 * 2 (acceptor):  GNUTELLA/0.6 &lt;code&gt; &lt;message&gt; CRLF headers CRLF     (200 accepts, 503 refuses)
 * 3 (connector): GNUTELLA/0.6 &lt;code&gt; &lt;message&gt; CRLF headers CRLF
 * </pre>
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.1</a>
 */
public record HandshakeBlock(String startLine, HandshakeHeaders headers) {
    public static final String CONNECT = "GNUTELLA CONNECT/0.6";
    private static final Pattern CONNECT_LINE = Pattern.compile("GNUTELLA CONNECT/(\\d+)\\.(\\d+)");
    private static final Pattern STATUS_LINE = Pattern.compile("GNUTELLA/(\\d+)\\.(\\d+) (\\d{3})(?: (.*))?");

    public HandshakeBlock {
        if (startLine == null || startLine.isEmpty() || startLine.indexOf('\r') >= 0 || startLine.indexOf('\n') >= 0) {
            throw new GnutellaCodecException("handshake.startLine", startLine, "one non-empty line");
        }
        headers = headers == null ? HandshakeHeaders.EMPTY : headers;
    }

    /** Step 1. */
    public static HandshakeBlock connect(HandshakeHeaders headers) {
        return new HandshakeBlock(CONNECT, headers);
    }

    /** Steps 2 and 3. */
    public static HandshakeBlock status(int code, String message, HandshakeHeaders headers) {
        return new HandshakeBlock("GNUTELLA/0.6 " + code + " " + message, headers);
    }

    /** Whether this is a connect request of protocol 0.6 or later. */
    public boolean isConnect() {
        Matcher m = CONNECT_LINE.matcher(startLine);
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 0 || minor >= 6;
    }

    /** The status code of a response, or -1 when this is not a {@code GNUTELLA/0.6 <code>} line. */
    public int statusCode() {
        Matcher m = STATUS_LINE.matcher(startLine);
        return m.matches() ? Integer.parseInt(m.group(3)) : -1;
    }

    /** The reason text of a response line, or "". */
    public String statusMessage() {
        Matcher m = STATUS_LINE.matcher(startLine);
        return m.matches() && m.group(4) != null ? m.group(4) : "";
    }

    /** Writes the block: start line, headers, empty line, each ending in CRLF. */
    public void write(ByteBuf out) {
        StringBuilder sb = new StringBuilder(256).append(startLine).append("\r\n");
        for (HandshakeHeaders.Header h : headers.headers()) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        sb.append("\r\n");
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return startLine + " " + headers.headers().size() + " headers";
    }
}
