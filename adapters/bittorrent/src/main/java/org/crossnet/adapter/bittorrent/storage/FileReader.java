package org.crossnet.adapter.bittorrent.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a shared file for seeding through one {@link FileChannel} kept open until {@link #close()} (opening the file
 * per 16 KiB block cost more than the read). Positional reads, so concurrent readers do not disturb each other.
 * A read that fails drops the channel, so the next read reopens the file: a file replaced under the same path is
 * picked up, and a channel closed by an interrupted reader (NIO closes it for everyone) does not stay broken.
 * Thread-safe.
 */
public final class FileReader implements BlockReader {
    private final Path path;
    private FileChannel channel;
    private boolean closed;

    public FileReader(Path path) {
        this.path = path;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        FileChannel c = channel();
        long position = offset;
        try {
            while (dst.hasRemaining()) {
                int n = c.read(dst, position);
                if (n < 0) {
                    throw new IOException("end of file at " + position);
                }
                position += n;
            }
        } catch (IOException e) {
            drop(c);
            throw new UncheckedIOException("shared file unreadable at " + position + ": " + path, e);
        }
    }

    private synchronized FileChannel channel() {
        if (closed) {
            throw new IllegalStateException("reader: closed (expected: open) for " + path);
        }
        if (channel == null || !channel.isOpen()) {
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("shared file unreadable: " + path, e);
            }
        }
        return channel;
    }

    private synchronized void drop(FileChannel failed) {
        if (channel == failed) {
            channel = null;
        }
        closeQuietly(failed);
    }

    /** Whether a channel is open now (for tests and status). */
    public synchronized boolean isOpen() {
        return channel != null && channel.isOpen();
    }

    /** Closes the channel; later reads fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // Read-only channel: nothing buffered to lose; the descriptor is released either way.
        }
    }
}
