package org.crossnet.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crossnet.engine.persistence.Database;
import org.crossnet.engine.persistence.HostRepository;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An adapter's view of the host table: its own network only, never on an event loop, inert after close. */
class GuardedHostStoreTest {
    private static final KnownHost HOST = KnownHost.seen(new PeerAddress("198.51.100.1", 6346), "ultrapeer",
            Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path temp;
    EventLoopGroup loops;
    HostRepository repository;

    @BeforeEach
    void open() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + temp.resolve("catalogue") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        repository = new HostRepository(Database.migrate(ds), 50);
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void eachAdapterSeesItsOwnNetwork() {
        GuardedHostStore gnutella = new GuardedHostStore(new NetworkId("gnutella"), repository, new AtomicBoolean(),
                loops);
        GuardedHostStore edonkey = new GuardedHostStore(new NetworkId("edonkey"), repository, new AtomicBoolean(),
                loops);

        gnutella.save(List.of(HOST));

        assertThat(gnutella.load(10)).containsExactly(HOST);
        assertThat(edonkey.load(10)).isEmpty();
        assertThat(gnutella.capacity()).isEqualTo(50);
        edonkey.remove(List.of(HOST.address()));
        assertThat(gnutella.load(10)).containsExactly(HOST);
    }

    @Test
    void callsOnAnEventLoopAreRefused() throws InterruptedException {
        GuardedHostStore store = new GuardedHostStore(new NetworkId("gnutella"), repository, new AtomicBoolean(),
                loops);
        for (Runnable call : List.<Runnable>of(() -> store.load(1), () -> store.save(List.of(HOST)),
                () -> store.remove(List.of(HOST.address())))) {
            assertThatThrownBy(() -> {
                try {
                    loops.next().submit(call).get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("(expected: a thread that may block");
        }
        assertThat(repository.count(new NetworkId("gnutella"))).isZero();
    }

    @Test
    void afterCloseWritesAreDroppedAndLoadsAreEmpty() {
        AtomicBoolean closed = new AtomicBoolean();
        GuardedHostStore store = new GuardedHostStore(new NetworkId("gnutella"), repository, closed, loops);
        store.save(List.of(HOST));
        closed.set(true);

        store.save(List.of(KnownHost.seen(new PeerAddress("198.51.100.2", 1), "leaf", Instant.EPOCH)));
        store.remove(List.of(HOST.address()));

        assertThat(store.load(10)).isEmpty();
        assertThat(repository.load(new NetworkId("gnutella"), 10)).containsExactly(HOST);
    }
}
