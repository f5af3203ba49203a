package org.crossnet.api.rest;

import org.crossnet.api.rest.wire.EventPageJson;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * event.poll, as one JSON page or as a Server-Sent Event stream. Both live at {@code GET /events}; the stream is
 * chosen by {@code Accept: text/event-stream} (the JSON handler declares no {@code produces} so that it stays the
 * preferred match for {@code Accept: *}{@code /*}).
 */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH + "/events")
final class EventController {
    private final GatewayService service;
    private final EventStreams streams;

    EventController(GatewayService service, EventStreams streams) {
        this.service = service;
        this.streams = streams;
    }

    @GetMapping
    @ApiOperation(Operation.EVENT_POLL)
    EventPageJson poll(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit,
                       @RequestParam(defaultValue = "0") long wait) {
        return EventPageJson.of(service.eventPoll(after, limit, wait));
    }

    /**
     * Streams events after the {@code Last-Event-ID} header (sent by a reconnecting EventSource) or else after
     * {@code ?after=}; without either, from the oldest event still buffered.
     */
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiOperation(value = Operation.EVENT_POLL, stream = true)
    SseEmitter stream(@RequestParam(defaultValue = "0") long after,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long cursor = after;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                cursor = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                cursor = -1;
            }
            if (cursor < 0) {
                throw GatewayException.invalid("Last-Event-ID", JsonErrors.shown(lastEventId), "an event id >= 0");
            }
        }
        if (after < 0) {
            throw GatewayException.invalid("after", after, "an event id >= 0");
        }
        return streams.open(cursor);
    }
}
