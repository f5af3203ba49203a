package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.KnownHost;
import org.crossnet.spi.link.PeerAddress;
import org.crossnet.spi.model.NetworkId;
import org.junit.jupiter.api.Test;

/** The in-memory host store behaves as the gateway's; the context's view of it logs calls and refuses its loop. */
class InMemoryHostStoreTest {
    private static final NetworkId NET = new NetworkId("sample");

    private static KnownHost host(int n, int failures, Instant success, Instant seen) {
        return new KnownHost(new PeerAddress("198.51.100." + n, 6346), "ultrapeer", seen, success, failures, Map.of());
    }

    private static Instant t(long seconds) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds);
    }

    @Test
    void upsertsByAddressAndLoadsBestFirst() {
        InMemoryHostStore store = new InMemoryHostStore();
        List<KnownHost> all = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 1; i <= 40; i++) {
            all.add(host(i, random.nextInt(3), random.nextBoolean() ? null : t(random.nextInt(3)),
                    t(random.nextInt(3))));
        }
        Collections.shuffle(all, random);
        store.save(all);
        KnownHost replaced = new KnownHost(all.get(0).address(), "leaf", t(99), t(99), 0, Map.of("vendor", "GTKG"));
        store.save(List.of(replaced));

        List<KnownHost> expected = new ArrayList<>(all.subList(1, all.size()));
        expected.add(replaced);
        expected.sort(KnownHost.BEST_FIRST);
        assertThat(store.load(100)).containsExactlyElementsOf(expected).startsWith(replaced);
        assertThat(store.load(3)).containsExactlyElementsOf(expected.subList(0, 3));
        assertThat(store.size()).isEqualTo(40);
        assertThatThrownBy(() -> store.load(-1)).hasMessage("limit: -1 (expected: 0 or more)");
    }

    @Test
    void evictsTheWorstBeyondItsCapacityAndKeepsMilliseconds() {
        InMemoryHostStore store = new InMemoryHostStore(2);
        KnownHost reached = host(1, 0, t(1), t(1));
        KnownHost fresh = host(2, 0, null, Instant.parse("2026-01-01T00:00:05.123456789Z"));
        KnownHost failing = host(3, 4, t(9), t(9));
        store.save(List.of(failing, reached));
        store.save(List.of(fresh));

        assertThat(store.all()).extracting(KnownHost::address).containsExactly(reached.address(), fresh.address());
        assertThat(store.all().get(1).lastSeen()).isEqualTo(Instant.parse("2026-01-01T00:00:05.123Z"));
        store.remove(List.of(reached.address(), failing.address()));
        assertThat(store.all()).extracting(KnownHost::address).containsExactly(fresh.address());
    }

    @Test
    void theContextViewLogsCallsAndRefusesTheEventLoop() throws Exception {
        InMemoryHostStore shared = new InMemoryHostStore();
        try (TestAdapterContext first = new TestAdapterContext(NET, Clock.systemUTC(), shared);
             TestAdapterContext second = new TestAdapterContext(NET, Clock.systemUTC(), shared)) {
            first.hosts().save(List.of(host(1, 0, null, t(1))));
            assertThat(second.hosts().load(10)).as("a restart on the same store").hasSize(1);
            assertThat(first.log().calls("hosts")).extracting(CallLog.Call::method).containsExactly("save");

            CompletableFuture<Object> onLoop = new CompletableFuture<>();
            first.eventLoops().execute(() -> {
                try {
                    onLoop.complete(first.hosts().load(1));
                } catch (RuntimeException e) {
                    onLoop.completeExceptionally(e);
                }
            });
            assertThatThrownBy(() -> onLoop.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("calling hosts().load (expected: a thread that may block");

            first.markAdapterClosed();
            first.hosts().remove(List.of());
            assertThat(first.callsAfterClose()).extracting(CallLog.Call::target).contains("hosts");
        }
    }
}
