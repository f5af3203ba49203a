package org.crossnet.adapter.edonkey.swarm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.PartStatus;

/**
 * The blocks of one download and their state. A file is cut into 9,728,000-byte parts (the MD4 unit) and each part
 * into 184,320-byte AICH blocks (the last one of a part shorter), the unit tracked here, so that AICH recovery can
 * send just the bad blocks of a corrupt part back to missing. A request names a run of up to
 * {@code requestSize / 184,320} consecutive missing blocks of one part (at least one): the request size is used in
 * whole AICH blocks. Picks runs for a source: parts already in progress first, then the rarest part the source has.
 * Confined to the node's event loop: not thread-safe.
 */
public final class PartMap {
    /** A block's life: requested from a source, received into storage, verified with its part. */
    public enum State {
        MISSING, REQUESTED, WRITTEN, VERIFIED
    }

    /**
     * A run of {@code count} AICH blocks of one part, from block {@code index}: one block (from {@link #block}) or one
     * request (from {@link #pick}).
     */
    public record Block(int index, int part, long start, long end, int count) {
        public long length() {
            return end - start;
        }
    }

    private final long size;
    private final int parts;
    private final int blocksPerRequest;
    private final List<Block> blocks = new ArrayList<>();
    private final int[] firstBlock;
    private final State[] state;
    private final Object[] owner;
    private final int[] availability;
    private final Object[] reservedFor;

    /** @param requestSize bytes per request; used in whole AICH blocks, at least one */
    public PartMap(long size, int requestSize) {
        if (size <= 0 || requestSize <= 0) {
            throw new IllegalArgumentException("size/requestSize: " + size + "/" + requestSize
                    + " (expected: both > 0)");
        }
        this.size = size;
        this.blocksPerRequest = Math.max(1, requestSize / Ed2kWire.BLOCK_SIZE);
        this.parts = (int) ((size + Ed2kWire.PART_SIZE - 1) / Ed2kWire.PART_SIZE);
        this.firstBlock = new int[parts + 1];
        for (int p = 0; p < parts; p++) {
            firstBlock[p] = blocks.size();
            long partEnd = Math.min(size, (p + 1) * Ed2kWire.PART_SIZE);
            for (long s = p * Ed2kWire.PART_SIZE; s < partEnd; s += Ed2kWire.BLOCK_SIZE) {
                blocks.add(new Block(blocks.size(), p, s, Math.min(partEnd, s + Ed2kWire.BLOCK_SIZE), 1));
            }
        }
        firstBlock[parts] = blocks.size();
        this.state = new State[blocks.size()];
        java.util.Arrays.fill(state, State.MISSING);
        this.owner = new Object[blocks.size()];
        this.availability = new int[parts];
        this.reservedFor = new Object[parts];
    }

    /**
     * Lets only {@code source} fetch the part from now on (null lifts it): a part that failed its check with several
     * contributors is fetched again from one of them alone, which tells the culprit apart.
     */
    public void reserve(int part, Object source) {
        reservedFor[part] = source;
    }

    public Object reservedFor(int part) {
        return reservedFor[part];
    }

    /** Lifts every reservation held by {@code source} (it left). */
    public void unreserve(Object source) {
        for (int p = 0; p < parts; p++) {
            if (reservedFor[p] == source) {
                reservedFor[p] = null;
            }
        }
    }

    public long size() {
        return size;
    }

    /** Data parts (at least 1). */
    public int parts() {
        return parts;
    }

    public int blockCount() {
        return blocks.size();
    }

    public Block block(int index) {
        return blocks.get(index);
    }

    public State state(int block) {
        return state[block];
    }

    /** Who the block is requested from (REQUESTED) or was received from (WRITTEN); null otherwise. */
    public Object owner(int block) {
        return owner[block];
    }

    public long partStart(int part) {
        return part * Ed2kWire.PART_SIZE;
    }

    public long partLength(int part) {
        return Math.min(size, (part + 1) * Ed2kWire.PART_SIZE) - partStart(part);
    }

    /** The blocks of a part. */
    public List<Block> blocksOf(int part) {
        return blocks.subList(firstBlock[part], firstBlock[part + 1]);
    }

    public boolean partVerified(int part) {
        for (Block b : blocksOf(part)) {
            if (state[b.index()] != State.VERIFIED) {
                return false;
            }
        }
        return true;
    }

    /** Every block of the part received and written, none verified yet: ready for its MD4 check. */
    public boolean partWritten(int part) {
        for (Block b : blocksOf(part)) {
            if (state[b.index()] != State.WRITTEN) {
                return false;
            }
        }
        return true;
    }

    public boolean complete() {
        for (State s : state) {
            if (s != State.VERIFIED) {
                return false;
            }
        }
        return true;
    }

    public long verifiedBytes() {
        long n = 0;
        for (Block b : blocks) {
            if (state[b.index()] == State.VERIFIED) {
                n += b.length();
            }
        }
        return n;
    }

    /** Our part status as eD2k sends it: one bit per status part, set for verified parts. */
    public PartStatus status() {
        int count = (int) (size / Ed2kWire.PART_SIZE + 1);
        BitSet bits = new BitSet(count);
        for (int p = 0; p < parts; p++) {
            if (partVerified(p)) {
                bits.set(p);
            }
        }
        return new PartStatus(count, bits);
    }

    /** Counts a source's parts toward rarity ({@code delta} +1 when it arrives, -1 when it leaves). */
    public void availability(PartStatus status, int delta) {
        for (int p = 0; p < parts; p++) {
            if (status.has(p)) {
                availability[p] += delta;
            }
        }
    }

    /** Every block of the run is requested from {@code source}. */
    public void requested(Block run, Object source) {
        for (int i = run.index(); i < run.index() + run.count(); i++) {
            requested(i, source);
        }
    }

    /** Every block of the run arrived from {@code source} and is stored. */
    public void written(Block run, Object source) {
        for (int i = run.index(); i < run.index() + run.count(); i++) {
            written(i, source);
        }
    }

    /** The run's request was dropped: its blocks still requested from {@code source} are missing again. */
    public void released(Block run, Object source) {
        for (int i = run.index(); i < run.index() + run.count(); i++) {
            released(i, source);
        }
    }

    public void requested(int block, Object source) {
        state[block] = State.REQUESTED;
        owner[block] = source;
    }

    public void written(int block, Object source) {
        state[block] = State.WRITTEN;
        owner[block] = source;
    }

    public void verified(int part) {
        reservedFor[part] = null;
        for (Block b : blocksOf(part)) {
            state[b.index()] = State.VERIFIED;
            owner[b.index()] = null;
        }
    }

    /** The part failed its check: every block is wanted again. Returns who had delivered its blocks. */
    public List<Object> corrupt(int part) {
        List<Object> contributors = new ArrayList<>();
        for (Block b : blocksOf(part)) {
            if (owner[b.index()] != null && !contributors.contains(owner[b.index()])) {
                contributors.add(owner[b.index()]);
            }
            state[b.index()] = State.MISSING;
            owner[b.index()] = null;
        }
        return contributors;
    }

    /**
     * AICH recovery found these blocks of the part bad (indexes within the part): they are missing again, the
     * others stay. Returns who had delivered the bad ones.
     */
    public List<Object> corruptBlocks(int part, List<Integer> bad) {
        List<Object> culprits = new ArrayList<>();
        List<Block> of = blocksOf(part);
        for (int i : bad) {
            int b = of.get(i).index();
            if (owner[b] != null && !culprits.contains(owner[b])) {
                culprits.add(owner[b]);
            }
            state[b] = State.MISSING;
            owner[b] = null;
        }
        return culprits;
    }

    /** A request was dropped (source gone, cancelled): the block is missing again unless already received. */
    public void released(int block, Object source) {
        if (state[block] == State.REQUESTED && owner[block] == source) {
            state[block] = State.MISSING;
            owner[block] = null;
        }
    }

    /** Whether {@code status} has a part with a missing block (reservations aside). */
    public boolean interesting(PartStatus status) {
        for (int p = 0; p < parts; p++) {
            if (status.has(p) && hasMissing(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasMissing(int part) {
        for (Block b : blocksOf(part)) {
            if (state[b.index()] == State.MISSING) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next run to request from a source with {@code status}, or null: the first missing blocks (up to a
     * request's worth, consecutive) of a part already in progress, preferring the part this source already works
     * on, else of the rarest part it has (ties: lowest index). Spreading sources over different parts lets each part
     * be checked as soon as possible.
     */
    public Block pick(PartStatus status, Object source) {
        int best = -1;
        int bestScore = Integer.MIN_VALUE;
        for (int p = 0; p < parts; p++) {
            if (!status.has(p) || !hasMissing(p) || (reservedFor[p] != null && reservedFor[p] != source)) {
                continue;
            }
            int mine = 0;
            int others = 0;
            for (Block b : blocksOf(p)) {
                State s = state[b.index()];
                if (s == State.REQUESTED || s == State.WRITTEN) {
                    if (owner[b.index()] == source) {
                        mine++;
                    } else {
                        others++;
                    }
                }
            }
            // own parts first, then parts nobody works on (rarest first), then parts others work on
            int score = mine > 0 ? 2_000_000 : others == 0 ? 1_000_000 - availability[p] * 1000 : -others;
            if (score > bestScore) {
                best = p;
                bestScore = score;
            }
        }
        if (best < 0) {
            return null;
        }
        for (Block b : blocksOf(best)) {
            if (state[b.index()] == State.MISSING) {
                int last = b.index();
                while (last + 1 < firstBlock[best + 1] && last + 1 - b.index() < blocksPerRequest
                        && state[last + 1] == State.MISSING) {
                    last++;
                }
                return new Block(b.index(), best, b.start(), blocks.get(last).end(), last - b.index() + 1);
            }
        }
        return null;
    }
}
