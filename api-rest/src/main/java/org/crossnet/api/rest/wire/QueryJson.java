package org.crossnet.api.rest.wire;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchQuery;

/**
 * The {@code query} wire form, the body of search.start. Every member but {@code keywords} is optional:
 * {@code minSize} 0, {@code maxSize} unbounded, {@code media} ANY, {@code networks} every enabled network.
 */
public record QueryJson(List<String> keywords, Long minSize, Long maxSize, String media, List<String> networks) {

    /** The model query; throws an INVALID_ARGUMENT GatewayException naming the first bad member. */
    public SearchQuery toQuery() {
        MediaType mediaType = media == null ? MediaType.ANY : mediaType(media);
        Set<NetworkId> ids = new LinkedHashSet<>();
        if (networks != null) {
            for (String network : networks) {
                ids.add(Arguments.networkId(network));
            }
        }
        long min = minSize == null ? 0 : minSize;
        long max = maxSize == null ? Long.MAX_VALUE : maxSize;
        return Arguments.parse(() -> new SearchQuery(keywords, min, max, mediaType, ids));
    }

    private static MediaType mediaType(String text) {
        for (MediaType type : MediaType.values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        throw GatewayException.invalid("media", text, "one of " + Arrays.toString(MediaType.values()));
    }
}
