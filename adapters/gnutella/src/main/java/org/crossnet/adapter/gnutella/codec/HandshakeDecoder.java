package org.crossnet.adapter.gnutella.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@link HandshakeBlock} per call (single-decode), so that the bytes after the last block, which are
 * already messages (possibly compressed), stay in the buffer for the handlers that replace this one. Lines end in
 * CRLF (a bare LF is tolerated); a line starting with a space or tab continues the previous header. Limits are
 * checked before anything is kept: the whole block, the line length and the number of lines. Not sharable.
 */
public final class HandshakeDecoder extends ByteToMessageDecoder {
    /** Largest block accepted by default: gtk-gnutella's are about 1 KB. */
    public static final int DEFAULT_MAX_BLOCK = 8 * 1024;
    public static final int DEFAULT_MAX_LINES = 64;

    /** Where the decoder is. */
    public enum State {
        /** Waiting for a complete block. */
        READING,
        /** The input broke the handshake format or its limits; everything after is discarded. */
        FAILED
    }

    private final int maxBlock;
    private final int maxLines;
    private State state = State.READING;

    public HandshakeDecoder() {
        this(DEFAULT_MAX_BLOCK, DEFAULT_MAX_LINES);
    }

    public HandshakeDecoder(int maxBlock, int maxLines) {
        this.maxBlock = maxBlock;
        this.maxLines = maxLines;
        setSingleDecode(true);
    }

    public State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            HandshakeBlock block = read(in, maxBlock, maxLines);
            if (block != null) {
                out.add(block);
            }
        } catch (GnutellaCodecException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /**
     * Reads one block if a complete one is readable (consuming exactly it), or returns null and consumes nothing.
     *
     * @throws GnutellaCodecException when the block is over a limit or malformed
     */
    public static HandshakeBlock read(ByteBuf in, int maxBlock, int maxLines) {
        int start = in.readerIndex();
        int end = findEndOfBlock(in, maxBlock);
        if (end < 0) {
            return null;
        }
        String text = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        in.readerIndex(end);
        String[] rawLines = text.split("\n", -1);
        List<String> lines = new ArrayList<>(rawLines.length);
        for (String line : rawLines) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        // The text ends with the empty line: drop the trailing empties.
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new GnutellaCodecException("handshake.startLine", "empty", "GNUTELLA CONNECT/0.6 or GNUTELLA/0.6 <code>");
        }
        if (lines.size() > maxLines) {
            throw new GnutellaCodecException("handshake.lines", lines.size(), "at most " + maxLines);
        }
        String startLine = lines.get(0);
        if (!startLine.startsWith("GNUTELLA")) {
            throw new GnutellaCodecException("handshake.startLine", abbreviate(startLine),
                    "GNUTELLA CONNECT/0.6 or GNUTELLA/0.6 <code>");
        }
        List<String[]> pairs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (pairs.isEmpty()) {
                    throw new GnutellaCodecException("handshake.line[" + i + "]", abbreviate(line),
                            "a header before any continuation line");
                }
                String[] last = pairs.get(pairs.size() - 1);
                last[1] = last[1] + " " + line.trim();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new GnutellaCodecException("handshake.line[" + i + "]", abbreviate(line), "Name: value");
            }
            pairs.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        HandshakeHeaders.Builder headers = HandshakeHeaders.builder();
        for (String[] p : pairs) {
            headers.add(p[0], p[1]);
        }
        return new HandshakeBlock(startLine, headers.build());
    }

    /** The index just past the blank line ending the block, or -1 when not all of it is readable yet. */
    private static int findEndOfBlock(ByteBuf in, int maxBlock) {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + maxBlock);
        for (int i = start; i < limit; i++) {
            byte b = in.getByte(i);
            if (b == 0) {
                throw new GnutellaCodecException("handshake", "NUL byte at " + (i - start), "text lines");
            }
            if (b == '\n') {
                // Blank line: "\n\n" or "\n\r\n".
                if (i + 1 < limit && in.getByte(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < limit && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        if (in.writerIndex() - start >= maxBlock) {
            throw new GnutellaCodecException("handshake.length", "over " + maxBlock + " bytes without a blank line",
                    "at most " + maxBlock);
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
