package org.crossnet.adapter.gnutella.qrp;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.crossnet.adapter.gnutella.codec.RouteTableUpdate;

/**
 * Applies the RESET and PATCH messages one connection sends us to the table we keep for it. Patch data is inflated
 * as it arrives (a sequence may span messages), never beyond what the table can hold, so a zlib bomb stops at the
 * table's size. Entries of 4 or 8 bits are signed deltas (below zero: present; above: absent); entries of 1 bit
 * toggle a slot (gtk-gnutella's QRP1 patches). Not thread-safe; owned by the connection's event loop.
 *
 * @see <a href="https://github.com/gtk-gnutella/gtk-gnutella/blob/devel/doc/gnutella/QRP">QRP 1.0, section 4</a>
 */
public final class RouteTableReceiver {
    private final int maxBits;
    private QueryRouteTable table;
    private boolean complete;
    private int expectedSeq = 1;
    private int seqSize;
    private int entryBits;
    private int compressor;
    private Inflater inflater;
    private long position;
    private int patches;

    /** @param maxBits largest table accepted, 2^maxBits slots */
    public RouteTableReceiver(int maxBits) {
        this.maxBits = Math.min(maxBits, QueryRouteTable.MAX_BITS);
    }

    /** The table so far; null before the first RESET. */
    public QueryRouteTable table() {
        return table;
    }

    /** Whether a whole patch sequence has been applied since the last RESET. */
    public boolean complete() {
        return complete;
    }

    /** Patch sequences completed since the last RESET. */
    public int patchesApplied() {
        return patches;
    }

    /**
     * Applies one update.
     *
     * @return true when it completed a patch sequence (the table changed and is whole)
     * @throws QrpException when the update cannot be applied; the connection cannot recover from it
     */
    public boolean apply(RouteTableUpdate update) {
        if (update instanceof RouteTableUpdate.Reset reset) {
            reset(reset);
            return false;
        }
        return patch((RouteTableUpdate.Patch) update);
    }

    private void reset(RouteTableUpdate.Reset reset) {
        long length = reset.tableLength();
        int bits = Long.numberOfTrailingZeros(length);
        if (length <= 0 || Long.bitCount(length) != 1 || bits < QueryRouteTable.MIN_BITS || bits > maxBits) {
            throw new QrpException("qrp.reset.tableLength", length, "a power of two, 2^" + QueryRouteTable.MIN_BITS
                    + "..2^" + maxBits);
        }
        if (reset.infinity() < 1) {
            throw new QrpException("qrp.reset.infinity", reset.infinity(), "1..255");
        }
        endSequence();
        table = new QueryRouteTable(bits);
        complete = false;
        patches = 0;
    }

    private boolean patch(RouteTableUpdate.Patch patch) {
        if (table == null) {
            throw new QrpException("qrp.patch", "before any reset", "a RESET first");
        }
        if (patch.sequenceNumber() == 1 && expectedSeq != 1) {
            // gtk-gnutella starts a new sequence without a RESET when its table changes; an unfinished one is lost.
            throw new QrpException("qrp.patch.sequenceNumber", "1 while " + expectedSeq + " was due",
                    "the sequence to finish first");
        }
        if (patch.sequenceNumber() != expectedSeq) {
            throw new QrpException("qrp.patch.sequenceNumber", patch.sequenceNumber(), String.valueOf(expectedSeq));
        }
        if (expectedSeq == 1) {
            if (patch.sequenceSize() < 1) {
                throw new QrpException("qrp.patch.sequenceSize", patch.sequenceSize(), "1..255");
            }
            if (patch.entryBits() != 1 && patch.entryBits() != 4 && patch.entryBits() != 8) {
                throw new QrpException("qrp.patch.entryBits", patch.entryBits(), "1, 4 or 8");
            }
            if (patch.compressor() != RouteTableUpdate.COMPRESSOR_NONE
                    && patch.compressor() != RouteTableUpdate.COMPRESSOR_ZLIB) {
                throw new QrpException("qrp.patch.compressor", patch.compressor(), "0 (none) or 1 (zlib)");
            }
            seqSize = patch.sequenceSize();
            entryBits = patch.entryBits();
            compressor = patch.compressor();
            position = 0;
            if (compressor == RouteTableUpdate.COMPRESSOR_ZLIB) {
                inflater = new Inflater();
            }
        } else if (patch.sequenceSize() != seqSize || patch.entryBits() != entryBits
                || patch.compressor() != compressor) {
            throw new QrpException("qrp.patch.header", patch, "the same size, entry bits and compressor as message 1");
        }
        byte[] data = patch.data().toArray();
        if (compressor == RouteTableUpdate.COMPRESSOR_ZLIB) {
            inflateAndApply(data);
        } else {
            applyBytes(data, data.length);
        }
        if (patch.sequenceNumber() < seqSize) {
            expectedSeq++;
            return false;
        }
        if (position != table.slots()) {
            throw new QrpException("qrp.patch.entries", position, table.slots() + " (the table length)");
        }
        if (inflater != null && !inflater.finished()) {
            throw new QrpException("qrp.patch.data", "zlib stream unfinished after the last message",
                    "a complete stream");
        }
        endSequence();
        complete = true;
        patches++;
        return true;
    }

    private void inflateAndApply(byte[] data) {
        inflater.setInput(data);
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        return;
                    }
                    continue;
                }
                applyBytes(buffer, n);
            }
            if (inflater.getRemaining() > 0) {
                throw new QrpException("qrp.patch.data", inflater.getRemaining() + " bytes after the zlib stream",
                        "nothing after the stream");
            }
        } catch (DataFormatException e) {
            throw new QrpException("qrp.patch.data", "corrupt zlib data (" + e.getMessage() + ")", "a zlib stream");
        }
    }

    private void applyBytes(byte[] bytes, int length) {
        long entries = (long) length * 8 / entryBits;
        if (position + entries > table.slots()) {
            // Checked before applying: a bomb stops at the table's size.
            throw new QrpException("qrp.patch.entries", "more than " + table.slots(), table.slots()
                    + " (the table length)");
        }
        int slot = (int) position;
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            switch (entryBits) {
                case 8 -> apply(slot++, (byte) b);
                case 4 -> {
                    apply(slot++, (b << 24) >> 28);
                    apply(slot++, (b << 28) >> 28);
                }
                default -> {
                    for (int bit = 7; bit >= 0; bit--) {
                        if ((b & (1 << bit)) != 0) {
                            table.flip(slot);
                        }
                        slot++;
                    }
                }
            }
        }
        position = slot;
    }

    private void apply(int slot, int delta) {
        if (delta < 0) {
            table.set(slot, true);
        } else if (delta > 0) {
            table.set(slot, false);
        }
    }

    private void endSequence() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        expectedSeq = 1;
        position = 0;
    }

    /** Frees the inflater; call when the connection closes. */
    public void close() {
        endSequence();
    }
}
