package org.crossnet.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.TransferId;

/**
 * A {@link StoredContent} in a byte array, with the semantics the SPI's Javadoc states: written data is tracked
 * per byte and reported per {@link #BLOCK_SIZE} block; verified ranges are never overwritten nor dropped;
 * {@link #markCorrupt} drops every block of the unit that holds no verified byte. Stricter than the engine's store
 * where the SPI leaves room, so adapter bugs surface in tests: {@link #write} must fit inside the content,
 * {@link #markVerified} needs its whole range written first. Every call is logged in the {@link CallLog} under the
 * target {@code stored-content}. Thread-safe.
 */
public final class InMemoryStoredContent implements StoredContent {
    /** Largest size an in-memory store holds. */
    public static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final TransferId transfer;
    private final CallLog log;
    private final byte[] data;
    private final Ranges written = new Ranges();
    private final Ranges verified = new Ranges();
    private final List<VerificationUnit> verifiedUnits = new ArrayList<>();
    private final List<VerificationUnit> corruptUnits = new ArrayList<>();

    /**
     * A store of known size; the in-memory store does not model content of unknown size.
     *
     * @throws IllegalArgumentException when {@code size} is negative or above {@link #MAX_SIZE}
     */
    public InMemoryStoredContent(TransferId transfer, long size, CallLog log) {
        if (transfer == null || log == null) {
            throw new IllegalArgumentException("transfer/log: null (expected: both present)");
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size: " + size + " (expected: 0.." + MAX_SIZE + " for an in-memory store)");
        }
        this.transfer = transfer;
        this.log = log;
        this.data = new byte[(int) size];
    }

    @Override
    public TransferId transfer() {
        log.record("stored-content", "transfer");
        return transfer;
    }

    @Override
    public long size() {
        log.record("stored-content", "size");
        return data.length;
    }

    @Override
    public int blockCount() {
        log.record("stored-content", "blockCount");
        return blocks();
    }

    @Override
    public synchronized BitSet writtenBlocks() {
        log.record("stored-content", "writtenBlocks");
        BitSet set = new BitSet(blocks());
        for (int i = 0; i < blocks(); i++) {
            if (written.covers(blockStart(i), blockEnd(i))) {
                set.set(i);
            }
        }
        return set;
    }

    /** Copies the bytes between position and limit to {@code offset}, skipping verified bytes; consumes {@code src}. */
    @Override
    public synchronized void write(long offset, ByteBuffer src) {
        log.record("stored-content", "write");
        int length = src.remaining();
        checkRange("write", offset, length);
        byte[] bytes = new byte[length];
        src.get(bytes);
        for (long[] gap : verified.gaps(offset, offset + length)) {
            System.arraycopy(bytes, (int) (gap[0] - offset), data, (int) gap[0], (int) (gap[1] - gap[0]));
            written.add(gap[0], gap[1]);
        }
    }

    /**
     * Reads up to the end of the content; unwritten bytes read as zero, as from a sparse file.
     *
     * @throws GatewayException INVALID_ARGUMENT when {@code offset} lies outside 0..size
     */
    @Override
    public synchronized int read(long offset, ByteBuffer dst) {
        log.record("stored-content", "read");
        if (offset < 0 || offset > data.length) {
            throw GatewayException.invalid("offset", offset, "0.." + data.length);
        }
        int n = (int) Math.min(dst.remaining(), data.length - offset);
        dst.put(data, (int) offset, n);
        return n;
    }

    @Override
    public synchronized void markVerified(VerificationUnit unit) {
        log.record("stored-content", "markVerified");
        checkUnit(unit);
        if (!written.covers(unit.offset(), unit.end())) {
            throw GatewayException.invalid("unit", unit, "a range fully written before it is marked verified");
        }
        verified.add(unit.offset(), unit.end());
        verifiedUnits.add(unit);
    }

    @Override
    public synchronized int markCorrupt(VerificationUnit unit) {
        log.record("stored-content", "markCorrupt");
        checkUnit(unit);
        corruptUnits.add(unit);
        int dropped = 0;
        int first = (int) (unit.offset() / BLOCK_SIZE);
        int last = (int) ((unit.end() - 1) / BLOCK_SIZE);
        for (int i = first; i <= last; i++) {
            long start = blockStart(i);
            long end = blockEnd(i);
            // Verified data is never discarded: a block holding any verified byte stays.
            if (!verified.intersects(start, end) && written.intersects(start, end)) {
                written.remove(start, end);
                Arrays.fill(data, (int) start, (int) end, (byte) 0);
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public synchronized boolean isVerified(long offset, long length) {
        log.record("stored-content", "isVerified");
        if (offset < 0 || length < 0) {
            throw GatewayException.invalid("range", offset + "+" + length, "offset >= 0 and length >= 0");
        }
        return verified.covers(offset, offset + length);
    }

    @Override
    public synchronized long bytesVerified() {
        log.record("stored-content", "bytesVerified");
        return verified.total();
    }

    /** A copy of the content as stored now (not logged: for test assertions). */
    public synchronized byte[] data() {
        return data.clone();
    }

    /** Bytes written and not dropped (not logged). */
    public synchronized long bytesWritten() {
        return written.total();
    }

    /** Bytes verified (not logged: for test assertions and polling). */
    public synchronized long verifiedBytes() {
        return verified.total();
    }

    /** Every unit reported verified, in order (not logged). */
    public synchronized List<VerificationUnit> verifiedUnits() {
        return List.copyOf(verifiedUnits);
    }

    /** Every unit reported corrupt, in order (not logged). */
    public synchronized List<VerificationUnit> corruptUnits() {
        return List.copyOf(corruptUnits);
    }

    private int blocks() {
        return (int) ((data.length + (long) BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    private long blockStart(int index) {
        return (long) index * BLOCK_SIZE;
    }

    private long blockEnd(int index) {
        return Math.min(data.length, blockStart(index) + BLOCK_SIZE);
    }

    private void checkRange(String field, long offset, long length) {
        if (offset < 0 || offset + length > data.length) {
            throw GatewayException.invalid(field, offset + "+" + length, "a range within 0.." + data.length);
        }
    }

    private void checkUnit(VerificationUnit unit) {
        if (unit == null) {
            throw GatewayException.invalid("unit", null, "a VerificationUnit");
        }
        if (unit.end() > data.length) {
            throw GatewayException.invalid("unit", unit, "a range within 0.." + data.length);
        }
    }
}
