package org.crossnet.spi.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Canonical bencode encoder (BEP 3): integers without leading zeros, dictionaries with keys in ascending unsigned
 * byte order (guaranteed by {@link BDictionary}). The output of {@link #encode} decodes with {@link BencodeDecoder}
 * to an equal value. Stateless.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#bencoding">BEP 3, bencoding</a>
 */
public final class BencodeEncoder {
    private BencodeEncoder() {
    }

    /** The canonical encoding of {@code value}. */
    public static byte[] encode(BValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(value, out);
        return out.toByteArray();
    }

    private static void write(BValue value, ByteArrayOutputStream out) {
        if (value instanceof BString s) {
            // <length>:<bytes>
            ascii(Integer.toString(s.value().length()), out);
            out.write(':');
            out.writeBytes(s.value().toArray());
        } else if (value instanceof BInteger i) {
            // i<decimal>e
            out.write('i');
            ascii(Long.toString(i.value()), out);
            out.write('e');
        } else if (value instanceof BList l) {
            // l<values>e
            out.write('l');
            for (BValue v : l.values()) {
                write(v, out);
            }
            out.write('e');
        } else {
            // d<key><value>...e, keys already sorted
            BDictionary d = (BDictionary) value;
            out.write('d');
            for (Map.Entry<BString, BValue> e : d.entries().entrySet()) {
                write(e.getKey(), out);
                write(e.getValue(), out);
            }
            out.write('e');
        }
    }

    private static void ascii(String text, ByteArrayOutputStream out) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
