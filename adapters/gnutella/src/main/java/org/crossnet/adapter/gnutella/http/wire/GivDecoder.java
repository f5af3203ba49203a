package org.crossnet.adapter.gnutella.http.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one {@link GivLine} ({@code GIV …\n\n}, CRLF also accepted) and removes itself; bytes after the blank line
 * go on to the next handler (ByteToMessageDecoder hands its leftover on when removed). Refuses a line longer than
 * {@link GivLine#MAX_LENGTH} before buffering more of it.
 */
public final class GivDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // layout: "GIV " index ":" guid-hex "/" name LF LF   (CR before each LF tolerated)
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + GivLine.MAX_LENGTH + 4);
        int lineEnd = -1;
        int blockEnd = -1;
        for (int i = start; i < limit; i++) {
            if (in.getByte(i) == '\n') {
                if (lineEnd < 0) {
                    lineEnd = i;
                } else {
                    // The second LF must close an empty line: nothing but an optional CR since the first.
                    int gap = i - lineEnd - 1;
                    if (gap == 0 || (gap == 1 && in.getByte(lineEnd + 1) == '\r')) {
                        blockEnd = i + 1;
                        break;
                    }
                    throw new HttpWireException("giv", text(in, start, i), "GIV line followed by an empty line");
                }
            }
        }
        if (blockEnd < 0) {
            if (in.readableBytes() > GivLine.MAX_LENGTH + 4) {
                throw new HttpWireException("giv", in.readableBytes() + " bytes without an end",
                        "at most " + GivLine.MAX_LENGTH + " bytes then an empty line");
            }
            return;
        }
        int textEnd = lineEnd > start && in.getByte(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
        String line = text(in, start, textEnd);
        in.readerIndex(blockEnd);
        out.add(GivLine.parse(line));
        ctx.pipeline().remove(this);
    }

    private static String text(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.UTF_8);
    }
}
