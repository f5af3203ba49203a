package org.crossnet.adapter.gnutella.http.thex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One DIME record: a typed payload. Only what THEX uses is modelled: no options, no chunking.
 *
 * @param typeFormat {@link #MEDIA_TYPE} or {@link #ABSOLUTE_URI} (DIME's TYPE_T)
 * @param type       the type, e.g. {@code text/xml}; empty allowed
 * @param id         the payload identifier; empty allowed
 * @param data       the payload
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/master/doc/RFCs/draft-nielsen-dime-02.txt">DIME
 *      draft 02, section 3.2</a>
 */
public record DimeRecord(int typeFormat, String type, String id, byte[] data) {
    /** TYPE_T 0x01: the type is a MIME media type. */
    public static final int MEDIA_TYPE = 1;
    /** TYPE_T 0x02: the type is an absolute URI. */
    public static final int ABSOLUTE_URI = 2;

    public DimeRecord {
        if (typeFormat < 0 || typeFormat > 15 || type == null || id == null || data == null) {
            throw new IllegalArgumentException("record: TYPE_T " + typeFormat
                    + " (expected: 0..15 with type, id and data present)");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    byte[] typeBytes() {
        return type.getBytes(StandardCharsets.UTF_8);
    }

    byte[] idBytes() {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimeRecord r && r.typeFormat == typeFormat && r.type.equals(type) && r.id.equals(id)
                && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return (typeFormat * 31 + type.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DimeRecord[" + type + ", id=" + id + ", " + data.length + " bytes]";
    }
}
