package org.crossnet.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The known-host table (migration V4) through {@link HostRepository}, once on H2 and once on PostgreSQL: every column
 * round-trips, rows are upserted by (network, host, port), loads come best first, each network is bounded by evicting
 * its worst rows. Sessions run in Europe/Berlin and times sit in the autumn overlap, so a trip through local time
 * would show as an hour's error.
 */
class HostRepositoryTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final String SESSION_ZONE = "Europe/Berlin";
    private static final Instant FIRST_0230 = Instant.parse("2024-10-27T00:30:00.654321Z");
    private static final Instant SECOND_0230 = Instant.parse("2024-10-27T01:30:00.123456Z");
    private static final NetworkId GNUTELLA = new NetworkId("gnutella");
    private static final NetworkId EDONKEY = new NetworkId("edonkey");
    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    @TempDir
    static Path h2Folder;

    static Stream<Named<Supplier<DataSource>>> catalogues() {
        return Stream.of(Named.of("H2", HostRepositoryTest::h2), Named.of("PostgreSQL", HostRepositoryTest::postgres));
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + h2Folder.resolve("hosts-" + H2_DATABASES.incrementAndGet())
                + ";DB_CLOSE_ON_EXIT=FALSE;TIME ZONE=" + SESSION_ZONE);
        ds.setUser("sa");
        return ds;
    }

    private static DataSource postgres() {
        PGSimpleDataSource ds = POSTGRES.newDatabase();
        ds.setOptions("-c TimeZone=" + SESSION_ZONE);
        return ds;
    }

    private static KnownHost host(String address, int failures, Instant success, Instant seen) {
        return new KnownHost(PeerAddress.parse("host", address), "ultrapeer", seen, success, failures, Map.of());
    }

    private static Instant t(long seconds) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds);
    }

    private static KnownHost millis(KnownHost h) {
        return new KnownHost(h.address(), h.kind(), h.lastSeen().truncatedTo(ChronoUnit.MILLIS),
                h.lastSuccess() == null ? null : h.lastSuccess().truncatedTo(ChronoUnit.MILLIS), h.failures(),
                h.attributes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void everyColumnRoundTripsToTheMillisecond(Supplier<DataSource> catalogue) {
        HostRepository hosts = new HostRepository(Database.migrate(catalogue.get()));
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < KnownHost.MAX_ATTRIBUTES; i++) {
            attributes.put("k" + i + "-x_y.z".repeat(4),
                    ("é音=|" + i).repeat(40).substring(0, KnownHost.MAX_VALUE_LENGTH));
        }
        String longName = ("a".repeat(62) + ".").repeat(4).substring(0, KnownHost.MAX_HOST_LENGTH - 4) + ".net";
        List<KnownHost> saved = List.of(
                new KnownHost(new PeerAddress("198.51.100.7", 6346), "ultrapeer", FIRST_0230, SECOND_0230, 0,
                        attributes),
                new KnownHost(new PeerAddress("2001:db8::1", 65535), "leaf", SECOND_0230, null, 7, Map.of("v", "")),
                new KnownHost(new PeerAddress(longName, 1), "server", FIRST_0230, FIRST_0230,
                        KnownHost.MAX_FAILURES, Map.of()));

        hosts.save(GNUTELLA, saved);

        List<KnownHost> loaded = hosts.load(GNUTELLA, 10);
        assertThat(loaded).containsExactlyElementsOf(saved.stream().map(HostRepositoryTest::millis).toList());
        assertThat(loaded.get(0).lastSeen()).isEqualTo(Instant.parse("2024-10-27T00:30:00.654Z"));
        assertThat(loaded.get(0).attributes()).isEqualTo(attributes);
        assertThat(hosts.load(EDONKEY, 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void aSaveReplacesTheRowOfTheSameAddressInItsNetworkOnly(Supplier<DataSource> catalogue) {
        HostRepository hosts = new HostRepository(Database.migrate(catalogue.get()));
        KnownHost first = host("198.51.100.1:6346", 3, null, t(10));
        hosts.save(GNUTELLA, List.of(first));
        hosts.save(EDONKEY, List.of(new KnownHost(first.address(), "server", t(5), t(5), 0, Map.of("name", "x"))));

        KnownHost replaced = new KnownHost(first.address(), "leaf", t(20), t(20), 0, Map.of("vendor", "GTKG"));
        KnownHost earlierInTheSameCall = host("198.51.100.2:6346", 9, null, t(1));
        KnownHost laterInTheSameCall = host("198.51.100.2:6346", 1, null, t(2));
        hosts.save(GNUTELLA, List.of(replaced, earlierInTheSameCall, laterInTheSameCall));

        assertThat(hosts.load(GNUTELLA, 10)).containsExactly(replaced, laterInTheSameCall);
        assertThat(hosts.load(EDONKEY, 10)).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo("server");
            assertThat(h.attributes()).containsEntry("name", "x");
        });
        assertThat(hosts.count(GNUTELLA)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void loadsBestFirstAndHonoursTheLimit(Supplier<DataSource> catalogue) {
        HostRepository hosts = new HostRepository(Database.migrate(catalogue.get()));
        List<KnownHost> all = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            // few distinct values, so every tie-break of the ranking is exercised
            all.add(host("198.51.100." + (i % 20 + 1) + ":" + (6346 + i / 20), random.nextInt(3),
                    random.nextBoolean() ? null : t(random.nextInt(3)), t(random.nextInt(3))));
        }
        Collections.shuffle(all, random);
        hosts.save(GNUTELLA, all);

        List<KnownHost> expected = new ArrayList<>(all);
        expected.sort(KnownHost.BEST_FIRST);
        assertThat(hosts.load(GNUTELLA, 100)).containsExactlyElementsOf(expected);
        assertThat(hosts.load(GNUTELLA, 5)).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(hosts.load(GNUTELLA, 0)).isEmpty();
        assertThatThrownBy(() -> hosts.load(GNUTELLA, -1)).hasMessage("limit: -1 (expected: 0 or more)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void eachNetworkIsBoundedByEvictingItsWorstHosts(Supplier<DataSource> catalogue) {
        HostRepository hosts = new HostRepository(Database.migrate(catalogue.get()), 3);
        KnownHost reached = host("198.51.100.1:1", 0, t(100), t(100));
        KnownHost fresh = host("198.51.100.2:1", 0, null, t(200));
        KnownHost stale = host("198.51.100.3:1", 0, null, t(50));
        KnownHost failing = host("198.51.100.4:1", 2, t(300), t(300));
        KnownHost failingMore = host("198.51.100.5:1", 5, null, t(400));
        hosts.save(EDONKEY, List.of(failingMore));
        hosts.save(GNUTELLA, List.of(failingMore, failing, stale));

        hosts.save(GNUTELLA, List.of(reached, fresh));

        assertThat(hosts.load(GNUTELLA, 10)).containsExactly(reached, fresh, stale);
        // a host worse than every kept one is evicted by its own save
        hosts.save(GNUTELLA, List.of(failing));
        assertThat(hosts.load(GNUTELLA, 10)).containsExactly(reached, fresh, stale);
        assertThat(hosts.load(EDONKEY, 10)).as("another network's rows").containsExactly(failingMore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void removeForgetsTheAddressesOfItsNetwork(Supplier<DataSource> catalogue) {
        HostRepository hosts = new HostRepository(Database.migrate(catalogue.get()));
        KnownHost a = host("198.51.100.1:6346", 0, null, t(1));
        KnownHost b = host("[2001:db8::2]:6346", 0, null, t(2));
        hosts.save(GNUTELLA, List.of(a, b));
        hosts.save(EDONKEY, List.of(a));

        hosts.remove(GNUTELLA, List.of(a.address(), a.address(), new PeerAddress("198.51.100.9", 1)));

        assertThat(hosts.load(GNUTELLA, 10)).containsExactly(b);
        assertThat(hosts.load(EDONKEY, 10)).containsExactly(a);
    }
}
