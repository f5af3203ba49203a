package org.crossnet.adapter.bittorrent.webseed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.torrent.Metainfo;

/**
 * Where a web seed (BEP 19, "GetRight style") keeps each file of a torrent, and which ranged GETs cover a piece.
 * Single-file: the URL is the file, or, ending in {@code /}, the folder holding it under the torrent's name.
 * Multi-file: the URL is the folder above the torrent's folder; each file is at {@code url/name/path…}, every
 * element percent-encoded. Immutable.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0019.html">BEP 19</a>
 */
public final class WebSeedUrls {
    private final String base;
    private final List<URI> fileUris;
    private final List<ContentFile> files;
    private final long pieceLength;
    private final long totalLength;

    private WebSeedUrls(String base, List<URI> fileUris, List<ContentFile> files, long pieceLength,
                        long totalLength) {
        this.base = base;
        this.fileUris = fileUris;
        this.files = files;
        this.pieceLength = pieceLength;
        this.totalLength = totalLength;
    }

    /**
     * The file URLs of {@code meta} under the web seed {@code url}.
     *
     * @throws WebSeedException PERMANENT when the URL is not an absolute http(s) URL
     */
    public static WebSeedUrls of(String url, Metainfo meta) {
        String lower = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new WebSeedException(WebSeedException.Kind.PERMANENT, "url-list: " + url
                    + " (expected: an http:// or https:// URL)");
        }
        List<URI> uris = new ArrayList<>();
        try {
            if (meta.singleFile()) {
                uris.add(new URI(url.endsWith("/") ? url + encode(meta.name()) : url));
            } else {
                String folder = (url.endsWith("/") ? url : url + "/") + encode(meta.name()) + "/";
                for (ContentFile f : meta.files()) {
                    StringBuilder path = new StringBuilder(folder);
                    List<String> parts = f.path();
                    for (int i = 0; i < parts.size(); i++) {
                        path.append(i == 0 ? "" : "/").append(encode(parts.get(i)));
                    }
                    uris.add(new URI(path.toString()));
                }
            }
        } catch (URISyntaxException e) {
            throw new WebSeedException(WebSeedException.Kind.PERMANENT, "url-list: " + url + " (expected: a valid URL: "
                    + e.getReason() + ")", -1, e);
        }
        return new WebSeedUrls(url, List.copyOf(uris), meta.files(), meta.pieceLength(), meta.totalLength());
    }

    /** The URL as listed in the metainfo. */
    public String url() {
        return base;
    }

    /**
     * One ranged GET.
     *
     * @param uri    the file's URL
     * @param offset first byte within the file
     * @param length bytes, at least 1
     */
    public record Range(URI uri, long offset, int length) {
    }

    /** The GETs that together return the bytes {@code [start, start + length)} of the torrent, in order. */
    public List<Range> ranges(long start, int length) {
        if (start < 0 || length < 1 || start + length > totalLength) {
            throw new IllegalArgumentException("range: " + start + "+" + length + " (expected: within the "
                    + totalLength + " bytes of the torrent)");
        }
        List<Range> out = new ArrayList<>();
        long end = start + length;
        for (int i = 0; i < files.size(); i++) {
            ContentFile f = files.get(i);
            long from = Math.max(start, f.offset());
            long to = Math.min(end, f.offset() + f.length());
            if (from < to) {
                out.add(new Range(fileUris.get(i), from - f.offset(), (int) (to - from)));
            }
        }
        return out;
    }

    /** The GETs of piece {@code index}. */
    public List<Range> piece(int index) {
        long start = index * pieceLength;
        return ranges(start, (int) Math.min(pieceLength, totalLength - start));
    }

    /** RFC 3986 percent-encoding of one path element (unreserved characters kept). */
    static String encode(String element) {
        StringBuilder out = new StringBuilder();
        for (byte b : element.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
