package org.crossnet.adapter.edonkey.kad.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final long HOUR = 3_600_000;
    private final Random random = new Random(42);
    private final KadId self = KadId.random(random);
    private int host = 0;

    /** A contact on its own public /24. */
    private KadContactEntry contact(KadId id) throws Exception {
        host++;
        Inet4Address ip = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (11 + host / 65536),
                (byte) (host / 256), (byte) host, 1});
        return new KadContactEntry(id, ip, 4672, 4662, 8);
    }

    private KadContactEntry at(KadId id, String ip) throws Exception {
        return new KadContactEntry(id, (Inet4Address) InetAddress.getByName(ip), 4672, 4662, 8);
    }

    @Test
    void splitsNearZonesAndKeepsTenPerFarBin() throws Exception {
        RoutingTable table = new RoutingTable(self);
        List<KadId> added = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            KadId id = KadId.random(random);
            if (table.add(contact(id), true, true, 0) == RoutingTable.AddResult.ADDED) {
                added.add(id);
            }
        }
        // far half (distance bit 0 = 1) never splits beyond KBASE levels: at most 2^3 bins of K under it
        long far = table.all().stream().filter(c -> c.distance().bit(0) == 1).count();
        assertThat(far).isLessThanOrEqualTo(8 * RoutingTable.K);
        assertThat(table.size()).isEqualTo(added.size()).isGreaterThan(100).isLessThan(2000);
        assertThat(table.depth()).isGreaterThanOrEqualTo(RoutingTable.KBASE);
        // near contacts are kept: the closest of everything added is in the table
        KadId closestAdded = added.stream().min(Comparator.comparing(id -> id.xor(self))).orElseThrow();
        assertThat(table.closest(self, 1, 4, false).get(0).id()).isEqualTo(closestAdded);
    }

    @Test
    void closestIsSortedByXorDistance() throws Exception {
        RoutingTable table = new RoutingTable(self);
        for (int i = 0; i < 300; i++) {
            table.add(contact(KadId.random(random)), true, true, 0);
        }
        KadId target = KadId.random(random);
        List<KadContact> closest = table.closest(target, 10, 4, false);
        assertThat(closest).hasSize(10);
        assertThat(closest).isSortedAccordingTo(Comparator.comparing(c -> c.id().xor(target)));
        KadContact tenth = closest.get(9);
        for (KadContact c : table.all()) {
            if (!closest.contains(c)) {
                assertThat(c.id().xor(target)).isGreaterThan(tenth.id().xor(target));
            }
        }
    }

    @Test
    void refusesOurIdSecondIdsPerIpAndThirdContactPerSubnetInABin() throws Exception {
        RoutingTable table = new RoutingTable(self);
        assertThat(table.add(at(self, "198.51.100.2"), true, true, 0)).isEqualTo(RoutingTable.AddResult.REJECTED);
        // ids in the same bin: all far from us (distance bit 0 set), the tree stays one leaf with few contacts
        KadId base = KadId.of(~self.high(), self.low());
        assertThat(table.add(at(base, "198.51.100.2"), true, true, 0)).isEqualTo(RoutingTable.AddResult.ADDED);
        KadId second = KadId.of(base.high() ^ 1, base.low());
        assertThat(table.add(at(second, "198.51.100.2"), true, true, 0)).isEqualTo(RoutingTable.AddResult.REJECTED);
        assertThat(table.lastRejection()).startsWith("address limits");
        assertThat(table.add(at(second, "198.51.100.3"), true, true, 0)).isEqualTo(RoutingTable.AddResult.ADDED);
        KadId third = KadId.of(base.high() ^ 2, base.low());
        assertThat(table.add(at(third, "198.51.100.4"), true, true, 0)).isEqualTo(RoutingTable.AddResult.REJECTED);
        assertThat(table.lastRejection()).isEqualTo("2 contacts of 198.51.100.0/24 in the bin");
        // LAN addresses are exempt from the subnet rule; loopback counts per port
        assertThat(table.add(at(third, "192.168.1.4"), true, true, 0)).isEqualTo(RoutingTable.AddResult.ADDED);
        KadId fourth = KadId.of(base.high() ^ 3, base.low());
        KadId fifth = KadId.of(base.high() ^ 4, base.low());
        assertThat(table.add(new KadContactEntry(fourth, (Inet4Address) InetAddress.getByName("127.0.0.1"), 1000, 1, 8),
                true, true, 0)).isEqualTo(RoutingTable.AddResult.ADDED);
        assertThat(table.add(new KadContactEntry(fifth, (Inet4Address) InetAddress.getByName("127.0.0.1"), 1001, 1, 8),
                true, true, 0)).isEqualTo(RoutingTable.AddResult.ADDED);
    }

    @Test
    void anIdMovesOnlyWhenItSpeaksItself() throws Exception {
        RoutingTable table = new RoutingTable(self);
        KadId id = KadId.random(random);
        table.add(at(id, "198.51.100.2"), true, true, 0);
        assertThat(table.add(at(id, "198.51.100.9"), false, false, 0)).isEqualTo(RoutingTable.AddResult.REJECTED);
        assertThat(table.get(id).orElseThrow().address().getHostAddress()).isEqualTo("198.51.100.2");
        assertThat(table.add(at(id, "198.51.100.9"), true, true, 0)).isEqualTo(RoutingTable.AddResult.UPDATED);
        assertThat(table.get(id).orElseThrow().address().getHostAddress()).isEqualTo("198.51.100.9");
        // the old address is free again
        assertThat(table.add(at(KadId.random(random), "198.51.100.2"), true, true, 0))
                .isEqualTo(RoutingTable.AddResult.ADDED);
    }

    @Test
    void uncheckedContactsAreCheckedAndDeadOnesRemoved() throws Exception {
        RoutingTable table = new RoutingTable(self);
        KadId learnt = KadId.random(random);
        KadId alive = KadId.of(~learnt.high(), learnt.low());
        table.add(contact(learnt), false, false, 0);
        table.add(contact(alive), true, true, 0);
        assertThat(table.get(learnt).orElseThrow().type()).isEqualTo(3);
        assertThat(table.get(alive).orElseThrow().type()).isEqualTo(2);

        // a learnt contact is due at once (after aMule's 10 s guard); the one that spoke to us only after an hour
        List<KadContact> due = table.contactsToCheck(20_000);
        assertThat(due).extracting(KadContact::id).containsExactly(learnt);
        assertThat(table.get(learnt).orElseThrow().type()).isEqualTo(4);
        // no answer: 2 minutes later it is removed
        assertThat(table.contactsToCheck(20_000 + 60_000)).isEmpty();
        table.contactsToCheck(20_000 + 121_000);
        assertThat(table.get(learnt)).isEmpty();
        assertThat(table.get(alive)).isPresent();

        // after an hour the live contact is checked; it answers (add with alive) and its type follows its age
        due = table.contactsToCheck(HOUR + 1);
        assertThat(due).extracting(KadContact::id).containsExactly(alive);
        assertThat(table.get(alive).orElseThrow().type()).isEqualTo(3);
        table.add(table.get(alive).orElseThrow().entry(), true, true, HOUR + 2_000);
        assertThat(table.get(alive).orElseThrow().type()).isEqualTo(1);
        assertThat(table.contactsToCheck(HOUR + 3_000)).isEmpty();
        assertThat(table.get(alive).orElseThrow().expires()).isEqualTo(HOUR + 2_000 + 90 * 60_000);
    }

    @Test
    void mergesZonesThatEmpty() throws Exception {
        RoutingTable table = new RoutingTable(self);
        List<KadId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            KadId id = KadId.random(random);
            if (table.add(contact(id), true, true, 0) == RoutingTable.AddResult.ADDED) {
                ids.add(id);
            }
        }
        assertThat(table.depth()).isGreaterThan(0);
        ids.forEach(table::remove);
        assertThat(table.size()).isZero();
        assertThat(table.depth()).isZero();
    }

    @Test
    void refreshTargetsFallInZonesWithRoom() throws Exception {
        RoutingTable table = new RoutingTable(self);
        for (int i = 0; i < 100; i++) {
            table.add(contact(KadId.random(random)), true, true, 0);
        }
        List<KadId> targets = table.refreshTargets(random);
        assertThat(targets).isNotEmpty();
        for (KadId t : targets) {
            assertThat(t).isNotEqualTo(self);
        }
    }
}
