package org.crossnet.adapter.gnutella.http;

import java.nio.file.Path;
import org.crossnet.spi.model.ContentId;

/**
 * A shared file as this servent offers it on Gnutella: the index and name its query hits carry (and that
 * {@code /get/<index>/<name>} and GIV lines use), the content's identities and where to read it.
 *
 * @param index   0..2^32-1, as in a query hit result
 * @param name    the name in query hits; never a path
 * @param content its identities (a SHA-1 is needed to be served; a TTH root to serve its THEX tree) and size
 * @param path    where to read it, with blocking I/O off the event loops
 */
public record ServedFile(long index, String name, ContentId content, Path path) {
    public ServedFile {
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0..4294967295)");
        }
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\n') >= 0
                || name.indexOf('\r') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name: " + name + " (expected: a file name without '/', NUL or "
                    + "line breaks)");
        }
        if (content == null || content.sha1() == null || !content.sizeKnown()) {
            throw new IllegalArgumentException("content: " + content + " (expected: a SHA-1 and a known size)");
        }
        if (path == null) {
            throw new IllegalArgumentException("path: null (expected: the file to read)");
        }
    }

    /** Bytes in the file. */
    public long size() {
        return content.size();
    }
}
