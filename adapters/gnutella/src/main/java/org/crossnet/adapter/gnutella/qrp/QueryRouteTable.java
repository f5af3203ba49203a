package org.crossnet.adapter.gnutella.qrp;

import java.util.BitSet;
import java.util.Collection;

/**
 * A query route table reduced to presence: one bit per slot, set when some keyword of the table's owner hashes
 * there. Received tables keep only presence too (as LimeWire does): a patch entry below zero marks a slot present,
 * above zero absent; hop distances beyond one are not used by ultrapeers. Not thread-safe; owned by one event loop.
 */
public final class QueryRouteTable {
    /** Smallest and largest table we build or accept: 2^3 (spec examples) to 2^21 slots (gtk-gnutella's maximum). */
    public static final int MIN_BITS = 3;
    public static final int MAX_BITS = 21;
    /** The size of the tables we build: 64 Ki slots, common on the network. */
    public static final int DEFAULT_BITS = 16;

    private final int bits;
    private final BitSet present;

    public QueryRouteTable(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: " + MIN_BITS + ".." + MAX_BITS + ")");
        }
        this.bits = bits;
        this.present = new BitSet(1 << bits);
    }

    /** The table of these names' words and prefixes, and of these URNs. */
    public static QueryRouteTable of(int bits, Collection<String> names, Collection<String> urns) {
        QueryRouteTable table = new QueryRouteTable(bits);
        for (String name : names) {
            for (String entry : Keywords.tableEntries(name)) {
                table.add(entry);
            }
        }
        for (String urn : urns) {
            table.add(urn);
        }
        return table;
    }

    public int bits() {
        return bits;
    }

    public int slots() {
        return 1 << bits;
    }

    public void add(String keyword) {
        present.set(QrpHash.hash(keyword, bits));
    }

    public boolean contains(String keyword) {
        return present.get(QrpHash.hash(keyword, bits));
    }

    public boolean get(int slot) {
        return present.get(slot);
    }

    public void set(int slot, boolean value) {
        present.set(slot, value);
    }

    public void flip(int slot) {
        present.flip(slot);
    }

    /** Slots set. */
    public int cardinality() {
        return present.cardinality();
    }

    /** Set slots in ascending order (for tests and dumps). */
    public int[] setSlots() {
        return present.stream().toArray();
    }

    /**
     * Whether a query can match: every word is present (QRP ANDs words), or any URN is (URNs are ORed). A query
     * with neither cannot be routed by table and matches.
     */
    public boolean matches(Collection<String> words, Collection<String> urns) {
        for (String urn : urns) {
            if (contains(urn)) {
                return true;
            }
        }
        if (words.isEmpty()) {
            return urns.isEmpty();
        }
        for (String word : words) {
            if (!contains(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets in this table every slot that overlaps a set slot of {@code other} once both are scaled to the same line
     * (QRP 1.0, "scaling route tables"): merging never loses a keyword, whatever the sizes.
     */
    public void include(QueryRouteTable other) {
        if (other.bits == bits) {
            present.or(other.present);
            return;
        }
        for (int i = other.present.nextSetBit(0); i >= 0; i = other.present.nextSetBit(i + 1)) {
            if (other.bits > bits) {
                present.set(i >>> (other.bits - bits));
            } else {
                int shift = bits - other.bits;
                present.set(i << shift, (i + 1) << shift);
            }
        }
    }

    /** A copy. */
    public QueryRouteTable copy() {
        QueryRouteTable c = new QueryRouteTable(bits);
        c.present.or(present);
        return c;
    }

    /** Whether both have the same size and slots. */
    public boolean sameAs(QueryRouteTable other) {
        return other != null && other.bits == bits && other.present.equals(present);
    }

    @Override
    public String toString() {
        return "QRT[" + slots() + " slots, " + cardinality() + " set]";
    }
}
