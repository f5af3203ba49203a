package org.crossnet.adapter.gnutella.ultrapeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.Pong;
import org.junit.jupiter.api.Test;

/** Dynamic query steps and the pong cache. */
class UltrapeerPartsTest {
    private static final long STEP = 100;

    @Test
    void probesMatchingConnectionsThenWidensOneByOne() {
        DynamicQuery<String> q = new DynamicQuery<>(10, 4, 3, STEP, 10_000, 0);
        List<String> ups = List.of("a", "b", "c", "d", "e", "f");
        // The probe (TTL 1) goes only where a last-hop table can match: b and d cannot.
        assertThat(q.step(ups, 0, c -> !c.equals("b") && !c.equals("d"), 0)).containsExactly(
                new DynamicQuery.Send<>("a", 1), new DynamicQuery.Send<>("c", 1), new DynamicQuery.Send<>("e", 1));
        assertThat(q.step(ups, 0, c -> true, 50)).as("not before the step time").isEmpty();
        assertThat(q.step(ups, 2, c -> true, 100)).containsExactly(new DynamicQuery.Send<>("b", 2));
        assertThat(q.step(ups, 2, c -> true, 200)).containsExactly(new DynamicQuery.Send<>("d", 2));
        assertThat(q.step(ups, 2, c -> true, 300)).containsExactly(new DynamicQuery.Send<>("f", 3));
        assertThat(q.step(ups, 2, c -> true, 400)).as("everyone asked").isEmpty();
        assertThat(q.finished()).isTrue();
    }

    @Test
    void stopsOnEnoughResultsOrTime() {
        DynamicQuery<String> enough = new DynamicQuery<>(10, 4, 3, STEP, 10_000, 0);
        enough.step(List.of("a"), 0, c -> true, 0);
        assertThat(enough.step(List.of("a", "b"), 10, c -> true, 100)).isEmpty();
        assertThat(enough.finished()).isTrue();
        DynamicQuery<String> late = new DynamicQuery<>(10, 4, 3, STEP, 1000, 0);
        assertThat(late.step(List.of("a"), 0, c -> true, 1000)).isEmpty();
        assertThat(late.finished()).isTrue();
    }

    @Test
    void pongCacheServesFreshPongsFromOtherNeighbours() throws Exception {
        PongCache cache = new PongCache(3, 1000);
        Inet4Address a = (Inet4Address) InetAddress.getByName("10.0.0.1");
        Inet4Address b = (Inet4Address) InetAddress.getByName("10.0.0.2");
        Inet4Address c = (Inet4Address) InetAddress.getByName("10.0.0.3");
        Inet4Address d = (Inet4Address) InetAddress.getByName("10.0.0.4");
        cache.add(new Pong(1, a, 0, 0, null), 0, "n1", 0);
        cache.add(new Pong(1, b, 0, 0, null), 1, "n2", 0);
        cache.add(new Pong(1, c, 0, 0, null), 1, "n2", 500);
        assertThat(cache.fresh(10, "n2", 600)).extracting(e -> e.pong().address()).containsExactly(a);
        cache.add(new Pong(1, d, 0, 0, null), 0, "n1", 600);
        assertThat(cache.size()).as("capacity").isEqualTo(3);
        assertThat(cache.fresh(10, null, 1200)).as("the first two expired")
                .extracting(e -> e.pong().address()).containsExactly(c, d);
        cache.forget("n1");
        assertThat(cache.fresh(10, null, 1200)).extracting(e -> e.pong().address()).containsExactly(c);
    }
}
