package org.crossnet.adapter.gnutella.http.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.TransferId;

/**
 * A minimal file-backed {@link StoredContent} for the benchmark: positional writes and reads on one
 * {@link FileChannel} in parallel (as the engine's store does), written blocks and merged verified ranges behind one
 * short monitor. Not a test double for correctness (the tests use the testkit's stricter in-memory store); here to
 * measure transfers against a real file rather than a synchronized byte array.
 */
final class FileBackedContent implements StoredContent, AutoCloseable {
    private final TransferId transfer = TransferId.random();
    private final FileChannel channel;
    private final long size;
    private final BitSet written = new BitSet();
    private final TreeMap<Long, Long> verified = new TreeMap<>();

    FileBackedContent(Path file, long size) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.size = size;
    }

    @Override
    public TransferId transfer() {
        return transfer;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockCount() {
        return (int) ((size + BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    @Override
    public synchronized BitSet writtenBlocks() {
        return (BitSet) written.clone();
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        long start = offset;
        try {
            long at = offset;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
            synchronized (this) {
                // Only whole blocks count; the benchmark's writes are block-aligned except at run ends.
                int first = (int) ((start + BLOCK_SIZE - 1) / BLOCK_SIZE);
                int end = (int) (at == size ? blockCount() : at / BLOCK_SIZE);
                if (end > first) {
                    written.set(first, end);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int read(long offset, ByteBuffer dst) {
        try {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, offset + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void markVerified(VerificationUnit unit) {
        long start = unit.offset();
        long end = unit.end();
        Map.Entry<Long, Long> before = verified.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> e = verified.ceilingEntry(start); e != null && e.getKey() <= end;
             e = verified.ceilingEntry(start)) {
            end = Math.max(end, e.getValue());
            verified.remove(e.getKey());
        }
        verified.put(start, end);
    }

    @Override
    public int markCorrupt(VerificationUnit unit) {
        return 0;
    }

    @Override
    public synchronized boolean isVerified(long offset, long length) {
        Map.Entry<Long, Long> e = verified.floorEntry(offset);
        return e != null && e.getValue() >= offset + length;
    }

    @Override
    public synchronized long bytesVerified() {
        return verified.entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
