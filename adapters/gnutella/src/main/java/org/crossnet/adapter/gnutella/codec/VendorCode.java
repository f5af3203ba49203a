package org.crossnet.adapter.gnutella.codec;

import java.nio.charset.StandardCharsets;

/**
 * A 4-byte vendor code as in query hit trailers and vendor messages ({@code GTKG}, {@code LIME}, {@code BEAR}; the
 * all-zero "null" vendor for the generic discovery messages). Case-sensitive; big-endian on the wire.
 */
public record VendorCode(int value) {
    public static final VendorCode NULL = new VendorCode(0);
    public static final VendorCode BEAR = of("BEAR");
    public static final VendorCode LIME = of("LIME");
    public static final VendorCode GTKG = of("GTKG");
    /** Ours (Crossnet). */
    public static final VendorCode CROSSNET = of("CNET");

    /** The code of four ASCII characters. */
    public static VendorCode of(String code) {
        byte[] b = code == null ? new byte[0] : code.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new GnutellaCodecException("vendor", code, "4 ASCII characters");
        }
        return new VendorCode(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (value >>> shift) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return String.format("0x%08x", value);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
