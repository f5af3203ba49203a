package org.crossnet.adapter.edonkey.kad.routing;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.crossnet.adapter.edonkey.kad.KadId;
import org.crossnet.adapter.edonkey.kad.codec.KadContactEntry;

/**
 * A contact in the routing table with its liveness state, as Kad's {@code CContact}: a type from 0 (known longest,
 * most trusted) to 4 (failed checks, about to be removed) and an expiry time after which it is checked again. Mutable;
 * confined to the node's thread.
 *
 * <p>Types: a contact heard from directly is typed by age ({@link #updateType}: 2 in its first hour, 1 in the
 * second, 0 after) and is next checked in 1 h, 1.5 h or 2 h; one only learnt from another node starts at 3; each
 * unanswered check ({@link #checkingType}) raises the type by one and re-checks in 2 minutes; type 4 past its expiry
 * is removed.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/routing/Contact.cpp">aMule
 *      Contact.cpp</a>
 */
public final class KadContact {
    /** A contact that failed its checks. */
    public static final int DEAD_TYPE = 4;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private final KadId id;
    private final KadId distance;
    private Inet4Address address;
    private int udpPort;
    private int tcpPort;
    private int version;
    private boolean verified;
    private int type = 3;
    private final long created;
    private long expires;
    private long lastTypeSet;
    private long lastSeen;

    KadContact(KadId self, KadContactEntry entry, boolean verified, long now) {
        this.id = entry.id();
        this.distance = self.xor(entry.id());
        this.address = entry.address();
        this.udpPort = entry.udpPort();
        this.tcpPort = entry.tcpPort();
        this.version = entry.version();
        this.verified = verified;
        this.created = now;
        this.lastTypeSet = now;
    }

    public KadId id() {
        return id;
    }

    /** XOR distance to our own id. */
    public KadId distance() {
        return distance;
    }

    public Inet4Address address() {
        return address;
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** The contact's Kad version. */
    public int version() {
        return version;
    }

    /** True once the contact proved it receives at its address (hello answered, challenge answered). */
    public boolean verified() {
        return verified;
    }

    /** 0 (best) .. 4 (dead). */
    public int type() {
        return type;
    }

    /** When the contact is next due for a check, in clock millis; 0 for never checked. */
    public long expires() {
        return expires;
    }

    /** Last time it answered us or sent us something, in clock millis; 0 for never. */
    public long lastSeen() {
        return lastSeen;
    }

    public long created() {
        return created;
    }

    public InetSocketAddress udpEndpoint() {
        return new InetSocketAddress(address, udpPort);
    }

    /** The wire form. */
    public KadContactEntry entry() {
        return new KadContactEntry(id, address, udpPort, tcpPort, version);
    }

    /** The contact answered (or spoke to us): its type follows its age again. */
    public void updateType(long now) {
        long hours = (now - created) / HOUR;
        if (hours == 0) {
            type = 2;
            expires = now + HOUR;
        } else if (hours == 1) {
            type = 1;
            expires = now + 90 * MINUTE;
        } else {
            type = 0;
            expires = now + 2 * HOUR;
        }
        lastTypeSet = now;
        lastSeen = now;
    }

    /** A check was sent: one more type step towards removal unless it answers within 2 minutes. */
    public void checkingType(long now) {
        if (now - lastTypeSet < 10_000 || type == DEAD_TYPE) {
            return;
        }
        lastTypeSet = now;
        expires = now + 2 * MINUTE;
        type++;
    }

    void setExpires(long at) {
        expires = at;
    }

    void update(KadContactEntry entry) {
        address = entry.address();
        udpPort = entry.udpPort();
        tcpPort = entry.tcpPort();
        if (entry.version() > 0) {
            version = entry.version();
        }
    }

    void setVerified(boolean value) {
        verified = value;
    }

    @Override
    public String toString() {
        return id + "@" + address.getHostAddress() + ":" + udpPort + " v" + version + " type " + type
                + (verified ? " verified" : "");
    }
}
