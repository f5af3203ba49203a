package org.crossnet.api.rest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST front-end, under {@code crossnet.api.rest.*}.
 *
 * @param maxEventStreams  concurrent Server-Sent Event streams; more are refused with 503 (UNAVAILABLE)
 * @param eventKeepAlive   how long a stream waits for events before it sends a keep-alive comment; also bounds
 *                         how late a closed client is noticed
 * @param maxTorrentSize   largest .torrent accepted by transfer.addTorrent (raw; base64 JSON may be 4/3 of it)
 * @param maxJsonBody      largest JSON request body of the other operations
 */
@ConfigurationProperties("crossnet.api.rest")
public record RestApiProperties(@DefaultValue("32") int maxEventStreams,
                                @DefaultValue("15s") Duration eventKeepAlive,
                                @DefaultValue("10MB") DataSize maxTorrentSize,
                                @DefaultValue("64KB") DataSize maxJsonBody) {
    public RestApiProperties {
        if (maxEventStreams < 1 || maxEventStreams > 1024) {
            throw new IllegalArgumentException("crossnet.api.rest.max-event-streams: " + maxEventStreams
                    + " (expected: 1..1024)");
        }
        if (eventKeepAlive.compareTo(Duration.ofMillis(10)) < 0 || eventKeepAlive.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("crossnet.api.rest.event-keep-alive: " + eventKeepAlive
                    + " (expected: 10ms..30s; the facade waits at most 30 s)");
        }
        if (maxTorrentSize.toBytes() < 1 || maxTorrentSize.toBytes() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("crossnet.api.rest.max-torrent-size: " + maxTorrentSize
                    + " (expected: 1B..1GB)");
        }
        if (maxJsonBody.toBytes() < 1) {
            throw new IllegalArgumentException("crossnet.api.rest.max-json-body: " + maxJsonBody
                    + " (expected: at least 1B)");
        }
    }
}
