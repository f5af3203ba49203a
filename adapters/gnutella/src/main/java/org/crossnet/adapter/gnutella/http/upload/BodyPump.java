package org.crossnet.adapter.gnutella.http.upload;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.crossnet.adapter.gnutella.http.Gate;

/**
 * Streams one response body, {@code [start, end)} of a file, to a channel: chunks are read on the blocking executor
 * into pooled direct buffers and written on the channel's event loop. Back-pressure: reading stops while the channel
 * is unwritable or {@link #MAX_AHEAD} bytes are read but not yet handed to the channel, and resumes from
 * {@link #resume()} (called on writability changes) and after every write. At most one read task runs at a time.
 *
 * <p>Why not a zero-copy {@code FileRegion}: {@code sendfile} runs on the event loop and blocks it on every page the
 * disk has not cached, stalling every other connection of that loop; reading off the loop costs one copy.
 */
final class BodyPump {
    /** Bytes per read and per written chunk. */
    static final int CHUNK = 256 * 1024;
    /** Bytes read but not yet written to the channel at most. */
    static final long MAX_AHEAD = 4L * CHUNK;

    private final Channel channel;
    private final FileChannel file;
    private final long end;
    private final Executor blocking;
    private final Gate gate;
    private final Runnable onDone;
    private final Consumer<Throwable> onFailure;
    private final AtomicLong sentCounter;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicLong ahead = new AtomicLong();
    private volatile boolean cancelled;
    /** Next byte to read; touched only by the single read task. */
    private long next;

    BodyPump(Channel channel, FileChannel file, long start, long end, Executor blocking, Gate gate, Runnable onDone,
             Consumer<Throwable> onFailure, AtomicLong sentCounter) {
        this.channel = channel;
        this.file = file;
        this.next = start;
        this.end = end;
        this.blocking = blocking;
        this.gate = gate;
        this.onDone = onDone;
        this.onFailure = onFailure;
        this.sentCounter = sentCounter;
    }

    /** Starts or resumes reading when the channel can take more. Any thread. */
    void resume() {
        if (cancelled || !channel.isWritable() || ahead.get() >= MAX_AHEAD || !reading.compareAndSet(false, true)) {
            return;
        }
        if (!gate.execute(blocking, this::readSome)) {
            reading.set(false);
            cancel();
            channel.close();
        }
    }

    /** Stops reading; chunks in flight are released. Any thread. */
    void cancel() {
        cancelled = true;
    }

    private void readSome() {
        try {
            while (!cancelled && next < end && channel.isWritable() && ahead.get() < MAX_AHEAD) {
                int length = (int) Math.min(CHUNK, end - next);
                ByteBuf buffer = channel.alloc().directBuffer(length);
                try {
                    while (buffer.writerIndex() < length) {
                        int n = buffer.writeBytes(file, next + buffer.writerIndex(), length - buffer.writerIndex());
                        if (n < 0) {
                            throw new IOException("file: ends at " + (next + buffer.writerIndex()) + " (expected: "
                                    + end + " bytes or more)");
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    buffer.release();
                    throw e;
                }
                next += length;
                boolean last = next == end;
                ahead.addAndGet(length);
                channel.eventLoop().execute(() -> write(buffer, last));
            }
        } catch (IOException | RuntimeException e) {
            cancelled = true;
            channel.eventLoop().execute(() -> onFailure.accept(e));
        } finally {
            reading.set(false);
        }
        if (next < end) {
            resume(); // a write may have drained the channel between the last check and the flag reset
        }
    }

    /** On the event loop. */
    private void write(ByteBuf buffer, boolean last) {
        int length = buffer.readableBytes();
        ahead.addAndGet(-length);
        if (cancelled || !channel.isActive()) {
            buffer.release();
            return;
        }
        sentCounter.addAndGet(length);
        if (last) {
            channel.write(new DefaultHttpContent(buffer));
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    onDone.run();
                } else {
                    onFailure.accept(f.cause());
                }
            });
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(buffer)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                cancel();
            }
        });
        resume();
    }
}
