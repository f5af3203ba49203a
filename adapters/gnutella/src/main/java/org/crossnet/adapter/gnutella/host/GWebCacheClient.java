package org.crossnet.adapter.gnutella.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a GWebCache for Gnutella hosts: {@code GET <url>?get=1&net=gnutella&client=CNET&version=…}, reading v2
 * lines {@code H|host:port|…} and v1 lines {@code host:port}; other lines (U|, I|, errors) are ignored. Blocking:
 * call it on the blocking executor. The body is capped, and connect and read time out.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/gwcache">GWebCache 1.3.1</a>
 */
public final class GWebCacheClient {
    /** Largest body read. */
    public static final int MAX_BODY = 64 * 1024;

    private final int timeoutMillis;
    private final String version;

    public GWebCacheClient(int timeoutMillis, String version) {
        this.timeoutMillis = timeoutMillis;
        this.version = version;
    }

    /**
     * The hosts the cache lists.
     *
     * @throws IOException when the cache cannot be reached or answers other than 200
     */
    public List<HostPort> hosts(String cacheUrl) throws IOException {
        URL url = URI.create(cacheUrl + (cacheUrl.contains("?") ? "&" : "?") + "get=1&net=gnutella&client=CNET&version="
                + version).toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("User-Agent", "Crossnet/" + version);
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("gwebcache " + cacheUrl + ": HTTP " + status + " (expected: 200)");
            }
            try (InputStream in = c.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BODY);
                return parse(new String(body, StandardCharsets.ISO_8859_1));
            }
        } finally {
            c.disconnect();
        }
    }

    /** The hosts in a cache's answer. */
    public static List<HostPort> parse(String body) {
        List<HostPort> out = new ArrayList<>();
        for (String raw : body.split("\r?\n")) {
            String line = raw.trim();
            String address = null;
            if (line.regionMatches(true, 0, "H|", 0, 2)) {
                String[] fields = line.split("\\|");
                address = fields.length > 1 ? fields[1] : null;
            } else if (!line.contains("|") && !line.isEmpty()) {
                address = line;
            }
            HostPort hp = address == null ? null : HostPort.tryParse(address);
            if (hp != null && hp.isLiteral()) {
                out.add(hp);
            }
        }
        return out;
    }
}
