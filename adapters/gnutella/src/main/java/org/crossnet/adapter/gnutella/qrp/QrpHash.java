package org.crossnet.adapter.gnutella.qrp;

/**
 * The QRP hash: the keyword, lower-cased, taken as the low byte of each UTF-16 unit (LimeWire hashes Java chars and
 * gtk-gnutella emulates it), XOR-folded into a little-endian 32-bit word, multiplied by 0x4F1BBCDC, and the top
 * {@code bits} bits of the low 32 bits kept. Tables of different sizes interoperate because
 * {@code hash(k, b+1) >> 1 == hash(k, b)}. Stateless.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/QRP">QRP 1.0, hashing and appendix A</a>
 */
public final class QrpHash {
    private static final int A_INT = 0x4F1BBCDC;

    private QrpHash() {
    }

    /** The slot of {@code keyword} in a table of 2^{@code bits} slots; {@code bits} in 1..32. */
    public static int hash(CharSequence keyword, int bits) {
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: 1..32)");
        }
        int xor = 0;
        int j = 0;
        for (int i = 0; i < keyword.length(); i++) {
            int b = Character.toLowerCase(keyword.charAt(i)) & 0xFF;
            xor ^= b << (j * 8);
            j = (j + 1) & 3;
        }
        long product = (xor & 0xFFFFFFFFL) * A_INT;
        return (int) ((product & 0xFFFFFFFFL) >>> (32 - bits));
    }
}
