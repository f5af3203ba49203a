package org.crossnet.adapter.bittorrent.codec;

/**
 * Finds where the bencoded value at the start of a buffer ends, for messages that carry raw bytes after a
 * dictionary (ut_metadata data, BEP 9). Only finds the boundary; the strict decoder then checks the value itself.
 */
final class BencodePrefix {
    private BencodePrefix() {
    }

    /**
     * The index just past the value starting at 0, looking at most {@code limit} bytes.
     *
     * @throws PeerWireException when no complete value starts the input within the limit
     */
    static int end(byte[] in, int limit) {
        int max = Math.min(in.length, limit);
        int depth = 0;
        int i = 0;
        do {
            if (i >= max) {
                throw new PeerWireException("bencode", "no complete value in " + max + " bytes",
                        "a dictionary first");
            }
            byte b = in[i];
            if (b == 'd' || b == 'l') {
                depth++;
                i++;
            } else if (b == 'e') {
                if (depth == 0) {
                    throw new PeerWireException("bencode", "'e' at " + i, "a value");
                }
                depth--;
                i++;
            } else if (b == 'i') {
                int e = i + 1;
                while (e < max && in[e] != 'e') {
                    e++;
                }
                if (e >= max) {
                    throw new PeerWireException("bencode", "unterminated integer at " + i, "i<digits>e");
                }
                i = e + 1;
            } else if (b >= '0' && b <= '9') {
                long length = 0;
                int c = i;
                while (c < max && in[c] >= '0' && in[c] <= '9' && length <= max) {
                    length = length * 10 + (in[c] - '0');
                    c++;
                }
                if (c >= max || in[c] != ':') {
                    throw new PeerWireException("bencode", "bad string length at " + i, "<digits>:");
                }
                if (c + 1 + length > max) {
                    throw new PeerWireException("bencode", "string of " + length + " bytes at " + i,
                            "one within the input");
                }
                i = (int) (c + 1 + length);
            } else {
                throw new PeerWireException("bencode", "byte " + (b & 0xFF) + " at " + i, "d, l, i, e or a digit");
            }
        } while (depth > 0);
        return i;
    }
}
