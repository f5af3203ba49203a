package org.crossnet.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crossnet.engine.facade.EventPage;
import org.crossnet.engine.facade.EventRecord;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.ShareId;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneOffset.UTC);

    private static GatewayEvent event() {
        return new GatewayEvent.ShareRemoved(ShareId.random());
    }

    @Test
    void idsIncreaseAndPollResumesFromCursor() throws InterruptedException {
        EventBus bus = new EventBus(CLOCK, 100, 0);
        long before = bus.lastId();
        for (int i = 0; i < 5; i++) {
            bus.publish(event());
        }
        EventPage all = bus.poll(before, 100, 0);
        assertThat(all.events()).hasSize(5);
        assertThat(all.events()).extracting(EventRecord::id).isSorted().doesNotHaveDuplicates();
        assertThat(all.events().get(0).id()).isEqualTo(before + 1);
        EventPage rest = bus.poll(all.events().get(2).id(), 100, 0);
        assertThat(rest.events()).extracting(EventRecord::id)
                .containsExactly(all.events().get(3).id(), all.events().get(4).id());
        assertThat(rest.next()).isEqualTo(all.events().get(4).id());
        assertThat(rest.gap()).isFalse();
    }

    @Test
    void limitCutsThePageAndNextContinues() throws InterruptedException {
        EventBus bus = new EventBus(CLOCK, 100, 0);
        long start = bus.lastId();
        for (int i = 0; i < 10; i++) {
            bus.publish(event());
        }
        EventPage first = bus.poll(start, 4, 0);
        EventPage second = bus.poll(first.next(), 4, 0);
        assertThat(first.events()).hasSize(4);
        assertThat(second.events()).hasSize(4);
        assertThat(second.events().get(0).id()).isEqualTo(first.next() + 1);
    }

    @Test
    void idsContinueAboveThePreviousRunsLastId() {
        EventBus first = new EventBus(CLOCK, 100, 0);
        first.publish(event());
        long last = first.lastId();
        EventBus second = new EventBus(CLOCK, 100, last);
        second.publish(event());
        assertThat(second.lastId()).isGreaterThan(last);
        // a previous run far ahead of the clock still wins
        EventBus third = new EventBus(CLOCK, 100, last + 1_000_000_000L);
        third.publish(event());
        assertThat(third.lastId()).isEqualTo(last + 1_000_000_001L);
    }

    @Test
    void reportsAGapWhenTheRingDroppedEventsAfterTheCursor() throws InterruptedException {
        EventBus bus = new EventBus(CLOCK, 16, 0);
        long start = bus.lastId();
        for (int i = 0; i < 20; i++) {
            bus.publish(event());
        }
        EventPage page = bus.poll(start, 100, 0);
        assertThat(page.gap()).isTrue();
        assertThat(page.events()).hasSize(16);
        assertThat(bus.poll(page.events().get(0).id(), 100, 0).gap()).isFalse();
    }

    @Test
    void pollWaitsForTheNextEvent() throws Exception {
        EventBus bus = new EventBus(Clock.systemUTC(), 100, 0);
        long cursor = bus.lastId();
        CompletableFuture<EventPage> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return bus.poll(cursor, 10, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        bus.publish(event());
        assertThat(waiting.get(5, TimeUnit.SECONDS).events()).hasSize(1);
    }

    @Test
    void emptyPollReturnsTheCursorAsNext() throws InterruptedException {
        EventBus bus = new EventBus(CLOCK, 100, 0);
        long cursor = bus.lastId();
        EventPage page = bus.poll(cursor, 10, 0);
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(cursor);
    }
}
