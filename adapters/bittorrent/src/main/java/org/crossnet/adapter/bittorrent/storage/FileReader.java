package org.crossnet.adapter.bittorrent.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a shared file for seeding; opens the file per read, so a moved or deleted file fails only that read. */
public final class FileReader implements BlockReader {
    private final Path path;

    public FileReader(Path path) {
        this.path = path;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = offset;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position);
                if (n < 0) {
                    throw new IOException("end of file at " + position);
                }
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("shared file unreadable at " + offset, e);
        }
    }
}
