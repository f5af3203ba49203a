package org.crossnet.spi.error;

/**
 * Stable error codes shared by every front-end: the number is the XML-RPC faultCode, the SOAP fault detail code and
 * the {@code code} member of a REST problem. Numbers never change once released; new codes get new numbers.
 * Adapters report protocol-specific detail in {@link GatewayException#detailCode()} within
 * {@link #ADAPTER_DETAIL_MIN}..{@link #ADAPTER_DETAIL_MAX}.
 */
public enum GatewayErrorCode {
    /** A request argument is missing, malformed or out of range. */
    INVALID_ARGUMENT(100, 400),
    /** The named entity (transfer, share, search, network) does not exist. */
    NOT_FOUND(101, 404),
    /** The request conflicts with current state (already shared, already added, wrong state). */
    CONFLICT(102, 409),
    /** The operation is not supported by the target (e.g. a network without search). */
    UNSUPPORTED(103, 422),
    /** The target is temporarily unable to serve (network disabled or not started). */
    UNAVAILABLE(104, 503),
    /** The caller did not present a valid token. */
    UNAUTHENTICATED(105, 401),
    /** A size, count or rate limit was exceeded. */
    LIMIT_EXCEEDED(106, 413),
    /** A fault inside the gateway; details are logged, never returned. */
    INTERNAL(199, 500);

    /** Lowest detail code reserved for adapters. */
    public static final int ADAPTER_DETAIL_MIN = 10_000;
    /** Highest detail code reserved for adapters. */
    public static final int ADAPTER_DETAIL_MAX = 19_999;

    private final int number;
    private final int httpStatus;

    GatewayErrorCode(int number, int httpStatus) {
        this.number = number;
        this.httpStatus = httpStatus;
    }

    /** The stable number clients may switch on. */
    public int number() {
        return number;
    }

    /** The HTTP status REST answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code for a number, or {@link #INTERNAL} when unknown. */
    public static GatewayErrorCode ofNumber(int number) {
        for (GatewayErrorCode code : values()) {
            if (code.number == number) {
                return code;
            }
        }
        return INTERNAL;
    }
}
