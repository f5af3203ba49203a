package org.crossnet.api.rest.wire;

import java.time.Instant;

/** Times on the wire are ISO-8601 UTC strings, whatever the application's Jackson date settings are. */
final class Times {
    private Times() {
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
