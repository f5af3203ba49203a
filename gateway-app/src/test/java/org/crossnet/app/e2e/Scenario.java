package org.crossnet.app.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cross-API scenario: the steps every client runs (the Python scripts under {@code src/test/resources/e2e}
 * run the same steps, member for member), and the normalisation that removes what legitimately differs between
 * runs so that the rest can be compared as a whole.
 */
final class Scenario {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Scenario() {
    }

    /**
     * gateway.info; network.list; share.add, share.get until hashed; share.links; search.start, search.results until
     * finished; search.stop; transfer.list; event.poll from 0. The result's members are named after the steps.
     */
    static ObjectNode run(GatewayOps ops, String sharePath, String keyword) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("info", ops.gatewayInfo());
        out.set("networks", ops.networkList());
        out.set("shareAdd", ops.shareAdd(sharePath));
        String share = out.get("shareAdd").get(0).get("id").asString();
        out.set("share", poll(() -> ops.shareGet(share), s -> !s.get("state").asString().equals("HASHING"),
                "share " + share + " hashed"));
        out.set("links", ops.shareLinks(share));
        JsonNode search = ops.searchStart(keyword);
        out.set("searchStarted", search);
        String id = search.get("id").asString();
        out.set("results", poll(() -> ops.searchResults(id),
                r -> !r.get("search").get("state").asString().equals("RUNNING"), "search " + id + " finished"));
        out.set("searchStopped", ops.searchStop(id));
        out.set("transfers", ops.transferList());
        out.set("events", ops.eventPoll(0));
        return out;
    }

    /** Calls {@code call} until {@code done} holds, at most {@link #TIMEOUT}. */
    static JsonNode poll(Supplier<JsonNode> call, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode value = call.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; last: " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * The wire form with client representation differences removed: null members dropped (zeep reports absent
     * elements as null), and an event's SOAP {@code data} ({@code {"field":[{"name":…,"value":…}]}}) turned into the
     * name → value object XML-RPC and REST send. Numbers are compared by value, not by Java type.
     */
    static JsonNode wireForm(JsonNode raw) {
        JsonNode copy = RestOps.JSON.readTree(RestOps.JSON.writeValueAsString(raw));
        return clean(copy);
    }

    private static JsonNode clean(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>(object.propertyNames());
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isNull()) {
                    object.remove(name);
                } else if (name.equals("data") && value.isObject() && value.has("field")) {
                    ObjectNode data = JsonNodeFactory.instance.objectNode();
                    for (JsonNode field : value.get("field")) {
                        data.put(field.get("name").asString(), field.get("value").asString());
                    }
                    object.set(name, data);
                } else {
                    object.set(name, clean(value));
                }
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, clean(array.get(i)));
            }
        }
        return node;
    }

    /**
     * What must be identical across clients, from one client's (wire-form) scenario result: everything except
     * what depends on when or in which order the clients ran:
     * <ul>
     *   <li>{@code info.lastEventId} (grows with every client's calls) and {@code info.shares} (0 for the client
     *       that runs first: it calls gateway.info before anyone has shared);</li>
     *   <li>{@code networks[].detail} (a status line counting searches so far);</li>
     *   <li>of {@code shareAdd} only id, path, name and size (the first client sees HASHING, later ones READY);</li>
     *   <li>search ids and start times (each client starts its own search), and the state right after
     *       search.start (the scripted network may already have answered);</li>
     *   <li>events after {@code eventCutoff} (the earliest client saw only those before it).</li>
     * </ul>
     */
    static ObjectNode comparable(JsonNode wire, long eventCutoff) {
        ObjectNode out = (ObjectNode) wire.deepCopy();
        ((ObjectNode) out.get("info")).remove(List.of("lastEventId", "shares"));
        out.get("networks").forEach(n -> ((ObjectNode) n).remove("detail"));
        ArrayNode added = JsonNodeFactory.instance.arrayNode();
        for (JsonNode share : out.get("shareAdd")) {
            ObjectNode kept = added.addObject();
            for (String name : List.of("id", "path", "name", "size")) {
                kept.set(name, share.get(name));
            }
        }
        out.set("shareAdd", added);
        ObjectNode started = JsonNodeFactory.instance.objectNode();
        started.set("keywords", out.get("searchStarted").get("keywords"));
        out.set("searchStarted", started);
        for (ObjectNode search : List.of((ObjectNode) out.get("results").get("search"),
                (ObjectNode) out.get("searchStopped"))) {
            search.remove(List.of("id", "startedAt"));
        }
        ObjectNode events = (ObjectNode) out.get("events");
        ArrayNode list = (ArrayNode) events.get("events");
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
            if (it.next().get("id").asLong() > eventCutoff) {
                it.remove();
            }
        }
        events.remove(List.of("next"));
        return out;
    }

    /** The id of the last event a scenario result saw. */
    static long lastEventSeen(JsonNode wire) {
        return wire.get("events").get("next").asLong();
    }
}
