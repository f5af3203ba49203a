package org.crossnet.api.soap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;

/**
 * Parses SOAP arguments into model types before the facade is called, so that malformed input fails as
 * {@code INVALID_ARGUMENT} reading {@code "field: value (expected: …)"} and never reaches the engine.
 */
final class Arguments {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String UUID_EXPECTED = "a UUID like 123e4567-e89b-12d3-a456-426614174000";

    private Arguments() {
    }

    static NetworkId network(String field, String text) {
        try {
            return new NetworkId(text);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(field, text, "a network id matching [a-z][a-z0-9-]{1,31}");
        }
    }

    static TransferId transfer(String field, String text) {
        return new TransferId(uuid(field, text));
    }

    static ShareId share(String field, String text) {
        return new ShareId(uuid(field, text));
    }

    static SearchId search(String field, String text) {
        return new SearchId(uuid(field, text));
    }

    /** A present, non-blank string. */
    static String text(String field, String text, String expected) {
        if (text == null || text.isBlank()) {
            throw GatewayException.invalid(field, text == null ? null : "\"" + text + "\"", expected);
        }
        return text;
    }

    static byte[] bytes(String field, byte[] bytes, String expected) {
        if (bytes == null || bytes.length == 0) {
            throw GatewayException.invalid(field, bytes == null ? null : "0 bytes", expected);
        }
        return bytes;
    }

    static int nonNegative(String field, int value) {
        if (value < 0) {
            throw GatewayException.invalid(field, value, ">= 0");
        }
        return value;
    }

    /** The wire query with its documented defaults applied. */
    static SearchQuery query(Query query) {
        if (query == null) {
            throw GatewayException.invalid("query", null, "a query with 1.." + SearchQuery.MAX_KEYWORDS + " keywords");
        }
        MediaType media = media(query.getMedia());
        Set<NetworkId> networks = new HashSet<>();
        for (String id : query.getNetworks()) {
            networks.add(network("networks", id));
        }
        long minSize = query.getMinSize() == null ? 0 : query.getMinSize();
        long maxSize = query.getMaxSize() == null ? Long.MAX_VALUE : query.getMaxSize();
        try {
            return new SearchQuery(new ArrayList<>(query.getKeywords()), minSize, maxSize, media, networks);
        } catch (IllegalArgumentException e) {
            // SearchQuery's own messages already read "field: value (expected: …)" and carry only the input.
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    private static MediaType media(String text) {
        if (text == null) {
            return MediaType.ANY;
        }
        try {
            return MediaType.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("media", text, String.join("|", names(MediaType.values())));
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static UUID uuid(String field, String text) {
        if (text == null || !UUID_FORM.matcher(text).matches()) {
            throw GatewayException.invalid(field, text, UUID_EXPECTED);
        }
        return UUID.fromString(text);
    }
}
