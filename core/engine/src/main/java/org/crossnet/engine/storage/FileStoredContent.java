package org.crossnet.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;

/**
 * A transfer's content in one file, written by any number of networks at once, each verifying with its own units.
 *
 * <p>Bookkeeping: a bitmap of fully written {@link #BLOCK_SIZE} blocks; for blocks written only in part (eD2k sends
 * 10,240-byte chunks, Gnutella arbitrary HTTP ranges) the written ranges inside the block, until they join up; per
 * network its verified ranges, plus their union. Bytes inside the union are never written again, whichever network
 * offers them. Units need not align with blocks: a unit boundary inside a block verifies only its side of the block.
 *
 * <p>The file is sparse (nothing preallocated) and normally carries the {@link ContentPaths#PART_SUFFIX} name until
 * {@link #moveTo} gives it its final name. A snapshot ({@link #snapshot()}) is durable: the data it describes is
 * forced to disk before it returns.
 *
 * <p>Thread-safe. Writes and reads run in parallel (positional I/O on one {@link FileChannel}); verification,
 * {@link #setSize}, {@link #moveTo} and {@link #close} wait for them and exclude them, so that once
 * {@link #markVerified} returns no later write can change the range. I/O blocks: never call on an event loop. An
 * interrupted caller gets an exception with its interrupt status kept; the channel its interrupt closed is reopened
 * for everyone else.
 */
public final class FileStoredContent implements StoredContent, AutoCloseable {
    /** Largest size whose block count still fits an int (32 TiB). */
    public static final long MAX_SIZE = (long) Integer.MAX_VALUE * BLOCK_SIZE;
    /**
     * Most blocks tracked as partly written. Beyond it the oldest partial block forgets its progress (its bytes are
     * fetched again): with 16 KiB blocks this is 256 MiB of scattered, incomplete blocks, far above what the networks
     * have in flight, so it only bounds memory against a hostile source.
     */
    static final int MAX_PARTIAL_BLOCKS = 16_384;
    private static final int IO_ATTEMPTS = 3;

    private final TransferId transfer;
    /** Excludes verification, resizing and moving from running I/O (which shares the read side). */
    private final ReadWriteLock io = new ReentrantReadWriteLock();
    /** Guards the bookkeeping below; held briefly, never during I/O. */
    private final Object lock = new Object();
    /** Serialises reopening the channel after an interrupt closed it. */
    private final Object reopenLock = new Object();
    private volatile Path path;
    private volatile FileChannel channel;
    private volatile boolean closed;

    private long size;
    private final BitSet written;
    /** Block index → written ranges (absolute offsets) of blocks not yet complete; insertion order for eviction. */
    private final LinkedHashMap<Integer, ByteRangeSet> partial = new LinkedHashMap<>();
    private final Map<NetworkId, ByteRangeSet> verifiedBy = new HashMap<>();
    private final ByteRangeSet verifiedAny = new ByteRangeSet();

    private FileStoredContent(TransferId transfer, Path path, FileChannel channel, ResumeState state) {
        this.transfer = transfer;
        this.path = path;
        this.channel = channel;
        this.size = state.size();
        this.written = state.writtenBlocks();
        state.verified().forEach((network, ranges) -> {
            ByteRangeSet set = new ByteRangeSet();
            for (ByteRange r : ranges) {
                set.add(r.start(), r.end());
                verifiedAny.add(r.start(), r.end());
            }
            verifiedBy.put(network, set);
        });
    }

    /**
     * Starts content with nothing written, in {@code file} (created, or emptied if it exists).
     *
     * @param size bytes, or {@code -1} until known ({@link #setSize})
     */
    public static FileStoredContent create(TransferId transfer, Path file, long size) {
        requireTransfer(transfer);
        ResumeState state = ResumeState.empty(size);
        FileChannel channel = open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        return new FileStoredContent(transfer, file, channel, state);
    }

    /**
     * Resumes content from a {@link #snapshot()} without re-checking anything: the snapshot only describes data that
     * was forced to disk. Blocks and verified ranges beyond the file's length (file truncated behind our back) are
     * forgotten, so they are fetched again rather than served as zeros.
     *
     * @throws GatewayException NOT_FOUND when the file no longer exists
     */
    public static FileStoredContent restore(TransferId transfer, Path file, ResumeState state) {
        requireTransfer(transfer);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw GatewayException.notFound("partial file", file.getFileName());
        }
        FileChannel channel = open(file);
        FileStoredContent content = new FileStoredContent(transfer, file, channel, state);
        try {
            content.forgetBeyond(channel.size());
        } catch (IOException e) {
            content.close();
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: cannot read file length", e);
        }
        return content;
    }

    @Override
    public TransferId transfer() {
        return transfer;
    }

    @Override
    public long size() {
        synchronized (lock) {
            return size;
        }
    }

    @Override
    public int blockCount() {
        synchronized (lock) {
            return (int) blockCount(size);
        }
    }

    @Override
    public BitSet writtenBlocks() {
        synchronized (lock) {
            return (BitSet) written.clone();
        }
    }

    /** The file currently holding the content. */
    public Path path() {
        return path;
    }

    /**
     * Sets the size once it becomes known (magnet metadata arrived). Engine-internal; setting the same size again is
     * a no-op.
     *
     * @throws GatewayException INVALID_ARGUMENT for a size out of range, CONFLICT when a different size is known
     */
    public void setSize(long newSize) {
        if (newSize < 0 || newSize > MAX_SIZE) {
            throw GatewayException.invalid("size", newSize, "0.." + MAX_SIZE);
        }
        io.writeLock().lock();
        try {
            ensureOpen();
            synchronized (lock) {
                if (size == newSize) {
                    return;
                }
                if (size != -1) {
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "size: " + newSize + " (expected: the known size " + size + ")");
                }
                size = newSize;
            }
            io(channel -> {
                if (channel.size() > newSize) {
                    channel.truncate(newSize); // leftovers of an earlier attempt must not read as content
                }
                return 0;
            });
        } finally {
            io.writeLock().unlock();
        }
    }

    /**
     * {@inheritDoc} Bytes inside a range any network verified are skipped silently; the rest is written and counted
     * towards its blocks. {@code src} is consumed (its position moves to its limit).
     */
    @Override
    public void write(long offset, ByteBuffer src) {
        int length = src.remaining();
        io.readLock().lock();
        try {
            ensureOpen();
            List<ByteRange> gaps;
            synchronized (lock) {
                checkRange(offset, length);
                gaps = verifiedAny.gaps(offset, offset + length);
            }
            for (ByteRange gap : gaps) {
                int from = src.position() + (int) (gap.start() - offset);
                int to = from + (int) gap.length();
                io(channel -> {
                    ByteBuffer part = src.duplicate().limit(to).position(from);
                    long position = gap.start();
                    while (part.hasRemaining()) {
                        position += channel.write(part, position);
                    }
                    return 0;
                });
            }
            synchronized (lock) {
                for (ByteRange gap : gaps) {
                    addWritten(gap.start(), gap.end());
                }
            }
            src.position(src.limit());
        } finally {
            io.readLock().unlock();
        }
    }

    /**
     * {@inheritDoc} Bytes never written read as zeros, except past the file's current end (a sparse tail nothing was
     * written to yet), where reading stops: the count returned is then less than requested.
     */
    @Override
    public int read(long offset, ByteBuffer dst) {
        int length = dst.remaining();
        io.readLock().lock();
        try {
            ensureOpen();
            synchronized (lock) {
                checkRange(offset, length);
            }
            int start = dst.position();
            int read = io(channel -> {
                ByteBuffer into = dst.duplicate();
                int total = 0;
                while (into.hasRemaining()) {
                    int n = channel.read(into, offset + total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
                return total;
            });
            dst.position(start + read);
            return read;
        } finally {
            io.readLock().unlock();
        }
    }

    /** {@inheritDoc} The unit's bytes also count as written: the network hashed them from this file. */
    @Override
    public void markVerified(VerificationUnit unit) {
        io.writeLock().lock();
        try {
            synchronized (lock) {
                checkUnit(unit);
                verifiedBy.computeIfAbsent(unit.network(), n -> new ByteRangeSet()).add(unit.offset(), unit.end());
                verifiedAny.add(unit.offset(), unit.end());
                addWritten(unit.offset(), unit.end());
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    /**
     * {@inheritDoc} Exactly the unit's bytes that no network verified are forgotten; a block straddling the unit's
     * boundary keeps its bytes outside the unit. Counts every block that lost bytes.
     */
    @Override
    public int markCorrupt(VerificationUnit unit) {
        io.writeLock().lock();
        try {
            synchronized (lock) {
                checkUnit(unit);
                BitSet touched = new BitSet();
                for (ByteRange drop : verifiedAny.gaps(unit.offset(), unit.end())) {
                    dropWritten(drop, touched);
                }
                return touched.cardinality();
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    @Override
    public boolean isVerified(long offset, long length) {
        synchronized (lock) {
            if (length < 0) {
                throw GatewayException.invalid("length", length, ">= 0");
            }
            checkRange(offset, length);
            return verifiedAny.contains(offset, offset + length);
        }
    }

    @Override
    public long bytesVerified() {
        synchronized (lock) {
            return verifiedAny.covered();
        }
    }

    /** The ranges {@code network} verified, in order; empty when none. */
    public List<ByteRange> verifiedRanges(NetworkId network) {
        synchronized (lock) {
            ByteRangeSet set = verifiedBy.get(network);
            return set == null ? List.of() : set.ranges();
        }
    }

    /** True once the size is known and every byte is verified by some network. */
    public boolean isComplete() {
        synchronized (lock) {
            return size >= 0 && verifiedAny.covered() == size;
        }
    }

    /**
     * A durable snapshot for resuming: forces the file's data to disk after capturing the state, so everything the
     * snapshot claims is on disk when it returns. Progress inside partly written blocks is not included.
     */
    public ResumeState snapshot() {
        io.readLock().lock();
        try {
            ensureOpen();
            ResumeState state;
            synchronized (lock) {
                Map<NetworkId, List<ByteRange>> verified = new HashMap<>();
                verifiedBy.forEach((network, set) -> verified.put(network, set.ranges()));
                state = new ResumeState(size, written, verified);
            }
            io(channel -> {
                channel.force(false);
                return 0;
            });
            return state;
        } finally {
            io.readLock().unlock();
        }
    }

    /**
     * Renames the file (e.g. from its part name to its final name, once complete) and keeps serving from there.
     *
     * @throws GatewayException CONFLICT when {@code target} already exists; the content then stays where it was
     */
    public void moveTo(Path target) {
        io.writeLock().lock();
        try {
            ensureOpen();
            Path from = path;
            closeChannel();
            try {
                // No ATOMIC_MOVE: on POSIX it silently replaces an existing target; a plain move refuses to.
                Files.move(from, target);
            } catch (FileAlreadyExistsException e) {
                channel = open(from);
                throw new GatewayException(GatewayErrorCode.CONFLICT,
                        "target: " + target.getFileName() + " (expected: a name not in use)");
            } catch (IOException e) {
                channel = open(from);
                throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: move failed", e);
            }
            channel = open(target);
            path = target;
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Closes the file; the content is then unusable. Idempotent. Waits for running I/O. */
    @Override
    public void close() {
        io.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeChannel();
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Blocks for {@code size} bytes: {@code 0} while the size is unknown, the last block possibly short. */
    static long blockCount(long size) {
        return size <= 0 ? 0 : (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** Exclusive end offset of block {@code index}; the last block ends at the size. */
    private long blockEnd(int index) {
        return Math.min((long) index * BLOCK_SIZE + BLOCK_SIZE, size);
    }

    /** Records {@code [start, end)} as written. Caller holds {@link #lock}. */
    private void addWritten(long start, long end) {
        int first = (int) (start / BLOCK_SIZE);
        int last = (int) ((end - 1) / BLOCK_SIZE);
        addWrittenInBlock(first, start, end);
        if (last == first) {
            return;
        }
        addWrittenInBlock(last, start, end);
        if (last > first + 1) {
            // The blocks between the first and the last are covered whole.
            written.set(first + 1, last);
            partial.keySet().removeIf(b -> b > first && b < last);
        }
    }

    private void addWrittenInBlock(int block, long start, long end) {
        if (written.get(block)) {
            return;
        }
        long blockStart = (long) block * BLOCK_SIZE;
        long blockEnd = blockEnd(block);
        long from = Math.max(start, blockStart);
        long to = Math.min(end, blockEnd);
        ByteRangeSet ranges = partial.get(block);
        if (ranges == null) {
            if (from == blockStart && to == blockEnd) {
                written.set(block);
                return;
            }
            ranges = new ByteRangeSet();
            // Verified bytes are never rewritten, so they must count towards the block from the start.
            for (ByteRange r : verifiedAny.intersect(blockStart, blockEnd)) {
                ranges.add(r.start(), r.end());
            }
            partial.put(block, ranges);
            evictPartial();
        }
        ranges.add(from, to);
        if (ranges.contains(blockStart, blockEnd)) {
            written.set(block);
            partial.remove(block);
        }
    }

    private void evictPartial() {
        Iterator<Integer> oldest = partial.keySet().iterator();
        while (partial.size() > MAX_PARTIAL_BLOCKS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Forgets {@code drop}'s bytes in every block it touches, marking those blocks in {@code touched}. */
    private void dropWritten(ByteRange drop, BitSet touched) {
        int first = (int) (drop.start() / BLOCK_SIZE);
        int last = (int) ((drop.end() - 1) / BLOCK_SIZE);
        for (int block = first; block <= last; block++) {
            long blockStart = (long) block * BLOCK_SIZE;
            long blockEnd = blockEnd(block);
            long from = Math.max(drop.start(), blockStart);
            long to = Math.min(drop.end(), blockEnd);
            if (written.get(block)) {
                written.clear(block);
                touched.set(block);
                ByteRangeSet kept = new ByteRangeSet();
                kept.add(blockStart, blockEnd);
                kept.remove(from, to);
                if (!kept.isEmpty()) {
                    partial.put(block, kept);
                    evictPartial();
                }
            } else {
                ByteRangeSet ranges = partial.get(block);
                if (ranges != null && ranges.remove(from, to) > 0) {
                    touched.set(block);
                    if (ranges.isEmpty()) {
                        partial.remove(block);
                    }
                }
            }
        }
    }

    /** Forgets state past the file's physical end (truncated by someone else). */
    private void forgetBeyond(long fileLength) {
        synchronized (lock) {
            if (size < 0 || fileLength >= size) {
                return;
            }
            int firstLost = (int) (fileLength / BLOCK_SIZE);
            written.clear(firstLost, (int) blockCount(size));
            verifiedAny.remove(fileLength, size);
            verifiedBy.values().forEach(set -> set.remove(fileLength, size));
            verifiedBy.values().removeIf(ByteRangeSet::isEmpty);
        }
    }

    private void checkRange(long offset, long length) {
        if (size < 0) {
            throw GatewayException.invalid("offset", offset, "a known size first (metadata pending)");
        }
        if (offset < 0 || offset > size - length) {
            throw GatewayException.invalid("offset", offset,
                    "0.." + (size - length) + " for " + length + " bytes of content sized " + size);
        }
    }

    private void checkUnit(VerificationUnit unit) {
        if (size < 0 || unit.end() > size) {
            throw GatewayException.invalid("unit", unit.kind() + " " + unit.index() + " [" + unit.offset() + ", "
                    + unit.end() + ")", size < 0 ? "a known size first" : "within size " + size);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new GatewayException(GatewayErrorCode.UNAVAILABLE,
                    "transfer: " + transfer + " (expected: storage open, not closed)");
        }
    }

    private static void requireTransfer(TransferId transfer) {
        if (transfer == null) {
            throw GatewayException.invalid("transfer", null, "a TransferId");
        }
    }

    private static FileChannel open(Path file, OpenOption... extra) {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
        options.addAll(List.of(extra));
        try {
            return FileChannel.open(file, options.toArray(new OpenOption[0]));
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound("partial file", file.getFileName());
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: cannot open " + file.getFileName(), e);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: close failed", e);
        }
    }

    private interface ChannelOp {
        int run(FileChannel channel) throws IOException;
    }

    /**
     * Runs {@code op}, which must be repeatable (absolute positions only). FileChannel closes itself for every user
     * when one thread is interrupted mid-I/O; the others then see an asynchronous close, reopen and retry.
     */
    private int io(ChannelOp op) {
        for (int attempt = 1; ; attempt++) {
            FileChannel current = channel;
            try {
                return op.run(current);
            } catch (ClosedByInterruptException e) {
                reopen(current);
                throw new GatewayException(GatewayErrorCode.UNAVAILABLE,
                        "transfer: " + transfer + " (expected: I/O not interrupted)", e); // interrupt status stays set
            } catch (ClosedChannelException e) {
                // Includes AsynchronousCloseException: another thread's interrupt closed the shared channel.
                if (closed || attempt == IO_ATTEMPTS) {
                    ensureOpen();
                    throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: channel keeps closing", e);
                }
                reopen(current);
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: I/O failed on " + path.getFileName(),
                        e);
            }
        }
    }

    private void reopen(FileChannel failed) {
        synchronized (reopenLock) {
            if (channel == failed && !closed) {
                channel = open(path);
            }
        }
    }
}
