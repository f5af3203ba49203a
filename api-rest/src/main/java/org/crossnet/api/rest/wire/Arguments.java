package org.crossnet.api.rest.wire;

import java.util.function.Supplier;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;

/**
 * Turns request text into the model's typed identifiers. The model's constructors already reject bad values with
 * {@code "field: value (expected: …)"} messages; this class carries those messages to the client as
 * {@link GatewayErrorCode#INVALID_ARGUMENT} instead of letting an IllegalArgumentException look like a server fault.
 */
public final class Arguments {
    private Arguments() {
    }

    public static TransferId transferId(String text) {
        return parse(() -> TransferId.parse(text));
    }

    public static ShareId shareId(String text) {
        return parse(() -> ShareId.parse(text));
    }

    public static SearchId searchId(String text) {
        return parse(() -> SearchId.parse(text));
    }

    public static NetworkId networkId(String text) {
        return parse(() -> new NetworkId(text));
    }

    /** Runs a model constructor or parser, reporting its IllegalArgumentException as an invalid argument. */
    static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }
}
