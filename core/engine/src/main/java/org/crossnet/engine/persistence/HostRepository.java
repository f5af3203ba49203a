package org.crossnet.engine.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;

/**
 * The hosts each network knows (table {@code known_host}, migration V4), bounded per network. Ranking as
 * {@link KnownHost#BEST_FIRST}: loads return the best first, and a save that takes a network above its bound deletes
 * its worst rows. Times are kept to the millisecond (both databases hold microseconds; H2 would round the rest).
 * Thread-safe: writes are serialised, so the read-then-insert of an upsert cannot race with another writer in this
 * process (a catalogue shared by several gateway processes is not supported yet, as for the other tables).
 */
public final class HostRepository {
    /** Hosts kept per network unless the engine is built with another bound. */
    public static final int DEFAULT_CAPACITY = 2_000;

    private static final String COLUMNS = "host, port, kind, last_seen, last_success, failures, attributes";
    private static final String BEST_FIRST = "failures ASC, last_success DESC NULLS LAST, last_seen DESC, host ASC, "
            + "port ASC";
    private static final String WORST_FIRST = "failures DESC, last_success ASC NULLS FIRST, last_seen ASC, host DESC, "
            + "port DESC";

    private final Database database;
    private final int capacity;

    public HostRepository(Database database) {
        this(database, DEFAULT_CAPACITY);
    }

    /** @param capacity hosts kept per network, at least 1 */
    public HostRepository(Database database, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: at least 1)");
        }
        this.database = database;
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Up to {@code limit} hosts of the network, best first. */
    public List<KnownHost> load(NetworkId network, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 0 or more)");
        }
        if (limit == 0) {
            return List.of();
        }
        return database.inTransaction(c -> {
            List<KnownHost> hosts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM known_host WHERE network = ? ORDER BY " + BEST_FIRST)) {
                ps.setString(1, network.value());
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && hosts.size() < limit) {
                        hosts.add(row(rs));
                    }
                }
            }
            return hosts;
        });
    }

    /** How many hosts the network has. */
    public int count(NetworkId network) {
        return database.inTransaction(c -> count(c, network));
    }

    /** Inserts or replaces each host (the last of equal addresses wins), then evicts the worst beyond the bound. */
    public synchronized void save(NetworkId network, Collection<KnownHost> hosts) {
        Map<PeerAddress, KnownHost> latest = new LinkedHashMap<>();
        for (KnownHost h : hosts) {
            latest.put(h.address(), h);
        }
        if (latest.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE known_host SET kind = ?, last_seen = ?, "
                    + "last_success = ?, failures = ?, attributes = ? WHERE network = ? AND host = ? AND port = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO known_host (network, " + COLUMNS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (KnownHost h : latest.values()) {
                    update.setString(1, h.kind());
                    update.setObject(2, time(h.lastSeen()));
                    update.setObject(3, time(h.lastSuccess()));
                    update.setInt(4, h.failures());
                    update.setString(5, encode(h.attributes()));
                    update.setString(6, network.value());
                    update.setString(7, h.address().host());
                    update.setInt(8, h.address().port());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, network.value());
                        insert.setString(2, h.address().host());
                        insert.setInt(3, h.address().port());
                        insert.setString(4, h.kind());
                        insert.setObject(5, time(h.lastSeen()));
                        insert.setObject(6, time(h.lastSuccess()));
                        insert.setInt(7, h.failures());
                        insert.setString(8, encode(h.attributes()));
                        insert.executeUpdate();
                    }
                }
            }
            evictBeyondCapacity(c, network);
            return null;
        });
    }

    /** Deletes these addresses of the network; unknown ones are ignored. */
    public synchronized void remove(NetworkId network, Collection<PeerAddress> addresses) {
        Set<PeerAddress> distinct = new LinkedHashSet<>(addresses);
        if (distinct.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            delete(c, network, distinct);
            return null;
        });
    }

    private void evictBeyondCapacity(Connection c, NetworkId network) throws SQLException {
        int excess = count(c, network) - capacity;
        if (excess <= 0) {
            return;
        }
        List<PeerAddress> worst = new ArrayList<>(excess);
        try (PreparedStatement ps = c.prepareStatement("SELECT host, port FROM known_host WHERE network = ? ORDER BY "
                + WORST_FIRST)) {
            ps.setString(1, network.value());
            ps.setMaxRows(excess);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && worst.size() < excess) {
                    worst.add(new PeerAddress(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        delete(c, network, worst);
    }

    private static void delete(Connection c, NetworkId network, Collection<PeerAddress> addresses)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM known_host WHERE network = ? AND host = ? AND port = ?")) {
            for (PeerAddress a : addresses) {
                ps.setString(1, network.value());
                ps.setString(2, a.host());
                ps.setInt(3, a.port());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int count(Connection c, NetworkId network) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM known_host WHERE network = ?")) {
            ps.setString(1, network.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static KnownHost row(ResultSet rs) throws SQLException {
        OffsetDateTime success = rs.getObject("last_success", OffsetDateTime.class);
        return new KnownHost(new PeerAddress(rs.getString("host"), rs.getInt("port")), rs.getString("kind"),
                rs.getObject("last_seen", OffsetDateTime.class).toInstant(),
                success == null ? null : success.toInstant(), rs.getInt("failures"),
                decode(rs.getString("attributes")));
    }

    /** An offset date-time, not a Timestamp: H2 would pass a Timestamp through the session's local time. */
    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    // attributes: "key=value" lines joined by '\n'; KnownHost guarantees keys without '=' and values without breaks
    static String encode(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    static Map<String, String> decode(String text) {
        Map<String, String> attributes = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return attributes;
        }
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                attributes.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return attributes;
    }
}
