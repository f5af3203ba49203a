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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.TransferId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer's content in one or more files, written by any number of networks at once, each verifying with its own
 * units.
 *
 * <p>Layout: the content is one flat byte space (what {@link StoredContent} shows to networks); a multi-file torrent
 * lays it over its files in order ({@link StoredFile}: path, length, offset). A write or read spanning a file boundary
 * is split between the files; zero-length files exist on disk but hold no bytes. Single-file content is the one-file
 * layout. Magnet content starts as one placeholder file of unknown size and gets its layout with {@link #setSize}
 * (one file) or {@link #setLayout} (several) before any data arrives.
 *
 * <p>Bookkeeping, over the flat byte space: a bitmap of fully written {@link #BLOCK_SIZE} blocks; for blocks written
 * only in part (eD2k sends 10,240-byte chunks, Gnutella arbitrary HTTP ranges) the written ranges inside the block,
 * until they join up; per network its verified ranges, plus their union. Bytes inside the union are never written
 * again, whichever network offers them. Units need not align with blocks or files: a unit boundary inside a block
 * verifies only its side of the block, and a unit (a BitTorrent piece) may span several files.
 *
 * <p>Files are sparse (nothing preallocated) and normally carry the {@link ContentPaths#PART_SUFFIX} name until
 * {@link #finish()} (or {@link #moveTo} for one file) gives them their final names. A snapshot ({@link #snapshot()})
 * is durable: the data it describes is forced to disk before it returns. At most {@link #MAX_OPEN_FILES} files are
 * open at once; others are opened when touched.
 *
 * <p>Thread-safe. Writes and reads run in parallel (positional I/O on each file's {@link FileChannel}); verification,
 * {@link #setSize}, {@link #setLayout}, {@link #finish}, {@link #moveTo} and {@link #close} wait for them and exclude
 * them, so that once {@link #markVerified} returns no later write can change the range. I/O blocks: never call on an
 * event loop. An interrupted caller gets an exception with its interrupt status kept; the channel its interrupt
 * closed is reopened for everyone else.
 */
public final class FileStoredContent implements StoredContent, AutoCloseable {
    /** Largest size whose block count still fits an int (32 TiB). */
    public static final long MAX_SIZE = (long) Integer.MAX_VALUE * BLOCK_SIZE;
    /** Most files in one layout (as many as a torrent may list). */
    public static final int MAX_FILES = 100_000;
    /** Most file channels open at once per content; a torrent of thousands of files must not exhaust descriptors. */
    static final int MAX_OPEN_FILES = 32;
    /**
     * Most blocks tracked as partly written. Beyond it the oldest partial block forgets its progress (its bytes are
     * fetched again): with 16 KiB blocks this is 256 MiB of scattered, incomplete blocks, far above what the networks
     * have in flight, so it only bounds memory against a hostile source.
     */
    static final int MAX_PARTIAL_BLOCKS = 16_384;
    private static final int IO_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(FileStoredContent.class);

    private final TransferId transfer;
    /** Excludes verification, resizing and moving from running I/O (which shares the read side). */
    private final ReadWriteLock io = new ReentrantReadWriteLock();
    /** Guards the bookkeeping below; held briefly, never during I/O. */
    private final Object lock = new Object();
    /** Guards opening, evicting and reopening channels ({@link #open} list and each slot's channel). */
    private final Object channels = new Object();
    /** Open slots, least recently opened first. Guarded by {@link #channels}. */
    private final ArrayDeque<Slot> open = new ArrayDeque<>();
    /** The files in content order; replaced only under the write side of {@link #io}. */
    private volatile List<Slot> slots;
    private volatile boolean closed;

    private long size;
    private final BitSet written;
    /** Block index → written ranges (absolute offsets) of blocks not yet complete; insertion order for eviction. */
    private final LinkedHashMap<Integer, ByteRangeSet> partial = new LinkedHashMap<>();
    private final Map<NetworkId, ByteRangeSet> verifiedBy = new HashMap<>();
    private final ByteRangeSet verifiedAny = new ByteRangeSet();

    private FileStoredContent(TransferId transfer, List<Slot> slots, ResumeState state) {
        this.transfer = transfer;
        this.slots = slots;
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
     * Starts single-file content with nothing written, in {@code file} (created, or emptied if it exists). Its final
     * name for {@link #finish()} is {@code file} without {@link ContentPaths#PART_SUFFIX}.
     *
     * @param size bytes, or {@code -1} until known ({@link #setSize} or {@link #setLayout})
     */
    public static FileStoredContent create(TransferId transfer, Path file, long size) {
        requireTransfer(transfer);
        ResumeState state = ResumeState.empty(size);
        createEmpty(file);
        return new FileStoredContent(transfer, List.of(new Slot(finalName(file), file, size, 0)), state);
    }

    /**
     * Starts content laid out over {@code layout} with nothing written: every part file is created (or emptied).
     *
     * @throws GatewayException INVALID_ARGUMENT when the layout is empty, has gaps or overlaps, repeats a path or
     *                          exceeds {@link #MAX_SIZE}
     */
    public static FileStoredContent create(TransferId transfer, List<StoredFile> layout) {
        requireTransfer(transfer);
        long total = checkLayout(layout);
        for (StoredFile f : layout) {
            createEmpty(f.partFile());
        }
        return new FileStoredContent(transfer, slotsOf(layout), ResumeState.empty(total));
    }

    /**
     * Resumes single-file content from a {@link #snapshot()} without re-checking anything: the snapshot only
     * describes data that was forced to disk. Blocks and verified ranges beyond the file's length (file truncated
     * behind our back) are forgotten, so they are fetched again rather than served as zeros.
     *
     * @throws GatewayException NOT_FOUND when the file no longer exists
     */
    public static FileStoredContent restore(TransferId transfer, Path file, ResumeState state) {
        requireTransfer(transfer);
        return resume(transfer, List.of(new Slot(finalName(file), file, state.size(), 0)), state);
    }

    /**
     * Resumes laid-out content from a {@link #snapshot()} without re-checking anything, the files at their part
     * paths. As for one file, what lies beyond a file's length on disk is forgotten.
     *
     * @throws GatewayException INVALID_ARGUMENT for a bad layout or one whose size is not the state's; NOT_FOUND when
     *                          a part file no longer exists
     */
    public static FileStoredContent restore(TransferId transfer, List<StoredFile> layout, ResumeState state) {
        requireTransfer(transfer);
        long total = checkLayout(layout);
        if (state.size() != total) {
            throw GatewayException.invalid("resumeData.size", state.size(), "the layout's size " + total);
        }
        return resume(transfer, slotsOf(layout), state);
    }

    private static FileStoredContent resume(TransferId transfer, List<Slot> slots, ResumeState state) {
        long[] lengths = new long[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Path file = slots.get(i).path;
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isRegularFile()) {
                    throw GatewayException.notFound("partial file", file.getFileName());
                }
                lengths[i] = attributes.size();
            } catch (NoSuchFileException e) {
                throw GatewayException.notFound("partial file", file.getFileName());
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: cannot read file length", e);
            }
        }
        FileStoredContent content = new FileStoredContent(transfer, slots, state);
        for (int i = 0; i < slots.size(); i++) {
            content.forgetBeyond(slots.get(i), lengths[i]);
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

    /** The file currently holding the content; with several files, the first one. */
    public Path path() {
        return slots.get(0).path;
    }

    /** Where each file's data is now (part or final path), in content order. */
    public List<Path> paths() {
        return slots.stream().map(s -> s.path).toList();
    }

    /** The files in content order with their final and part paths; one file for single-file content. */
    public List<StoredFile> layout() {
        return slots.stream().map(s -> new StoredFile(s.finalPath, s.partPath, Math.max(s.length, 0), s.offset))
                .toList();
    }

    /**
     * Sets the size once it becomes known (magnet metadata arrived) for single-file content. Engine-internal; setting
     * the same size again is a no-op.
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
            Slot only = slots.get(0);
            only.length = newSize;
            io(only, channel -> {
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
     * Lays the content out over {@code layout} once the file list is known (a magnet's metadata describes several
     * files). Engine-internal. Allowed only before any data is written or verified, and only when the size is unknown
     * or equals the layout's; every part file is created and the placeholder file the content was created with is
     * deleted (it holds nothing). Setting the same layout again is a no-op.
     *
     * @throws GatewayException INVALID_ARGUMENT for a bad layout; CONFLICT when data was written already, the known
     *                          size differs, or a different layout is set
     */
    public void setLayout(List<StoredFile> layout) {
        long total = checkLayout(layout);
        io.writeLock().lock();
        try {
            ensureOpen();
            if (layout().equals(layout)) {
                return;
            }
            synchronized (lock) {
                if (!written.isEmpty() || !partial.isEmpty() || !verifiedAny.isEmpty()) {
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "layout: " + layout.size() + " files (expected: set before any data is written)");
                }
                if (size != -1 && size != total) {
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "layout: " + total + " bytes (expected: the known size " + size + ")");
                }
                if (slots.size() > 1) {
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "layout: " + layout.size() + " files (expected: the layout already set, "
                                    + slots.size() + " files)");
                }
            }
            for (StoredFile f : layout) {
                createEmpty(f.partFile());
            }
            List<Slot> old = slots;
            closeChannels();
            Set<Path> kept = new HashSet<>();
            layout.forEach(f -> kept.add(f.partFile()));
            for (Slot s : old) {
                if (!kept.contains(s.path)) {
                    Files.deleteIfExists(s.path);
                }
            }
            slots = slotsOf(layout);
            synchronized (lock) {
                size = total;
            }
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: cannot remove the placeholder file", e);
        } finally {
            io.writeLock().unlock();
        }
    }

    /**
     * {@inheritDoc} Bytes inside a range any network verified are skipped silently; the rest is written and counted
     * towards its blocks, split between files where the range crosses a file boundary. {@code src} is consumed (its
     * position moves to its limit).
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
            List<Slot> files = slots;
            for (ByteRange gap : gaps) {
                for (int i = slotAt(files, gap.start()); i < files.size(); i++) {
                    Slot slot = files.get(i);
                    long from = Math.max(gap.start(), slot.offset);
                    long to = Math.min(gap.end(), slot.end());
                    if (from >= gap.end()) {
                        break;
                    }
                    if (from >= to) {
                        continue; // an empty file between two others
                    }
                    int bufferFrom = src.position() + (int) (from - offset);
                    int bufferTo = bufferFrom + (int) (to - from);
                    slot.dirty = true;
                    io(slot, channel -> {
                        ByteBuffer part = src.duplicate().limit(bufferTo).position(bufferFrom);
                        long position = from - slot.offset;
                        while (part.hasRemaining()) {
                            position += channel.write(part, position);
                        }
                        return 0;
                    });
                }
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
     * {@inheritDoc} Bytes never written read as zeros, except past a file's current end on disk (a sparse tail
     * nothing was written to yet), where reading stops: the count returned is then less than requested. A read
     * spanning files continues into the next file only once the previous one was read to its length.
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
            int total = 0;
            List<Slot> files = slots;
            for (int i = slotAt(files, offset); i < files.size() && total < length; i++) {
                Slot slot = files.get(i);
                long from = Math.max(offset + total, slot.offset);
                long to = Math.min(offset + length, slot.end());
                if (from >= to) {
                    continue;
                }
                int bufferFrom = start + total;
                int wanted = (int) (to - from);
                int read = io(slot, channel -> {
                    ByteBuffer into = dst.duplicate().limit(bufferFrom + wanted).position(bufferFrom);
                    int n = 0;
                    while (into.hasRemaining()) {
                        int r = channel.read(into, from - slot.offset + n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                    return n;
                });
                total += read;
                if (read < wanted) {
                    break;
                }
            }
            dst.position(start + total);
            return total;
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

    /**
     * Verified bytes inside each of the byte ranges {@code [starts[i], ends[i])}, e.g. the files of a layout: sorted,
     * non-overlapping ranges. Reads the merged verified ranges only (never the block map), so a status poll over a
     * torrent of many files stays cheap.
     *
     * @throws IllegalArgumentException when the ranges are not sorted or overlap
     */
    public long[] bytesVerifiedWithin(long[] starts, long[] ends) {
        synchronized (lock) {
            return verifiedAny.coveredWithin(starts, ends);
        }
    }

    /**
     * Bytes written, to the byte: whole blocks (the last with its real length), the written ranges of partly written
     * blocks, and verified bytes in blocks whose partial progress was forgotten. Never below {@link #bytesVerified()}:
     * an eD2k part ends inside a 16 KiB block, so counting whole blocks only would report less written than verified.
     * 0 while the size is unknown.
     */
    public long bytesWritten() {
        synchronized (lock) {
            if (size <= 0) {
                return 0;
            }
            long bytes = (long) written.cardinality() * BLOCK_SIZE;
            long blocks = blockCount(size);
            if (written.get((int) blocks - 1)) {
                bytes -= blocks * BLOCK_SIZE - size;
            }
            for (ByteRangeSet ranges : partial.values()) {
                bytes += ranges.covered();
            }
            for (ByteRange r : verifiedAny.ranges()) {
                bytes += verifiedOutsideTrackedBlocks(r);
            }
            return bytes;
        }
    }

    /** Bytes of verified range {@code r} in blocks neither fully written nor tracked as partly written. */
    private long verifiedOutsideTrackedBlocks(ByteRange r) {
        int first = (int) (r.start() / BLOCK_SIZE);
        int last = (int) ((r.end() - 1) / BLOCK_SIZE);
        long bytes = 0;
        for (int b = written.nextClearBit(first); b <= last; b = written.nextClearBit(b + 1)) {
            if (!partial.containsKey(b)) {
                bytes += Math.min(r.end(), blockEnd(b)) - Math.max(r.start(), (long) b * BLOCK_SIZE);
            }
        }
        return bytes;
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
     * A durable snapshot for resuming: forces every file written since the last snapshot to disk after capturing the
     * state, so everything the snapshot claims is on disk when it returns. Progress inside partly written blocks is
     * not included. The layout is not part of it: the engine stores that beside it.
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
            for (Slot slot : slots) {
                if (slot.dirty) {
                    slot.dirty = false; // cleared first: a write racing with the force marks it again
                    io(slot, channel -> {
                        channel.force(false);
                        return 0;
                    });
                }
            }
            return state;
        } finally {
            io.readLock().unlock();
        }
    }

    /**
     * Renames single-file content (e.g. from its part name to its final name, once complete) and keeps serving from
     * there.
     *
     * @throws GatewayException CONFLICT when {@code target} already exists (the content then stays where it was) or
     *                          the content has several files ({@link #finish()} renames those)
     */
    public void moveTo(Path target) {
        io.writeLock().lock();
        try {
            ensureOpen();
            if (slots.size() != 1) {
                throw new GatewayException(GatewayErrorCode.CONFLICT,
                        "files: " + slots.size() + " (expected: one file to move; finish() renames a layout)");
            }
            Slot slot = slots.get(0);
            closeChannels();
            move(slot.path, target);
            slot.path = target;
            slot.finalPath = target;
        } finally {
            io.writeLock().unlock();
        }
    }

    /**
     * Gives every file its final name (once complete) and keeps serving from there. All or nothing: when any final
     * name is taken nothing is renamed; when a rename fails midway the files already renamed are moved back. A plain
     * move, never one that replaces: an existing file of the final name is never overwritten. Files already at their
     * final name are left alone, so calling it again is a no-op.
     *
     * @throws GatewayException CONFLICT naming the first final name in use; INTERNAL when a rename fails otherwise
     */
    public void finish() {
        io.writeLock().lock();
        try {
            ensureOpen();
            List<Slot> pending = slots.stream().filter(s -> !s.path.equals(s.finalPath)).toList();
            for (Slot slot : pending) {
                if (Files.exists(slot.finalPath, LinkOption.NOFOLLOW_LINKS)) {
                    throw taken(slot.finalPath);
                }
            }
            closeChannels();
            List<Slot> moved = new ArrayList<>();
            try {
                for (Slot slot : pending) {
                    move(slot.path, slot.finalPath);
                    moved.add(slot);
                }
            } catch (GatewayException e) {
                for (int i = moved.size() - 1; i >= 0; i--) {
                    Slot slot = moved.get(i);
                    try {
                        Files.move(slot.finalPath, slot.path);
                    } catch (IOException back) {
                        e.addSuppressed(back);
                    }
                }
                throw e;
            }
            pending.forEach(s -> s.path = s.finalPath);
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Closes the files; the content is then unusable. Idempotent. Waits for running I/O. */
    @Override
    public void close() {
        io.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeChannels();
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

    /** Forgets state past {@code slot}'s physical end (truncated by someone else, or never written). */
    private void forgetBeyond(Slot slot, long fileLength) {
        synchronized (lock) {
            if (size < 0 || slot.length < 0 || fileLength >= slot.length) {
                return;
            }
            long lostStart = slot.offset + fileLength;
            long lostEnd = slot.end();
            written.clear((int) (lostStart / BLOCK_SIZE), (int) ((lostEnd - 1) / BLOCK_SIZE) + 1);
            verifiedAny.remove(lostStart, lostEnd);
            verifiedBy.values().forEach(set -> set.remove(lostStart, lostEnd));
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

    /**
     * Checks that {@code layout} covers {@code [0, total)} with no gap or overlap and names every path once; returns
     * the total.
     */
    private static long checkLayout(List<StoredFile> layout) {
        if (layout == null || layout.isEmpty() || layout.size() > MAX_FILES) {
            throw GatewayException.invalid("layout", layout == null ? null : layout.size() + " files",
                    "1.." + MAX_FILES + " files");
        }
        long end = 0;
        Set<Path> paths = new HashSet<>();
        for (int i = 0; i < layout.size(); i++) {
            StoredFile f = layout.get(i);
            if (f == null) {
                throw GatewayException.invalid("layout[" + i + "]", null, "a file");
            }
            if (f.offset() != end) {
                throw GatewayException.invalid("layout[" + i + "].offset", f.offset(),
                        end + ", where the previous file ends");
            }
            if (f.length() > MAX_SIZE - end) {
                throw GatewayException.invalid("layout[" + i + "].length", f.length(), "a total of at most " + MAX_SIZE);
            }
            end += f.length();
            Path part = f.partFile().toAbsolutePath().normalize();
            Path file = f.file().toAbsolutePath().normalize();
            if (!paths.add(part) || (!file.equals(part) && !paths.add(file))) {
                throw GatewayException.invalid("layout[" + i + "].file", f.file().getFileName(),
                        "a path no other file of the layout uses");
            }
        }
        return end;
    }

    private static List<Slot> slotsOf(List<StoredFile> layout) {
        return layout.stream().map(f -> new Slot(f.file(), f.partFile(), f.length(), f.offset())).toList();
    }

    /** {@code file} without the part suffix: the name single-file content gets from {@link #finish()}. */
    private static Path finalName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ContentPaths.PART_SUFFIX) && name.length() > ContentPaths.PART_SUFFIX.length()
                ? file.resolveSibling(name.substring(0, name.length() - ContentPaths.PART_SUFFIX.length())) : file;
    }

    /** Index of the file holding byte {@code position} (the last file starting at or before it). */
    private static int slotAt(List<Slot> files, long position) {
        int low = 0;
        int high = files.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (files.get(mid).offset <= position) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static void createEmpty(Path file) {
        try {
            open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING).close();
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: cannot create " + file.getFileName(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            // No ATOMIC_MOVE: on POSIX it silently replaces an existing target; a plain move refuses to.
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw taken(to);
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: move failed", e);
        }
    }

    private static GatewayException taken(Path target) {
        return new GatewayException(GatewayErrorCode.CONFLICT,
                "target: " + target.getFileName() + " (expected: a name not in use)");
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

    /** Closes every open channel; they reopen when next used. Caller holds the write side of {@link #io}. */
    private void closeChannels() {
        synchronized (channels) {
            IOException failure = null;
            for (Slot slot : open) {
                try {
                    slot.channel.close();
                } catch (IOException e) {
                    failure = e;
                }
                slot.channel = null;
            }
            open.clear();
            if (failure != null) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: close failed", failure);
            }
        }
    }

    /** {@code slot}'s channel, opened now if needed; the least recently opened other one closes beyond the cap. */
    private FileChannel channel(Slot slot) {
        synchronized (channels) {
            ensureOpen();
            FileChannel current = slot.channel;
            if (current != null) {
                return current;
            }
            while (open.size() >= MAX_OPEN_FILES) {
                Slot oldest = open.removeFirst();
                FileChannel evicted = oldest.channel;
                oldest.channel = null;
                try {
                    evicted.close(); // a thread still using it sees an asynchronous close and retries
                } catch (IOException e) {
                    LOG.debug("closing {} failed: {}", oldest.path.getFileName(), e.getMessage());
                }
            }
            slot.channel = open(slot.path);
            open.addLast(slot);
            return slot.channel;
        }
    }

    private interface ChannelOp {
        int run(FileChannel channel) throws IOException;
    }

    /**
     * Runs {@code op} on {@code slot}'s file; it must be repeatable (absolute positions only). FileChannel closes
     * itself for every user when one thread is interrupted mid-I/O, and eviction closes channels too; the others then
     * see an asynchronous close, reopen and retry.
     */
    private int io(Slot slot, ChannelOp op) {
        for (int attempt = 1; ; attempt++) {
            FileChannel current = channel(slot);
            try {
                return op.run(current);
            } catch (ClosedByInterruptException e) {
                forget(slot, current);
                throw new GatewayException(GatewayErrorCode.UNAVAILABLE,
                        "transfer: " + transfer + " (expected: I/O not interrupted)", e); // interrupt status stays set
            } catch (ClosedChannelException e) {
                // Includes AsynchronousCloseException: another thread's interrupt or an eviction closed the channel.
                if (closed || attempt == IO_ATTEMPTS) {
                    ensureOpen();
                    throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: channel keeps closing", e);
                }
                forget(slot, current);
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "storage: I/O failed on "
                        + slot.path.getFileName(), e);
            }
        }
    }

    /** Drops {@code failed} (closed under us) so that the next use opens the file again. */
    private void forget(Slot slot, FileChannel failed) {
        synchronized (channels) {
            if (slot.channel == failed) {
                slot.channel = null;
                open.remove(slot);
            }
        }
    }

    /** One file of the layout. Paths and length change only under the write side of {@link #io}. */
    private static final class Slot {
        final long offset;
        final Path partPath;
        volatile Path finalPath;
        volatile Path path;
        /** {@code -1} for the placeholder of content whose size is unknown. */
        volatile long length;
        /** Guarded by {@link #channels}. */
        FileChannel channel;
        /** Written since the last snapshot forced it. */
        volatile boolean dirty;

        Slot(Path finalPath, Path partPath, long length, long offset) {
            this.finalPath = finalPath;
            this.partPath = partPath;
            this.path = partPath;
            this.length = length;
            this.offset = offset;
        }

        long end() {
            return offset + length;
        }
    }
}
