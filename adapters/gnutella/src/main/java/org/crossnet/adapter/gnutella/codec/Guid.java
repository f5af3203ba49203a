package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import org.crossnet.spi.model.Bytes;

/**
 * A 16-byte message or servent GUID. Modern servents mark their GUIDs: byte 8 is 0xFF and byte 15 is 0x00 (the
 * protocol version), which {@link #random()} follows.
 *
 * @see <a href="http://rfc-gnutella.sourceforge.net/src/rfc-0_6-draft.html">Gnutella 0.6, section 2.2.1</a>
 */
public record Guid(Bytes bytes) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public Guid {
        if (bytes == null || bytes.length() != GnutellaWire.GUID_LENGTH) {
            throw new GnutellaCodecException("guid", bytes == null ? "null" : bytes.length() + " bytes",
                    GnutellaWire.GUID_LENGTH + " bytes");
        }
    }

    /** A fresh marked GUID. */
    public static Guid random() {
        byte[] raw = new byte[GnutellaWire.GUID_LENGTH];
        RANDOM.nextBytes(raw);
        raw[8] = (byte) 0xFF;
        raw[15] = 0;
        return new Guid(Bytes.of(raw));
    }

    /** Parses 32 hex digits (the form of the {@code GUID} handshake header). */
    public static Guid parseHex(String hex) {
        return new Guid(Bytes.fromHex(hex));
    }

    /** Reads 16 bytes. */
    public static Guid read(ByteBuf in) {
        GnutellaWire.require(in, GnutellaWire.GUID_LENGTH, "guid");
        byte[] raw = new byte[GnutellaWire.GUID_LENGTH];
        in.readBytes(raw);
        return new Guid(Bytes.of(raw));
    }

    public void write(ByteBuf out) {
        out.writeBytes(bytes.toArray());
    }

    @Override
    public String toString() {
        return bytes.hex();
    }
}
