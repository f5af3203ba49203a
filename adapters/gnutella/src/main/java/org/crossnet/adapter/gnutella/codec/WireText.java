package org.crossnet.adapter.gnutella.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.crossnet.spi.model.Bytes;

/**
 * A NUL-free text field as it travels (query criteria, file names, bye reasons). The bytes are kept so that a
 * forwarded message is byte-identical to the one received even when a servent sent Latin-1 rather than UTF-8;
 * {@link #text()} is the readable form: UTF-8, or Latin-1 when the bytes are not valid UTF-8 (old servents).
 */
public record WireText(Bytes bytes) {
    public WireText {
        if (bytes == null) {
            throw new GnutellaCodecException("text", "null", "bytes");
        }
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.get(i) == 0) {
                throw new GnutellaCodecException("text", "NUL at " + i, "no NUL inside a NUL-terminated field");
            }
        }
    }

    /** The UTF-8 bytes of {@code text}. */
    public static WireText of(String text) {
        return new WireText(Bytes.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    public int length() {
        return bytes.length();
    }

    /** UTF-8, falling back to Latin-1 for bytes that are not UTF-8. */
    public String text() {
        byte[] raw = bytes.toArray();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
