package org.crossnet.adapter.gnutella.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crossnet.adapter.gnutella.codec.Bye;
import org.crossnet.adapter.gnutella.codec.Guid;
import org.crossnet.adapter.gnutella.codec.Message;
import org.crossnet.adapter.gnutella.codec.Ping;
import org.crossnet.adapter.gnutella.codec.Query;
import org.junit.jupiter.api.Test;

/** Reply routes with expiry, the query rate limit and the outbound queue's drop policy. */
class RoutingPrimitivesTest {
    @Test
    void routesSuppressDuplicatesAndExpireAfterTwoLifetimes() {
        RouteTable<String> t = new RouteTable<>(1000, 100, 0);
        Guid g = Guid.random();
        assertThat(t.add(g, "a", 0)).isTrue();
        assertThat(t.add(g, "b", 10)).as("duplicate").isFalse();
        assertThat(t.get(g, 500).target()).isEqualTo("a");
        assertThat(t.get(g, 1500)).as("one lifetime: still in the old generation").isNotNull();
        assertThat(t.get(g, 2600)).as("two lifetimes: gone").isNull();
        assertThat(t.add(g, "c", 2600)).isTrue();
    }

    @Test
    void routesAreBoundedAndForgetClosedTargets() {
        RouteTable<String> t = new RouteTable<>(60_000, 10, 0);
        List<Guid> guids = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            Guid g = Guid.random();
            guids.add(g);
            t.add(g, i % 2 == 0 ? "even" : "odd", 1);
        }
        assertThat(t.size()).isLessThanOrEqualTo(20);
        assertThat(t.get(guids.get(0), 1)).as("the oldest were dropped").isNull();
        t.removeTargets("odd"::equals);
        assertThat(t.get(guids.get(34), 1).target()).isEqualTo("even");
        assertThat(t.get(guids.get(33), 1)).isNull();
        RouteTable.Route<String> r = t.get(guids.get(34), 1);
        r.countReplies(3);
        assertThat(t.get(guids.get(34), 1).replies()).isEqualTo(3);
    }

    @Test
    void rateLimiterAllowsBurstsDropsExcessAndCutsFloods() {
        long second = 1_000_000_000L;
        RateLimiter r = new RateLimiter(5, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(r.offer(0)).isEqualTo(RateLimiter.Verdict.ACCEPT);
        }
        assertThat(r.offer(0)).isEqualTo(RateLimiter.Verdict.DROP);
        assertThat(r.offer(second)).as("tokens refill at the rate").isEqualTo(RateLimiter.Verdict.ACCEPT);
        // A peer staying within its rate is never cut.
        RateLimiter fair = new RateLimiter(5, 10, 0);
        for (int i = 0; i < 500; i++) {
            assertThat(fair.offer(i * second / 5)).isEqualTo(RateLimiter.Verdict.ACCEPT);
        }
        // A flood: everything within a millisecond.
        RateLimiter flood = new RateLimiter(5, 10, 0);
        RateLimiter.Verdict last = null;
        int n = 0;
        while (last != RateLimiter.Verdict.CUT && n < 1000) {
            last = flood.offer(n++ * 1000L);
        }
        assertThat(last).isEqualTo(RateLimiter.Verdict.CUT);
        assertThat(n).isBetween(30, 40);
    }

    /** A socket buffer that takes {@code room} more messages, then is full until the test makes room. */
    private static final class FakeSink implements OutboundQueue.Sink {
        int room = Integer.MAX_VALUE;
        final List<Message> written = new ArrayList<>();

        @Override
        public boolean writable() {
            return room > 0;
        }

        @Override
        public void write(Message message) {
            written.add(message);
            room--;
        }

        @Override
        public void flush() {
        }
    }

    @Test
    void queueSendsAtOnceWhileWritableAndDropsOldestWhenFull() {
        FakeSink sink = new FakeSink();
        OutboundQueue q = new OutboundQueue(sink, 2, 3, 3);
        Message ping = Message.originate(1, Ping.plain());
        assertThat(q.offer(ping)).isEqualTo(OutboundQueue.Result.SENT);
        sink.room = 0;
        List<Message> queries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Message m = Message.originate(3, Query.of(0x8000, "q" + i));
            queries.add(m);
            OutboundQueue.Result r = q.offer(m);
            assertThat(r).isEqualTo(i < 3 ? OutboundQueue.Result.QUEUED : OutboundQueue.Result.DROPPED_OLDEST);
        }
        assertThat(q.dropped()).isEqualTo(2);
        Message bye = Message.originate(1, Bye.of(200, "x"));
        assertThat(q.offer(bye)).isEqualTo(OutboundQueue.Result.QUEUED);
        sink.room = 2;
        q.drain();
        // Control first, then the oldest query still queued (the two oldest were dropped).
        assertThat(sink.written).containsExactly(ping, bye, queries.get(2));
        sink.room = 10;
        q.drain();
        assertThat(sink.written).containsExactly(ping, bye, queries.get(2), queries.get(3), queries.get(4));
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void fullControlQueueOverflows() {
        FakeSink sink = new FakeSink();
        sink.room = 0;
        OutboundQueue q = new OutboundQueue(sink, 2, 3, 3);
        q.offer(Message.originate(1, Bye.of(200, "a")));
        q.offer(Message.originate(1, Bye.of(200, "b")));
        assertThat(q.offer(Message.originate(1, Bye.of(200, "c")))).isEqualTo(OutboundQueue.Result.OVERFLOW);
    }
}
