package org.crossnet.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/events as Server-Sent Events: ids, types and JSON data per event, resumption after Last-Event-ID or
 * ?after=, keep-alive comments, the cap on concurrent streams and its release when a client leaves. The test
 * configuration allows 2 streams and sends a keep-alive after 300 ms without events.
 */
class EventStreamTest extends RestApiTestBase {
    private static final String END = "\u0000end";

    @Autowired
    EventStreams streams;

    private final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void noStreamLeftFromEarlierTests() {
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 0);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    @Test
    void eventsArriveWithIdTypeAndTheJsonWireForm() throws Exception {
        TransferId transfer = TransferId.random();
        fake.publish(new GatewayEvent.TransferRemoved(transfer, true));
        fake.publish(new GatewayEvent.ShareHashing(new ShareId(transfer.value()), 10, 20));
        SseClient client = open("/api/v1/events", null);
        assertThat(client.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));

        Map<String, String> first = client.nextEvent();
        assertThat(first).containsEntry("id", "1").containsEntry("event", "transfer.removed");
        assertThat(JSON.readTree(first.get("data"))).isEqualTo(JSON.readTree("{\"id\":1,\"at\":"
                + "\"2026-11-25T18:00:01Z\",\"type\":\"transfer.removed\",\"data\":{\"dataDeleted\":\"true\","
                + "\"transfer\":\"" + transfer + "\"}}"));
        Map<String, String> second = client.nextEvent();
        assertThat(second).containsEntry("id", "2").containsEntry("event", "share.hashing");
        JsonNode data = JSON.readTree(second.get("data")).get("data");
        assertThat(data.get("bytesHashed").asString()).isEqualTo("10");

        // Live: an event published while the stream waits arrives without reconnecting.
        fake.publish(new GatewayEvent.ShareRemoved(new ShareId(transfer.value())));
        assertThat(client.nextEvent()).containsEntry("id", "3").containsEntry("event", "share.removed");
    }

    @Test
    void resumesAfterLastEventIdWhichWinsOverTheQueryCursor() throws Exception {
        for (int i = 0; i < 4; i++) {
            fake.publish(new GatewayEvent.ShareRemoved(ShareId.random()));
        }
        SseClient client = open("/api/v1/events?after=0", "2");
        assertThat(client.nextEvent()).containsEntry("id", "3");
        assertThat(client.nextEvent()).containsEntry("id", "4");
        assertThat(fake.calls).contains(List.of("eventPoll", 2L, 100, 300L));
        assertThat(fake.calls).doesNotContain(List.of("eventPoll", 0L, 100, 300L));
    }

    @Test
    void resumesAfterTheQueryCursor() throws Exception {
        for (int i = 0; i < 3; i++) {
            fake.publish(new GatewayEvent.ShareRemoved(ShareId.random()));
        }
        SseClient client = open("/api/v1/events?after=2", null);
        assertThat(client.nextEvent()).containsEntry("id", "3");
    }

    @Test
    void quietStreamsSendKeepAliveComments() throws Exception {
        SseClient client = open("/api/v1/events", null);
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!seen.contains(":keep-alive") && System.nanoTime() < deadline) {
            String line = client.lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
            }
        }
        assertThat(seen).contains("retry:3000", ":keep-alive");
    }

    @Test
    void streamsBeyondTheCapAreRefusedAndALeavingClientFreesItsSlot() throws Exception {
        SseClient one = open("/api/v1/events", null);
        open("/api/v1/events", null);
        HttpResponse<String> third = send(request("/api/v1/events").header("Accept", "text/event-stream").GET()
                .build());
        JsonNode body = problem(third, 503, "UNAVAILABLE", 104);
        assertThat(body.get("detail").asString()).startsWith("event streams: 2 open (expected: at most 2 at once");

        one.close();
        // The next keep-alive write to the vanished client fails and frees the slot.
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
        SseClient again = open("/api/v1/events", null);
        assertThat(again.response.statusCode()).isEqualTo(200);
    }

    @Test
    void badLastEventIdIsAProblem() {
        HttpResponse<String> response = send(request("/api/v1/events").header("Accept", "text/event-stream")
                .header("Last-Event-ID", "abc").GET().build());
        assertThat(problem(response, 400, "INVALID_ARGUMENT", 100).get("detail").asString())
                .isEqualTo("Last-Event-ID: \"abc\" (expected: an event id >= 0)");
    }

    @Test
    void withoutAnAcceptHeaderEventsAreTheJsonPoll() {
        fake.publish(new GatewayEvent.ShareRemoved(ShareId.random()));
        JsonNode page = json(send(request("/api/v1/events").GET().build()), 200);
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.get("next").asLong()).isEqualTo(1);
    }

    private SseClient open(String path, String lastEventId) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        SseClient client = new SseClient(response);
        clients.add(client);
        return client;
    }

    /** Reads the stream's lines on its own thread so that tests can wait with a timeout. */
    private static final class SseClient {
        final HttpResponse<InputStream> response;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        SseClient(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by the test
                } finally {
                    lines.add(END);
                }
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The fields of the next event (comments and events without data skipped). */
        Map<String, String> nextEvent() throws InterruptedException {
            Map<String, String> fields = new LinkedHashMap<>();
            while (true) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("next line of the stream").isNotNull().isNotEqualTo(END);
                if (line.isEmpty()) {
                    if (fields.containsKey("data")) {
                        return fields;
                    }
                    fields.clear();
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    fields.merge(line.substring(0, colon), line.substring(colon + 1), (a, b) -> a + "\n" + b);
                }
            }
        }

        void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
            reader.interrupt();
        }
    }
}
