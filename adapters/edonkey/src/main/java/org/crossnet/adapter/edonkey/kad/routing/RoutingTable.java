package org.crossnet.adapter.edonkey.kad.routing;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;

/**
 * Kad's routing table: a binary tree of zones over the XOR distance to our own id, each leaf holding a bin of at most
 * {@link #K} contacts. A full leaf splits only when it is near us ({@code level < KBASE} or its zone index is below
 * {@code KK}), so the tree keeps many contacts close to our id and few far away. Mutable; confined to the node's
 * thread.
 *
 * <p>Admission follows aMule 2.3.3 ({@code CRoutingBin::AddContact}): one id per IP address in the whole table, at
 * most 10 contacts from one /24 in the table and 2 from one /24 in a bin, except for LAN addresses; our own id is
 * never added. Loopback addresses (only our own test nodes use them: aMule refuses them) count per IP and port.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/routing/RoutingZone.cpp">aMule
 *      RoutingZone.cpp</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/routing/RoutingBin.cpp">aMule
 *      RoutingBin.cpp</a>
 */
public final class RoutingTable {
    /** Contacts per bin. */
    public static final int K = 10;
    /** Levels that always split. */
    static final int KBASE = 4;
    /** Zones with an index below this always split. */
    static final int KK = 5;
    /** Ids per IP address in the table. */
    static final int MAX_CONTACTS_IP = 1;
    /** Contacts per /24 in the table (LAN addresses exempt). */
    static final int MAX_CONTACTS_SUBNET = 10;
    /** Contacts per /24 in one bin (LAN addresses exempt). */
    static final int MAX_SUBNET_PER_BIN = 2;

    /** What {@link #add} did. */
    public enum AddResult {
        ADDED, UPDATED, REJECTED
    }

    private final KadId self;
    private final Zone root = new Zone(null, 0, 0);
    private final Map<KadId, KadContact> byId = new HashMap<>();
    private final Map<String, Integer> perHost = new HashMap<>();
    private final Map<String, Integer> perSubnet = new HashMap<>();
    private String lastRejection = "";

    public RoutingTable(KadId self) {
        this.self = self;
    }

    /** Our own id, the centre of the table. */
    public KadId self() {
        return self;
    }

    /** Contacts in the table. */
    public int size() {
        return byId.size();
    }

    /** Why the last {@link #add} was rejected (for logs). */
    public String lastRejection() {
        return lastRejection;
    }

    /**
     * Adds a contact or refreshes the one with its id.
     *
     * @param verified the contact proved its address (answered us, or came from a verified source)
     * @param alive    it spoke to us directly: type it by age now (else it starts at type 3, checked soon)
     */
    public AddResult add(KadContactEntry entry, boolean verified, boolean alive, long now) {
        if (entry.id().equals(self)) {
            return reject("our own id");
        }
        if (entry.udpPort() == 0) {
            return reject("udp port 0");
        }
        KadContact existing = byId.get(entry.id());
        if (existing != null) {
            if (!existing.address().equals(entry.address()) || existing.udpPort() != entry.udpPort()) {
                // an id that moved: accept the new address only from the contact itself (alive) and only when the
                // new address passes the limits, so a third party cannot redirect a known id
                if (!alive) {
                    return reject("id " + entry.id() + " known at another address");
                }
                release(existing);
                if (!globalLimitsAllow(entry)) {
                    reserve(existing);
                    return reject("address limits for " + entry.address().getHostAddress());
                }
                existing.update(entry);
                existing.setVerified(verified);
                reserve(existing);
            } else {
                existing.update(entry);
                if (verified) {
                    existing.setVerified(true);
                }
            }
            if (alive) {
                existing.updateType(now);
            }
            leafFor(existing.distance()).bin.moveToEnd(existing);
            return AddResult.UPDATED;
        }
        if (!globalLimitsAllow(entry)) {
            return reject("address limits for " + entry.address().getHostAddress());
        }
        KadContact contact = new KadContact(self, entry, verified, now);
        if (alive) {
            contact.updateType(now);
        }
        Zone leaf = leafFor(contact.distance());
        while (leaf.bin.size() >= K && leaf.canSplit()) {
            leaf.split();
            leaf = leaf.children[contact.distance().bit(leaf.level)];
        }
        if (leaf.bin.size() >= K) {
            return reject("bin full");
        }
        if (!isLan(entry.address()) && leaf.bin.sameSubnet(entry.address()) >= MAX_SUBNET_PER_BIN) {
            return reject("2 contacts of " + subnet(entry.address()) + "/24 in the bin");
        }
        leaf.bin.add(contact);
        byId.put(contact.id(), contact);
        reserve(contact);
        return AddResult.ADDED;
    }

    /** The contact with {@code id}. */
    public Optional<KadContact> get(KadId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The contact at this UDP endpoint. */
    public Optional<KadContact> find(InetSocketAddress endpoint) {
        for (KadContact c : byId.values()) {
            if (c.udpPort() == endpoint.getPort() && c.address().equals(endpoint.getAddress())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Marks the contact verified (it answered a challenge at its address). */
    public boolean verify(KadId id, Inet4Address address) {
        KadContact c = byId.get(id);
        if (c == null || !c.address().equals(address)) {
            return false;
        }
        c.setVerified(true);
        return true;
    }

    /** Removes the contact with {@code id}. */
    public boolean remove(KadId id) {
        KadContact c = byId.remove(id);
        if (c == null) {
            return false;
        }
        release(c);
        Zone leaf = leafFor(c.distance());
        leaf.bin.remove(c);
        leaf.parentMerge();
        return true;
    }

    /** Every contact, nearest zones first. */
    public List<KadContact> all() {
        List<KadContact> out = new ArrayList<>(byId.size());
        root.collect(out);
        return out;
    }

    /**
     * Up to {@code count} contacts closest to {@code target}, closest first, of type at most {@code maxType}.
     *
     * @param verifiedOnly leave out contacts that never proved their address (aMule answers lookups with verified
     *                     contacts only)
     */
    public List<KadContact> closest(KadId target, int count, int maxType, boolean verifiedOnly) {
        List<KadContact> out = new ArrayList<>();
        for (KadContact c : byId.values()) {
            if (c.type() <= maxType && (!verifiedOnly || c.verified())) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(c -> c.id().xor(target)));
        return out.size() > count ? new ArrayList<>(out.subList(0, count)) : out;
    }

    /**
     * Contacts to hand a bootstrapping node or write to nodes.dat: from the zones within
     * {@code LOG_BASE_EXPONENT = 5} levels of the root, as {@code GetBootstrapContacts} walks them.
     */
    public List<KadContact> bootstrapContacts(int max) {
        List<KadContact> out = new ArrayList<>();
        root.topDepth(5, out);
        return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }

    /**
     * One round of liveness checks: removes dead contacts past their expiry and, in each bin, marks the oldest contact
     * due for a check as being checked and returns it; the caller sends it a HELLO_REQ, and its answer
     * ({@link #add} with {@code alive}) resets its type.
     */
    public List<KadContact> contactsToCheck(long now) {
        List<KadContact> dead = new ArrayList<>();
        List<KadContact> check = new ArrayList<>();
        root.leaves().forEach(leaf -> {
            KadContact due = null;
            for (KadContact c : leaf.bin.contacts()) {
                if (c.type() == KadContact.DEAD_TYPE && c.expires() > 0 && c.expires() <= now) {
                    dead.add(c);
                    continue;
                }
                if (c.expires() == 0) {
                    // learnt but never checked: due now
                    c.setExpires(now);
                }
                if (due == null && c.expires() <= now) {
                    due = c;
                }
            }
            if (due != null && due.type() != KadContact.DEAD_TYPE) {
                due.checkingType(now);
                leaf.bin.moveToEnd(due);
                check.add(due);
            }
        });
        dead.forEach(c -> remove(c.id()));
        return check;
    }

    /**
     * Random ids in the leaf zones that have room, nearest first: lookups for them fill the table
     * ({@code CRoutingZone::RandomLookup}).
     */
    public List<KadId> refreshTargets(Random random) {
        List<KadId> out = new ArrayList<>();
        for (Zone leaf : root.leaves()) {
            if (leaf.bin.size() < K) {
                out.add(leaf.randomIdIn(random));
            }
        }
        return out;
    }

    /** Depth of the tree (0 for a single leaf). */
    public int depth() {
        return root.depth();
    }

    private AddResult reject(String reason) {
        lastRejection = reason;
        return AddResult.REJECTED;
    }

    private Zone leafFor(KadId distance) {
        Zone z = root;
        while (!z.isLeaf()) {
            z = z.children[distance.bit(z.level)];
        }
        return z;
    }

    private boolean globalLimitsAllow(KadContactEntry entry) {
        if (perHost.getOrDefault(hostKey(entry.address(), entry.udpPort()), 0) >= MAX_CONTACTS_IP) {
            return false;
        }
        return isLan(entry.address()) || perSubnet.getOrDefault(subnet(entry.address()), 0) < MAX_CONTACTS_SUBNET;
    }

    private void reserve(KadContact c) {
        perHost.merge(hostKey(c.address(), c.udpPort()), 1, Integer::sum);
        perSubnet.merge(subnet(c.address()), 1, Integer::sum);
    }

    private void release(KadContact c) {
        perHost.computeIfPresent(hostKey(c.address(), c.udpPort()), (k, v) -> v > 1 ? v - 1 : null);
        perSubnet.computeIfPresent(subnet(c.address()), (k, v) -> v > 1 ? v - 1 : null);
    }

    /** The key of the one-id-per-IP rule: the IP, or IP and port for loopback (several of our nodes on one host). */
    static String hostKey(Inet4Address address, int port) {
        return address.isLoopbackAddress() ? address.getHostAddress() + ":" + port : address.getHostAddress();
    }

    static String subnet(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + ".0";
    }

    /** aMule's {@code IsLanIP}: private, link-local and loopback ranges. */
    public static boolean isLan(Inet4Address address) {
        return address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress();
    }

    /** One node of the tree: a leaf with a bin, or an inner node with two children. */
    private final class Zone {
        final Zone parent;
        final int level;
        /** The zone's distance prefix; saturated, since only "below KK" matters. */
        final long index;
        Bin bin = new Bin();
        Zone[] children;

        Zone(Zone parent, int level, long index) {
            this.parent = parent;
            this.level = level;
            this.index = index;
        }

        boolean isLeaf() {
            return bin != null;
        }

        boolean canSplit() {
            return level < 127 && (index < KK || level < KBASE);
        }

        void split() {
            long base = index >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 2 : index * 2;
            children = new Zone[] {new Zone(this, level + 1, base), new Zone(this, level + 1, base + 1)};
            for (KadContact c : bin.contacts()) {
                children[c.distance().bit(level)].bin.add(c);
            }
            bin = null;
        }

        /** Merges this zone's parent when both its children are leaves holding fewer than K/2 contacts. */
        void parentMerge() {
            Zone p = parent;
            if (p == null || !p.children[0].isLeaf() || !p.children[1].isLeaf()) {
                return;
            }
            if (p.children[0].bin.size() + p.children[1].bin.size() >= K / 2) {
                return;
            }
            Bin merged = new Bin();
            p.children[0].bin.contacts().forEach(merged::add);
            p.children[1].bin.contacts().forEach(merged::add);
            p.children = null;
            p.bin = merged;
            p.parentMerge();
        }

        void collect(List<KadContact> out) {
            if (isLeaf()) {
                out.addAll(bin.contacts());
            } else {
                children[0].collect(out);
                children[1].collect(out);
            }
        }

        void topDepth(int depth, List<KadContact> out) {
            if (isLeaf()) {
                out.addAll(bin.contacts());
            } else if (depth <= 0) {
                // a deterministic stand-in for aMule's random bin: the nearer side
                children[0].topDepth(0, out);
            } else {
                children[0].topDepth(depth - 1, out);
                children[1].topDepth(depth - 1, out);
            }
        }

        List<Zone> leaves() {
            List<Zone> out = new ArrayList<>();
            addLeaves(out);
            return out;
        }

        private void addLeaves(List<Zone> out) {
            if (isLeaf()) {
                out.add(this);
            } else {
                children[0].addLeaves(out);
                children[1].addLeaves(out);
            }
        }

        int depth() {
            return isLeaf() ? 0 : 1 + Math.max(children[0].depth(), children[1].depth());
        }

        /** A random id whose distance to us starts with this zone's path. */
        KadId randomIdIn(Random random) {
            long high = 0;
            long low = 0;
            Zone z = this;
            while (z.parent != null) {
                int bit = z.parent.children[1] == z ? 1 : 0;
                int position = z.parent.level;
                if (bit == 1) {
                    if (position < 64) {
                        high |= 1L << (63 - position);
                    } else {
                        low |= 1L << (127 - position);
                    }
                }
                z = z.parent;
            }
            KadId prefix = KadId.of(high, low);
            return KadId.randomWithPrefix(prefix, level, random).xor(self);
        }
    }

    /** A bin: contacts in the order they were last refreshed, oldest first. */
    private static final class Bin {
        private final List<KadContact> contacts = new ArrayList<>(K);

        int size() {
            return contacts.size();
        }

        List<KadContact> contacts() {
            return new ArrayList<>(contacts);
        }

        void add(KadContact c) {
            contacts.add(c);
        }

        void remove(KadContact c) {
            contacts.remove(c);
        }

        void moveToEnd(KadContact c) {
            if (contacts.remove(c)) {
                contacts.add(c);
            }
        }

        int sameSubnet(Inet4Address address) {
            String net = subnet(address);
            int n = 0;
            for (KadContact c : contacts) {
                if (subnet(c.address()).equals(net)) {
                    n++;
                }
            }
            return n;
        }
    }
}
